package org.safeguarding.gateway.server;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * The parts of H2's MVStore (2.5.252) that the gateway reaches past H2's public API for, in one place: its housekeeping
 * steps ({@link EmbeddedStoreHousekeeping}) and its store header ({@link EmbeddedStoreCommits}); the classes that use
 * them say why. They are protected, package-private or private in H2, so they are found reflectively when this class
 * loads, and the store's tests fail at once if an H2 upgrade renames one.
 */
final class EmbeddedStoreInternals {

    private static final Method REWRITABLE_FILL = accessible(method(FileStore.class, "getRewritableChunksFillRate"));
    private static final Method REWRITE = accessible(method(FileStore.class, "rewriteChunks", int.class, int.class));
    private static final Method UNDER_STORE_LOCK = accessible(method(MVStore.class, "tryExecuteUnderStoreLock", Callable.class));
    private static final Method WRITE_STORE_HEADER = accessible(method(RandomAccessStore.class, "writeStoreHeader"));
    private static final Field SAVE_CHUNK_LOCK = accessible(field("saveChunkLock"));
    private static final Field LAST_CHUNK = accessible(field("lastChunk"));
    private static final Field STORE_HEADER = accessible(field("storeHeader"));
    /** FileStore.HDR_CHUNK: the header's entry naming its chunk. */
    private static final String HEADER_CHUNK = "chunk";

    private EmbeddedStoreInternals() {}

    /** The store H2 has open behind this connection (after a failure H2 closes it and opens another on the next one). */
    static MVStore store(Connection connection) throws SQLException {
        if (connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                && session.getDatabase().getStore() != null) {
            return session.getDatabase().getStore().getMvStore();
        }
        return null;
    }

    /** The live share of the chunks H2 would rewrite (those old enough, not the newest), in percent. */
    static int rewritableChunksFill(MVStore store) {
        return (int) invoke(REWRITABLE_FILL, store.getFileStore());
    }

    /** Marks up to {@code bytes} of live pages of chunks at most {@code fill} % live as changed, for the next commit to write. */
    static void rewriteChunks(MVStore store, int bytes, int fill) {
        invoke(UNDER_STORE_LOCK, store, (Callable<Object>) () -> invoke(REWRITE, store.getFileStore(), bytes, fill));
    }

    /** Writes the store header naming the newest chunk, unless it names it already. */
    static void headerNamesNewestChunk(MVStore store) {
        if (store.isClosed() || !(store.getFileStore() instanceof RandomAccessStore file)) {
            return;
        }
        // the lock H2 holds while it writes a chunk and sets it as the newest
        ReentrantLock saving = (ReentrantLock) get(SAVE_CHUNK_LOCK, file);
        saving.lock();
        try {
            Chunk<?> newest = (Chunk<?>) get(LAST_CHUNK, file);
            Object named = ((Map<?, ?>) get(STORE_HEADER, file)).get(HEADER_CHUNK);
            if (newest != null && !(named instanceof Integer id && id == newest.id)) {
                invoke(WRITE_STORE_HEADER, file);
            }
        } finally {
            saving.unlock();
        }
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getDeclaredMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this H2 has no " + type.getSimpleName() + "." + name + "; see EmbeddedStoreInternals", e);
        }
    }

    private static Field field(String name) {
        try {
            return FileStore.class.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this H2 has no FileStore." + name + "; see EmbeddedStoreInternals", e);
        }
    }
}
