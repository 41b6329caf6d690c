package org.safeguarding.gateway.core.register.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to one batch file (CONTRACT.md, "Plans"): a summary of the file and one entry per
 * <em>rejected</em> record, in line order. Accepted records are only counted, never listed, so
 * that the answer to a 100,000-record file stays small; a record not listed was accepted.
 *
 * @param file    the file as a whole
 * @param records every rejected record (empty when all were accepted or the file was rejected as a whole)
 */
public record BatchOutcome(FileSummary file, List<RecordOutcome> records) {

    public static final String ACCEPTED = "accepted";
    public static final String PARTIALLY_ACCEPTED = "partially-accepted";
    public static final String REJECTED = "rejected";

    public BatchOutcome {
        records = List.copyOf(records);
    }

    /** A file refused as a whole (bad header, empty): nothing in it was applied. */
    public static BatchOutcome fileRejected(String batchId, BatchCode code, String reason, long records) {
        return new BatchOutcome(new FileSummary(REJECTED, records, 0, records, code, reason, 0, 0, 0, batchId), List.of());
    }

    /** True when the file was refused as a whole ({@link BatchCode#fileLevel()}), as opposed to record by record. */
    @JsonIgnore
    public boolean rejectedAsAWhole() {
        return file.code() != null;
    }

    /**
     * @param status    accepted (every record), partially-accepted, or rejected (no record accepted, or a file-level code)
     * @param records   data records read (the header and blank lines are not records)
     * @param accepted  records applied to the register, or already there exactly as sent
     * @param rejected  records refused; each is listed in {@link BatchOutcome#records()}
     * @param code      only for a file refused as a whole: BAD_HEADER or EMPTY_FILE (omitted otherwise)
     * @param reason    only with code: what is wrong, for people (omitted otherwise)
     * @param created   accepted records that were new plans
     * @param updated   accepted records that changed a plan of the uploader's authority
     * @param unchanged accepted records already on the register exactly as sent (a re-upload changes nothing)
     * @param id        this upload's id, also in the audit trail's summary record ({@code plan-batch/<id>})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileSummary(String status, long records, long accepted, long rejected, BatchCode code, String reason,
            long created, long updated, long unchanged, String id) {}

    /**
     * One rejected record.
     *
     * @param line    the physical line the record starts on (the header is line 1)
     * @param planId  the record's first field as sent (cut to 64 characters), or null when it has none
     * @param status  always {@code rejected}
     * @param code    the documented reason code ({@link BatchCode})
     * @param reason  every fault of the record, for people, naming the CSV columns
     */
    public record RecordOutcome(long line, String planId, String status, BatchCode code, String reason) {

        static RecordOutcome rejected(long line, String planId, BatchCode code, String reason) {
            return new RecordOutcome(line, planId, REJECTED, code, reason);
        }
    }
}
