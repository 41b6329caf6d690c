package org.safeguarding.gateway.server;

import org.safeguarding.gateway.core.governance.TrailExport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.safeguarding.gateway.security.audit.AuditExport;
import org.safeguarding.gateway.security.audit.ChainVerification;
import org.safeguarding.gateway.security.crypto.Pem;

/**
 * The auditor's command line, run from the gateway's jar without starting the gateway:
 * <pre>
 *   java -jar gateway-server.jar audit export --gateway URL [--token TOKEN] [--out FILE]
 *   java -jar gateway-server.jar audit verify --certificate gateway-ca.pem FILE
 * </pre>
 * {@code export} fetches {@code /api/v1/audit/export} with an auditor's token (or {@code AUDIT_TOKEN});
 * {@code verify} needs nothing but the file and the gateway's CA certificate. Exit status: 0 valid
 * (or exported), 1 the trail does not verify or the file is not an export, 2 usage or I/O failure.
 */
public final class AuditCli {

    static final int VALID = 0;
    static final int INVALID = 1;
    static final int FAILED = 2;

    private AuditCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        Map<String, String> options = new HashMap<>();
        String file = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (file == null && !args[i].startsWith("--")) {
                file = args[i];
            } else {
                return usage(err);
            }
        }
        return switch (args[0]) {
            case "verify" -> options.containsKey("certificate") && file != null
                    ? verify(Path.of(file), Path.of(options.get("certificate")), out, err) : usage(err);
            case "export" -> options.containsKey("gateway")
                    ? export(options.get("gateway"), options.getOrDefault("token", System.getenv("AUDIT_TOKEN")),
                            Path.of(options.getOrDefault("out", "audit-export.ndjson")), out, err)
                    : usage(err);
            default -> usage(err);
        };
    }

    private static int verify(Path export, Path certificate, PrintStream out, PrintStream err) {
        X509Certificate ca;
        try {
            ca = Pem.readCertificate(certificate);
        } catch (RuntimeException e) {
            err.println("cannot read the gateway certificate " + certificate + ": " + e.getMessage());
            return FAILED;
        }
        ChainVerification result;
        try {
            result = AuditExport.verify(export, ca);
        } catch (AuditExport.InvalidExportException e) {
            out.println("INVALID: " + e.getMessage());
            return INVALID;
        }
        if (result.valid()) {
            out.println("valid: " + result.records() + " records, " + result.checkpoints() + " signed checkpoints"
                    + (result.lastCheckpoint() == null ? "" : " (the newest at record " + result.lastCheckpoint() + ")"));
            return VALID;
        }
        if (result.brokenCheckpoint() != null) {
            out.println("INVALID: broken checkpoint at record " + result.brokenCheckpoint() + ": " + result.problem());
        } else {
            out.println("INVALID: first broken record " + result.firstBrokenRecord() + ": " + result.problem());
        }
        return INVALID;
    }

    private static int export(String gateway, String token, Path file, PrintStream out, PrintStream err) {
        if (token == null || token.isBlank()) {
            err.println("export needs an auditor's bearer token: --token TOKEN or AUDIT_TOKEN");
            return FAILED;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.replaceAll("/+$", "") + "/api/v1/audit/export"))
                .header("Authorization", "Bearer " + token).header("Accept", TrailExport.MEDIA_TYPE).timeout(Duration.ofMinutes(30)).GET().build();
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            HttpResponse<Path> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                err.println("the gateway answered " + response.statusCode() + ": " + Files.readString(partial));
                Files.deleteIfExists(partial);
                return FAILED;
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.println("exported to " + file);
            return VALID;
        } catch (IOException e) {
            err.println("export failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: audit export --gateway URL [--token TOKEN] [--out FILE]");
        err.println("       audit verify --certificate gateway-ca.pem FILE");
        return FAILED;
    }
}
