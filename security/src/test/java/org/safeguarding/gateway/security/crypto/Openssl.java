package org.safeguarding.gateway.security.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs an `openssl` command line through bash in a working directory, stdout and stderr captured to files there. */
final class Openssl {

    record Result(int exitCode, byte[] stdout, String stderr) {
    }

    private Openssl() {
    }

    static Result run(Path workingDirectory, String commandLine) {
        try {
            Path out = Files.createTempFile(workingDirectory, "stdout", ".bin");
            Path err = Files.createTempFile(workingDirectory, "stderr", ".txt");
            Process process = new ProcessBuilder("bash", "-c", "set -o pipefail; " + commandLine)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + commandLine);
            }
            return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
