package org.safeguarding.gateway.core.governance;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditCheckpoints;
import org.safeguarding.gateway.security.audit.AuditExport;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * The whole trail with its signed checkpoints, as JSON lines, for keeping and for checking offline with
 * {@code java -jar gateway-server.jar audit verify} and the gateway's CA certificate: the API's export and the
 * console's download are this one.
 *
 * <p>Written on the request's own thread, never as an asynchronous response: an asynchronous response is cancelled,
 * and its thread interrupted mid-read, when the servlet container's async time-out passes (30 s), and years of trail
 * take longer than that to stream. The trail is read a page at a time ({@link AuditTrail#readAll}).
 */
public class TrailExport {

    public static final String MEDIA_TYPE = "application/x-ndjson";

    private final AccessControl access;
    private final AuditTrail audit;
    private final AuditCheckpoints checkpoints;
    private final Clock clock;

    public TrailExport(AccessControl access, AuditTrail audit, AuditCheckpoints checkpoints, Clock clock) {
        this.access = access;
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /** An export about to be written: its file name, and the writing. Access is decided when it is started. */
    public interface Download {
        String fileName();

        void writeTo(OutputStream out) throws IOException;
    }

    /** Decided (and recorded) now, before any header is sent; the trail is read when the download is written. */
    public Download start(Caller caller, String traceId) {
        access.require(caller, Action.AUDIT_EXPORT, Resource.auditTrail(), traceId);
        Instant now = clock.instant();
        return new Download() {
            @Override
            public String fileName() {
                return "audit-" + now.toString().replace(':', '-') + ".ndjson";
            }

            @Override
            public void writeTo(OutputStream target) throws IOException {
                var signed = checkpoints.all();
                try (OutputStream out = new BufferedOutputStream(target, 64 * 1024)) {
                    audit.readAll(records -> {
                        AuditExport.write(out, now, signed, records);
                        return null;
                    });
                }
            }
        };
    }
}
