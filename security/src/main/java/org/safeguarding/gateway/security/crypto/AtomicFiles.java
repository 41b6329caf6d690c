package org.safeguarding.gateway.security.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Whole-file writes that a crash cannot leave half done: temp file in the same directory, fsync, rename. */
final class AtomicFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /**
     * Runs {@code work} holding an exclusive lock on {@code directory/.lock}, across processes: two gateway nodes starting
     * at once on a shared folder must not each create a key and go on with different ones.
     */
    static <T> T exclusively(Path directory, java.util.function.Supplier<T> work) {
        try {
            Files.createDirectories(directory);
            try (FileChannel lock = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var held = lock.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + directory, e);
        }
    }

    static void write(Path target, byte[] bytes, boolean ownerOnly) {
        Path file = target.toAbsolutePath();
        Path directory = file.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            boolean posix = supportsPosix(directory);
            // On POSIX file systems createTempFile makes the file 0600 from the start, so a key is never readable by others.
            temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, ownerOnly ? OWNER_ONLY : WORLD_READABLE);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure matters more than the leftover temp file
                }
            }
        }
    }

    /** Creates a directory readable by its owner only (where the file system has POSIX permissions). */
    static void createPrivateDirectory(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                return;
            }
            Files.createDirectories(directory.toAbsolutePath().getParent());
            if (supportsPosix(directory.toAbsolutePath().getParent())) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectory(directory);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile: fine
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static boolean supportsPosix(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Makes the rename itself durable; not every platform can open a directory, and then there is nothing to do. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort (Windows cannot open a directory as a channel)
        }
    }
}
