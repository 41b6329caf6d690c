package org.safeguarding.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.safeguarding.gateway.bench.Load.Result;

/** Lines to stdout and, as they are printed, to the results file. */
final class Report {
    final Path file;

    Report(Path file, boolean fresh) throws IOException {
        this.file = file;
        if (fresh && file != null) {
            Files.writeString(file, "");
        }
    }

    void section(String title) {
        line("");
        line("== %s", title);
    }

    void row(String label, Result r) {
        line("%-58s %10.1f %9.2f %9.2f %7d", label, r.perSecond(), r.percentile(50), r.percentile(99), r.errors());
    }

    synchronized void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
