package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The openssl command line, as a recipient agency would use it on a copy it received. */
public final class OpenSsl {

    private OpenSsl() {}

    public record Result(int exitCode, byte[] output, String errors) {}

    /** {@code openssl cms -decrypt ... | openssl cms -verify ...}, as CONTRACT.md shows. */
    public static Result decryptAndVerify(byte[] envelope, Path recipientCert, Path recipientKey, Path caCert, Path work) {
        try {
            Path in = Files.createTempFile(work, "envelope", ".der");
            Path signed = Files.createTempFile(work, "signed", ".der");
            Path out = Files.createTempFile(work, "content", ".bin");
            Files.write(in, envelope);
            Result decrypted = run(work, "openssl", "cms", "-decrypt", "-inform", "DER", "-in", in.toString(), "-recip",
                    recipientCert.toString(), "-inkey", recipientKey.toString(), "-out", signed.toString());
            if (decrypted.exitCode() != 0) {
                return decrypted;
            }
            Result verified = run(work, "openssl", "cms", "-verify", "-inform", "DER", "-in", signed.toString(), "-CAfile",
                    caCert.toString(), "-out", out.toString());
            return new Result(verified.exitCode(), verified.exitCode() == 0 ? Files.readAllBytes(out) : new byte[0], verified.errors());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(Path work, String... command) throws IOException {
        Path errors = Files.createTempFile(work, "openssl", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int exit = process.waitFor();
            return new Result(exit, new byte[0], Files.readString(errors));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
