package org.safeguarding.gateway.core.register.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file-drop way in for local-authority systems that export files rather than call an API: the
 * same batch as {@code POST /api/v1/plans/batch}, from a folder per authority.
 *
 * <pre>
 * &lt;gateway.data-directory&gt;/drop/&lt;la-org-id&gt;/in/*.csv     the authority's system puts files here
 *                                  /out/&lt;file&gt;.outcome.json   the answer, the same JSON as the API's
 *                                  /done/&lt;file&gt;             read, and not refused as a whole
 *                                  /error/&lt;file&gt;            refused as a whole (bad header, empty), or could not be read
 * </pre>
 *
 * <p><b>The folder is the trust boundary.</b> Whoever can write to {@code drop/la-derby/in/} uploads
 * as la-derby: the file runs as a system caller with role {@code social-care} and org id
 * {@code la-derby}, through the same access decision, validation and audit as the API. So only
 * that authority's own SFTP account may write there (one chrooted account per authority, the
 * folder owned by it and not readable by any other), and a folder counts only when its name is a
 * local authority in the agencies directory; files anywhere else are moved to {@code error/} and
 * nothing is applied. Symbolic links are refused (moved to {@code error/}), so a drop account cannot
 * make the gateway read a file outside its folder.
 *
 * <p><b>Complete files only:</b> Camel's {@code readLock=changed}: a file is taken once its size and
 * modification time have stayed the same for a full check interval (one second), so a file still
 * being written over SFTP is left alone. Systems that can should still upload under another name
 * (e.g. {@code x.csv.part}, which the {@code *.csv} filter ignores) and rename when complete. No
 * {@code .done} marker is needed. A file whose name was already processed is processed again when
 * dropped again (the batch is idempotent per planId); its earlier outcome and done copy are replaced.
 */
public class PlanFileDropRoute extends RouteBuilder {

    public static final String ROUTE_ID = "plan-file-drop";
    /** Where a processed file goes: done, or error when the file was refused as a whole. */
    static final String TARGET = "gatewayDropTarget";
    /** The checked drop ({@link Drop}), from the first step to the others. */
    private static final String DROP = "gatewayDrop";

    private final PlanBatch batch;
    private final AgencyDirectory agencies;
    private final JsonMapper json;
    private final Path dropDirectory;
    private final long pollMillis;

    public PlanFileDropRoute(PlanBatch batch, AgencyDirectory agencies, JsonMapper json, Path dropDirectory, long pollMillis) {
        this.batch = batch;
        this.agencies = agencies;
        this.json = json;
        this.dropDirectory = dropDirectory.toAbsolutePath().normalize();
        this.pollMillis = pollMillis;
    }

    public Path dropDirectory() {
        return dropDirectory;
    }

    @Override
    public void configure() {
        // depth 1 is drop/ itself, 2 drop/<la>/, 3 drop/<la>/in/ (nothing deeper, nothing elsewhere). A relative move
        // would be resolved against drop/, hence ${file:parent} (the file's own in/ folder, absolute). The first poll is at
        // once: a file left from before the start is taken, and readiness (which waits for it) is not held back.
        fromF("file:%s?recursive=true&minDepth=3&maxDepth=3&antInclude=*/in/*.csv&antFilterCaseSensitive=false"
                        + "&readLock=changed&readLockCheckInterval=1000&readLockTimeout=60000&readLockMinLength=0"
                        + "&initialDelay=0&delay=%d"
                        + "&move=${file:parent}/../${header.%s}/${file:onlyname}"
                        + "&moveFailed=${file:parent}/../error/${file:onlyname}",
                dropDirectory, pollMillis, TARGET)
                .routeId(ROUTE_ID).routePolicyRef(Timers.ON_ONE_NODE)   // one node takes each file
                // a refused file is expected now and then: one line in the log, no stack trace; still moved to error/
                .onException(RefusedDrop.class).handled(false).logStackTrace(false).logExhaustedMessageHistory(false).end()
                .setProperty(DROP, method(this, "checkTheFolder"))      // drop/<local authority>/in/, no symbolic link
                .setBody(method(this, "applyTheBatch"))                  // the API's batch: decided, validated, audited alike
                .bean(this, "writeTheOutcome")                           // out/<file>.outcome.json, the API's JSON answer
                .setHeader(TARGET).body(BatchOutcome.class, outcome -> outcome.rejectedAsAWhole() ? "error" : "done");
    }

    /** Where a file was found, once checked: the authority whose folder it is, and its path under drop/. */
    public record Drop(Path file, Path relative, String authority) {}

    /** Only drop/<local-authority>/in/, only a local authority of the directory, never a symbolic link. */
    public Drop checkTheFolder(Exchange exchange) {
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath().normalize();
        Path relative = dropDirectory.relativize(file);
        if (relative.getNameCount() != 3 || !relative.getName(1).toString().equals("in")) {
            throw new RefusedDrop("not in a drop/<local-authority>/in/ folder: " + relative);
        }
        String authority = relative.getName(0).toString();
        agencies.find(authority).filter(a -> Agency.LOCAL_AUTHORITY.equals(a.type()))
                .orElseThrow(() -> new RefusedDrop("drop folder " + authority + " is not a local authority in the agencies directory"));
        if (Files.isSymbolicLink(file)) {
            throw new RefusedDrop("a symbolic link is not a file: " + relative);
        }
        return new Drop(file, relative, authority);
    }

    /** The batch, as the authority's system would send it to the API: decided, validated and audited alike. */
    public BatchOutcome applyTheBatch(@ExchangeProperty(DROP) Drop drop) throws IOException {
        Caller caller = new Caller("file-drop:" + drop.authority(), "file-drop " + drop.authority(), Set.of(Role.SOCIAL_CARE), drop.authority());
        try (InputStream in = Files.newInputStream(drop.file(), LinkOption.NOFOLLOW_LINKS)) {
            return batch.upload(caller, in, "file drop " + drop.relative(), traceId(drop.relative().toString()));
        }
    }

    /**
     * Written under a temporary name and moved into place, so the authority never reads half an answer. Not Camel's file
     * producer: its endpoint URI would carry the authority's file name, which may hold characters a URI does not.
     */
    public void writeTheOutcome(@ExchangeProperty(DROP) Drop drop, BatchOutcome outcome) throws IOException {
        Path folder = Files.createDirectories(dropDirectory.resolve(drop.authority()).resolve("out"));
        String name = drop.file().getFileName() + ".outcome.json";
        Path temporary = folder.resolve("." + name + ".tmp");
        Files.write(temporary, json.writeValueAsBytes(outcome));
        Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String traceId(String relative) {
        String id = "file-drop/" + relative.replace('\\', '/');
        return id.length() <= 200 ? id : id.substring(0, 200);
    }

    /** A file the gateway will not read: it goes to error/ and nothing in it is applied. */
    public static class RefusedDrop extends RuntimeException {
        public RefusedDrop(String message) {
            super(message);
        }
    }
}
