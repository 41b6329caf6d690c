package org.safeguarding.gateway.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code java -jar benchmarks.jar <suite> [JMH options]}: runs one suite's benchmarks and prints, after JMH's own
 * report, the gateway's figure beside its baseline.
 */
public final class Main {

    private static final String USAGE = "usage: benchmarks.jar <suite> [JMH options, e.g. -f 1 -wi 3 -i 5] [benchmark regex]\n"
            + "suites:\n"
            + "  crypto   1 MB signed and encrypted to 8 recipients: CmsEnvelope against the openssl cms command line";

    private Main() {
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length == 0 || !"crypto".equals(args[0])) {
            System.err.println(args.length == 0 ? USAGE : "unknown suite '" + args[0] + "'\n" + USAGE);
            System.exit(2);
        }
        CommandLineOptions jmh;
        try {
            jmh = new CommandLineOptions(java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (CommandLineOptionException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        crypto(jmh);
    }

    private static void crypto(CommandLineOptions jmh) throws RunnerException {
        // Generate (or reload) the keys once here, so that no fork spends its time on key generation.
        BenchKeys keys = BenchKeys.loadOrCreate();
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(jmh);
        if (System.getProperty(BenchKeys.DIRECTORY_PROPERTY) == null) {
            // JMH passes this JVM's own arguments to its forks; only a default directory needs saying.
            builder.jvmArgsAppend("-D" + BenchKeys.DIRECTORY_PROPERTY + "=" + keys.directory);
        }
        if (jmh.getIncludes().isEmpty()) {
            // A regex on the command line (e.g. `javaBcCms`) picks some of the suite's benchmarks; none means all of them.
            builder.include("^" + Pattern.quote(CmsBenchmark.class.getName()) + "\\.");
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Result<?>> byName = new HashMap<>();
        for (RunResult run : results) {
            String label = run.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.') + 1), run.getPrimaryResult());
        }
        Result<?> java = byName.get("javaBcCms");
        Result<?> openssl = byName.get("opensslPerRecipient");
        System.out.println();
        System.out.printf(Locale.ROOT, "crypto: %d KB signed once, encrypted to %d recipients (AES-256-CBC, RSA-OAEP SHA-256 to RSA-3072 keys, signed with the gateway key: %s)%n",
                CmsBenchmark.CONTENT_BYTES / 1024, BenchKeys.AGENCIES.size(), GatewayKeys.signatureAlgorithm(keys.gateway.signer().privateKey()));
        System.out.printf(Locale.ROOT, "%-62s %10s %9s %9s%n", "", "ms/op", "+/-", "vs Java");
        row("Java: BC CMS API, JDK providers (8 envelopes)", java, java);
        row("OpenSSL CLI: sign + 8 single-recipient encrypts", openssl, java);
        row("OpenSSL CLI: sign + 1 encrypt, 8 recipients in 1 envelope", byName.get("opensslOneMultiRecipient"), java);
        row("OpenSSL CLI: process start only (openssl version)", byName.get("opensslProcessOnly"), java);
        row("for reference, Java: 1 envelope, 8 recipients (BC generators)", byName.get("javaBcCmsOneMultiRecipient"), java);
        if (java != null && openssl != null) {
            System.out.printf(Locale.ROOT, "ratio OpenSSL / Java (same work): %.1f%n", openssl.getScore() / java.getScore());
        }
    }

    private static void row(String label, Result<?> result, Result<?> java) {
        if (result == null) {
            System.out.printf(Locale.ROOT, "%-62s %10s%n", label, "not run");
            return;
        }
        String ratio = java == null ? "" : String.format(Locale.ROOT, "%.1fx", result.getScore() / java.getScore());
        System.out.printf(Locale.ROOT, "%-62s %10.2f %9.2f %9s%n", label, result.getScore(), result.getScoreError(), ratio);
    }
}
