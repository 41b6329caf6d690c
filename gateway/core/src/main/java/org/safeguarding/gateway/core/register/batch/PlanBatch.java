package org.safeguarding.gateway.core.register.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanSubmission;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.core.register.batch.BatchOutcome.FileSummary;
import org.safeguarding.gateway.core.register.batch.BatchOutcome.RecordOutcome;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.CodedException.Violation;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * The CP-IS-style daily upload of a local authority's plans: a CSV file of
 * {@value #HEADER_LINE} records (RFC 4180, UTF-8), however it arrives (HTTP, file drop).
 *
 * <p>Flow: one policy decision for the whole file ({@link Action#PLAN_WRITE} on {@code plan/batch}
 * of the caller's own organisation, audited like every decision), then the file is streamed record
 * by record: each record is checked by the register's own {@link PlanValidator}, must name the
 * caller's own local authority, and must not repeat an earlier planId of the file. Valid records are
 * written in chunks of {@value #DEFAULT_CHUNK_SIZE}, one transaction each, through a
 * {@link PlanBatchStore}, which never overwrites another authority's plan. At the end one summary
 * record goes to the audit trail (counts and reason codes; never one record per row).
 *
 * <p>The answer lists every rejected record with its line, planId, code ({@link BatchCode}) and
 * reason; accepted records are only counted (created, updated, unchanged), so that the answer to a
 * 100,000-record file stays small. A record not listed was accepted.
 *
 * <p>Idempotent per planId: a record already on the register exactly as sent is accepted as
 * {@code unchanged} and nothing is written, so uploading the same file again changes nothing and
 * reports every record accepted again. Chunks commit as they go: if the transfer breaks off midway,
 * the chunks already committed stay applied, and sending the whole file again completes it.
 *
 * <p>Rules beyond the validator's: surrounding spaces of a field are ignored; blank lines are
 * skipped (not records); a leading byte-order mark is ignored; bytes that are not UTF-8 make their
 * record INVALID_FIELD. The CSV has no contact or core-group columns: an update leaves those as
 * they were.
 */
public class PlanBatch {

    public static final List<String> HEADER = List.of("planId", "nhsNumber", "type", "startDate", "endDate", "localAuthority",
            "givenName", "familyName", "birthDate");
    public static final String HEADER_LINE = "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate";
    /**
     * Each chunk is a commit, and on PostgreSQL with fsync on a commit cost about 5 ms here (#18, bench/run batch: 0.36-0.56 s
     * of a 100,000-row upload in chunks of 1,000); 5,000 keeps that to a tenth of a second while a chunk stays small to hold.
     */
    public static final int DEFAULT_CHUNK_SIZE = 5000;
    /** The audit trail's action for the summary record of a file. */
    public static final String AUDIT_ACTION = Action.PLAN_BATCH.code();

    private static final int MAX_ECHO = 64;
    private static final int MAX_AUDIT_REASON = 1000;
    private static final char REPLACEMENT = '\uFFFD';

    private final AccessControl access;
    private final AuditTrail audit;
    private final PlanValidator validator;
    private final PlanBatchStore store;
    private final int chunkSize;

    public PlanBatch(AccessControl access, AuditTrail audit, PlanValidator validator, PlanBatchStore store) {
        this(access, audit, validator, store, DEFAULT_CHUNK_SIZE);
    }

    public PlanBatch(AccessControl access, AuditTrail audit, PlanValidator validator, PlanBatchStore store, int chunkSize) {
        this.access = access;
        this.audit = audit;
        this.validator = validator;
        this.store = store;
        this.chunkSize = chunkSize;
    }

    /**
     * Reads, checks and applies one file. The stream is read to the end of the records (or only to
     * the header, when that is wrong) and not closed.
     *
     * @param source  how the file came, for the audit summary (e.g. {@code http}, {@code file-drop la-derby/in/x.csv})
     * @throws org.safeguarding.gateway.security.AccessDenied before anything is read, when the caller may not upload plans
     * @throws UncheckedIOException when the stream breaks off; the chunks committed before stay applied
     */
    public BatchOutcome upload(Caller caller, InputStream csv, String source, String traceId) {
        access.require(caller, Action.PLAN_WRITE, Resource.plan("batch", caller.orgId(), null), traceId);
        String batchId = UUID.randomUUID().toString();
        Run run = new Run(caller.orgId());
        BatchOutcome outcome;
        try {
            InputStreamReader text = new InputStreamReader(csv, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            outcome = run.read(new CsvReader(text), batchId);
        } catch (IOException e) {
            summarise(caller, batchId, "failed", source, traceId, "the file broke off after " + run.describe());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            summarise(caller, batchId, "failed", source, traceId, "the upload failed (" + e.getClass().getSimpleName() + ") after "
                    + run.describe());
            throw e;
        }
        FileSummary file = outcome.file();
        // a file refused as a whole is summarised by its code only: its first line may be a record, i.e. child data
        summarise(caller, batchId, file.status(), source, traceId, file.code() != null ? "refused as a whole: " + file.code() : run.describe());
        return outcome;
    }

    private void summarise(Caller caller, String batchId, String outcome, String source, String traceId, String reason) {
        String text = "from " + source + ": " + reason;
        if (text.length() > MAX_AUDIT_REASON) {
            text = text.substring(0, MAX_AUDIT_REASON - 3) + "...";
        }
        audit.append(AuditEntry.of(caller, Action.PLAN_BATCH, AUDIT_ACTION + "/" + batchId, null, outcome, traceId, text));
    }

    /** One file's reading state: counts, the planIds seen, the chunk not yet written, the rejections. */
    private final class Run {

        private final String ownAuthority;
        private final Map<String, Long> firstLineOf = new HashMap<>();
        private final List<Pending> chunk = new ArrayList<>(chunkSize);
        private final List<RecordOutcome> rejections = new ArrayList<>();
        private final Map<BatchCode, Long> byCode = new EnumMap<>(BatchCode.class);
        private long records;
        private long created;
        private long updated;
        private long unchanged;

        Run(String ownAuthority) {
            this.ownAuthority = ownAuthority;
        }

        BatchOutcome read(CsvReader csv, String batchId) throws IOException {
            CsvReader.Record header = csv.next();
            if (header == null) {
                return BatchOutcome.fileRejected(batchId, BatchCode.EMPTY_FILE, "the file is empty; its first line must be " + HEADER_LINE, 0);
            }
            if (header.isMalformed() || !header.fields().equals(HEADER)) {
                return BatchOutcome.fileRejected(batchId, BatchCode.BAD_HEADER, "the first line must be exactly " + HEADER_LINE
                        + "; it is " + echo(String.join(",", header.fields()), 200)
                        + (header.isMalformed() ? " (" + header.malformed() + ")" : ""), 0);
            }
            for (CsvReader.Record record = csv.next(); record != null; record = csv.next()) {
                if (!record.isBlank()) {
                    record(record);
                }
            }
            flush();
            if (records == 0) {
                return BatchOutcome.fileRejected(batchId, BatchCode.EMPTY_FILE, "the file has a header but no records", 0);
            }
            rejections.sort(Comparator.comparingLong(RecordOutcome::line));
            long rejected = rejections.size();
            long accepted = records - rejected;
            String status = rejected == 0 ? BatchOutcome.ACCEPTED : accepted == 0 ? BatchOutcome.REJECTED : BatchOutcome.PARTIALLY_ACCEPTED;
            return new BatchOutcome(new FileSummary(status, records, accepted, rejected, null, null, created, updated, unchanged, batchId),
                    rejections);
        }

        private void record(CsvReader.Record r) {
            records++;
            List<String> f = r.fields();
            String planId = f.isEmpty() ? null : f.get(0).strip();
            if (r.isMalformed()) {
                reject(r.line(), planId, BatchCode.MALFORMED_RECORD, r.malformed());
                return;
            }
            if (f.size() != HEADER.size()) {
                reject(r.line(), planId, BatchCode.WRONG_COLUMN_COUNT, "has " + f.size() + " fields; the header has " + HEADER.size());
                return;
            }
            Long earlier = planId.isEmpty() ? null : firstLineOf.putIfAbsent(planId, r.line());
            String authority = f.get(5).strip();
            if (!authority.isEmpty() && !authority.equals(ownAuthority)) {
                reject(r.line(), planId, BatchCode.OTHER_LA, "localAuthority " + echo(authority, 100)
                        + " is not the uploader's own (" + ownAuthority + ")");
                return;
            }
            for (int i = 0; i < f.size(); i++) {
                if (f.get(i).indexOf(REPLACEMENT) >= 0) {
                    reject(r.line(), planId, BatchCode.INVALID_FIELD, HEADER.get(i) + ": is not UTF-8 text");
                    return;
                }
            }
            Plan plan;
            try {
                plan = validator.validate(planId, new PlanSubmission(f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6),
                        f.get(7), f.get(8), null, null, null, null));
            } catch (InvalidInput e) {
                reject(r.line(), planId, codeOf(e.violations(), planId), e.violations().stream()
                        .map(v -> column(v.field()) + ": " + v.message()).collect(Collectors.joining("; ")));
                return;
            }
            if (earlier != null) {
                reject(r.line(), planId, BatchCode.DUPLICATE_IN_FILE, "planId " + planId + " is already on line " + earlier
                        + " of this file; a planId may appear only once in a file");
                return;
            }
            chunk.add(new Pending(r.line(), plan));
            if (chunk.size() >= chunkSize) {
                flush();
            }
        }

        private void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            List<PlanBatchStore.Applied> results = store.apply(chunk.stream().map(Pending::plan).toList());
            for (int i = 0; i < chunk.size(); i++) {
                Pending p = chunk.get(i);
                switch (results.get(i)) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                    case HELD_BY_OTHER_AUTHORITY -> reject(p.line(), p.plan().planId(), BatchCode.PLAN_OF_OTHER_LA,
                            "planId " + p.plan().planId() + " is held by another local authority and is not overwritten"
                                    + " (a plan moves between authorities only by transfer)");
                }
            }
            chunk.clear();
        }

        private void reject(long line, String planId, BatchCode code, String reason) {
            rejections.add(RecordOutcome.rejected(line, planId == null ? null : echo(planId, MAX_ECHO), code, reason));
            byCode.merge(code, 1L, Long::sum);
        }

        String describe() {
            long rejected = rejections.size();
            return records + " records, " + (created + updated + unchanged) + " accepted (" + created + " created, " + updated
                    + " updated, " + unchanged + " unchanged), " + rejected + " rejected"
                    + (byCode.isEmpty() ? "" : " " + byCode);
        }
    }

    private record Pending(long line, Plan plan) {}

    /** The record's code: the first, in {@link BatchCode}'s order, of its violations' codes. */
    static BatchCode codeOf(List<Violation> violations, String planId) {
        BatchCode first = BatchCode.INVALID_FIELD;
        for (Violation v : violations) {
            BatchCode code = codeOf(v, planId);
            if (code.ordinal() < first.ordinal()) {
                first = code;
            }
        }
        return first;
    }

    private static BatchCode codeOf(Violation v, String planId) {
        if (v.field().equals("planId")) {
            return planId == null || planId.isBlank() ? BatchCode.MISSING_FIELD : BatchCode.INVALID_PLAN_ID;
        }
        if (v.message().equals("is required")) {
            return BatchCode.MISSING_FIELD;
        }
        return switch (v.field()) {
            case "nhsNumber" -> v.message().contains("required") ? BatchCode.MISSING_FIELD : BatchCode.INVALID_NHS_NUMBER;
            case "type" -> BatchCode.UNKNOWN_TYPE;
            case "startDate", "endDate", "child.birthDate" -> BatchCode.BAD_DATE;
            default -> BatchCode.INVALID_FIELD;
        };
    }

    /** The validator's field path as the CSV's column name ({@code child.birthDate} -> {@code birthDate}). */
    private static String column(String field) {
        return field.startsWith("child.") ? field.substring("child.".length()) : field;
    }

    /** A cell's text as the outcome repeats it: cut to {@code max} characters, and never a live spreadsheet formula. */
    private static String echo(String text, int max) {
        return EchoedCell.inert(text.length() <= max ? text : text.substring(0, max) + "...");
    }
}
