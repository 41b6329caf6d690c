package org.safeguarding.gateway.core.register.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.core.register.batch.BatchOutcome.RecordOutcome;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.AccessDenied;
import org.safeguarding.gateway.security.AccessPolicy;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * The streaming CSV reader by properties (whatever is written the RFC 4180 way reads back the same,
 * with CRLF or LF, quoted or not; no input makes it fail), and the batch's reason codes by examples
 * against an in-memory register.
 */
class CsvReaderProperties {

    // ---- the reader ----

    @Provide
    Arbitrary<String> fields() {
        // the characters that matter to CSV, often; and some that do not
        Arbitrary<Character> c = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.chars().alpha()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(',', '"', '\r', '\n', ' ')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00a0', '\u024f')));
        return c.list().ofMaxSize(12).map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    @Provide
    Arbitrary<List<List<String>>> files() {
        return fields().list().ofMinSize(1).ofMaxSize(6).list().ofMaxSize(20);
    }

    @Property
    void whatIsWrittenTheRfcWayReadsBackTheSame(@ForAll("files") List<List<String>> records, @ForAll boolean crlf,
            @ForAll boolean quoteEverything, @ForAll boolean finalLineBreak) throws IOException {
        String text = write(records, crlf ? "\r\n" : "\n", quoteEverything, finalLineBreak);
        List<CsvReader.Record> read = readAll(text);
        assertThat(read).allSatisfy(r -> assertThat(r.malformed()).isNull());
        assertThat(read.stream().map(CsvReader.Record::fields).toList()).isEqualTo(records);
    }

    @Property
    void eachRecordKnowsThePhysicalLineItStartsOn(@ForAll("files") List<List<String>> records, @ForAll boolean crlf) throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        List<CsvReader.Record> read = readAll(write(records, eol, false, true));
        long line = 1;
        for (int i = 0; i < records.size(); i++) {
            assertThat(read.get(i).line()).isEqualTo(line);
            String written = write(List.of(records.get(i)), eol, false, true);
            line += written.chars().filter(ch -> ch == '\n').count() + written.replace("\r\n", "").chars().filter(ch -> ch == '\r').count();
        }
    }

    @Property
    void crlfAndLfFilesReadTheSame(@ForAll("files") List<List<String>> records) throws IOException {
        List<List<String>> withoutBreaksInFields = records.stream()
                .map(r -> r.stream().map(f -> f.replace("\r", "").replace("\n", "")).toList()).toList();
        assertThat(fieldsOf(readAll(write(withoutBreaksInFields, "\r\n", false, true))))
                .isEqualTo(fieldsOf(readAll(write(withoutBreaksInFields, "\n", false, true))));
    }

    @Property
    void noInputMakesTheReaderFailOrLoop(@ForAll("anything") String text, @ForAll @IntRange(min = 1, max = 40) int maxRecordChars)
            throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text), maxRecordChars);
        int records = 0;
        for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
            records++;
            assertThat(records).isLessThanOrEqualTo(text.length());
            assertThat(r.fields().stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(maxRecordChars);
        }
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.of('a', 'b', ',', '"', '\r', '\n', ' ').list().ofMaxSize(60)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    @Example
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        List<CsvReader.Record> read = readAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",x\r\nlast");
        assertThat(fieldsOf(read)).containsExactly(List.of("a", "b,c", "say \"hi\""), List.of("two\r\nlines", "x"), List.of("last"));
        assertThat(read.get(1).line()).isEqualTo(2);
        assertThat(read.get(2).line()).isEqualTo(4);
    }

    @Example
    void malformedRecordsAreReportedAndTheNextLineReadsOn() throws IOException {
        List<CsvReader.Record> read = readAll("ok,1\nO\"Brien,2\n\"closed\"junk,3\nfine,4\n\"never closed,5\nstill in the quote\n");
        assertThat(read).hasSize(5);
        assertThat(read.get(0).malformed()).isNull();
        assertThat(read.get(1).malformed()).contains("quote inside an unquoted field");
        assertThat(read.get(1).line()).isEqualTo(2);
        assertThat(read.get(2).malformed()).contains("closing quote");
        assertThat(read.get(3).fields()).containsExactly("fine", "4");
        assertThat(read.get(3).line()).isEqualTo(4);
        assertThat(read.get(4).malformed()).contains("not closed");
    }

    @Example
    void aByteOrderMarkIsSkippedAndAnEmptyLineIsBlank() throws IOException {
        List<CsvReader.Record> read = readAll("\uFEFFplanId,x\r\n\r\n1,2");
        assertThat(read.get(0).fields()).containsExactly("planId", "x");
        assertThat(read.get(1).isBlank()).isTrue();
        assertThat(read.get(2).line()).isEqualTo(3);
        assertThat(readAll("")).isEmpty();
    }

    @Example
    void anOverlongRecordIsMalformedAndNotKept() throws IOException {
        List<CsvReader.Record> read = readAll("a," + "x".repeat(100) + ",c\nnext\n", 50);
        assertThat(read.get(0).malformed()).contains("longer than 50");
        assertThat(read.get(1).fields()).containsExactly("next");
    }

    // ---- the batch's reason codes, against an in-memory register ----

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final Caller DERBY = new Caller("sub-1", "sw.derby", Set.of(Role.SOCIAL_CARE), "la-derby");
    private static final String GOOD = ",9997709144,CPP,2026-01-05,,la-derby,Ava,Ashdown,2019-04-12";

    @Example
    void everyReasonCodeOnItsOwnRecord() {
        InMemoryStore store = new InMemoryStore();
        store.plans.put("NOT-OURS", plan("NOT-OURS", "la-nottingham"));
        RecordingAudit audit = new RecordingAudit();
        String csv = PlanBatch.HEADER_LINE + "\n"
                + "OK-1" + GOOD + "\n"                                                       // line 2 accepted
                + "OK-2,9995341654,lac,2026-01-05,2026-06-01,la-derby,\"Smith, Jr\",\"O\"\"Neil\",2018-01-01\n" // 3 accepted
                + "NHS-1,9997709145,CPP,2026-01-05,,la-derby,A,B,2019-04-12\n"               // 4 check digit
                + "DATE-1,9997709144,CPP,2026-13-01,,la-derby,A,B,2019-04-12\n"              // 5
                + "DATE-2,9997709144,CPP,2026-05-01,2026-04-01,la-derby,A,B,2019-04-12\n"    // 6 end before start
                + "TYPE-1,9997709144,XYZ,2026-01-05,,la-derby,A,B,2019-04-12\n"              // 7
                + "MISS-1,9997709144,CPP,2026-01-05,,la-derby,,B,2019-04-12\n"               // 8
                + "bad id!,9997709144,CPP,2026-01-05,,la-derby,A,B,2019-04-12\n"             // 9
                + "COLS-1,9997709144,CPP\n"                                                  // 10
                + "OK-1" + GOOD + "\n"                                                       // 11 duplicate
                + "LA-1,9997709144,CPP,2026-01-05,,la-nottingham,A,B,2019-04-12\n"           // 12
                + "NOT-OURS" + GOOD + "\n"                                                   // 13
                + "FIELD-1,9997709144,CPP,2026-01-05,,la-derby,A," + "B".repeat(101) + ",2019-04-12\n" // 14
                + "\n"                                                                       // 15 blank: skipped
                + "QUOTE-1,9997709144,CPP,2026-01-05,,la-derby,O\"Neil,B,2019-04-12\n";      // 16
        BatchOutcome outcome = batch(store, audit).upload(DERBY, csv(csv), "test", "trace-1");

        assertThat(outcome.file().status()).isEqualTo("partially-accepted");
        assertThat(outcome.file().records()).as("the blank line is not a record").isEqualTo(14);
        assertThat(outcome.file().accepted()).isEqualTo(2);
        assertThat(outcome.file().created()).isEqualTo(2);
        assertThat(codes(outcome)).containsExactly(
                Map.entry(4L, BatchCode.INVALID_NHS_NUMBER), Map.entry(5L, BatchCode.BAD_DATE), Map.entry(6L, BatchCode.BAD_DATE),
                Map.entry(7L, BatchCode.UNKNOWN_TYPE), Map.entry(8L, BatchCode.MISSING_FIELD), Map.entry(9L, BatchCode.INVALID_PLAN_ID),
                Map.entry(10L, BatchCode.WRONG_COLUMN_COUNT), Map.entry(11L, BatchCode.DUPLICATE_IN_FILE),
                Map.entry(12L, BatchCode.OTHER_LA), Map.entry(13L, BatchCode.PLAN_OF_OTHER_LA), Map.entry(14L, BatchCode.INVALID_FIELD),
                Map.entry(16L, BatchCode.MALFORMED_RECORD));
        assertThat(outcome.records()).allSatisfy(r -> assertThat(r.status()).isEqualTo("rejected"));
        assertThat(outcome.records().get(4).reason()).isEqualTo("givenName: is required");
        assertThat(store.plans.get("OK-2").child().familyName()).isEqualTo("O\"Neil");
        assertThat(store.plans.get("OK-2").child().givenName()).isEqualTo("Smith, Jr");
        assertThat(store.plans.get("NOT-OURS").localAuthority()).as("another authority's plan is never overwritten").isEqualTo("la-nottingham");
        assertThat(audit.entries).as("the decision and one summary, not one per record").hasSize(2);
        assertThat(audit.entries.get(1).action()).isEqualTo(PlanBatch.AUDIT_ACTION);
        assertThat(audit.entries.get(1).reason()).contains("14 records", "PLAN_OF_OTHER_LA=1");
    }

    @Example
    void aReuploadChangesNothingAndIsAcceptedAgain() {
        InMemoryStore store = new InMemoryStore();
        StringBuilder csv = new StringBuilder(PlanBatch.HEADER_LINE).append("\r\n");
        for (int i = 0; i < 25; i++) {
            csv.append("P-").append(i).append(GOOD).append("\r\n");
        }
        PlanBatch batch = new PlanBatch(access(new RecordingAudit()), new RecordingAudit(), new PlanValidator(CLOCK), store, 10);
        BatchOutcome first = batch.upload(DERBY, csv(csv.toString()), "test", null);
        BatchOutcome again = batch.upload(DERBY, csv(csv.toString()), "test", null);
        assertThat(first.file().status()).isEqualTo("accepted");
        assertThat(first.file().created()).isEqualTo(25);
        assertThat(store.writes).isEqualTo(25);
        assertThat(again.file().status()).isEqualTo("accepted");
        assertThat(again.file().accepted()).isEqualTo(25);
        assertThat(again.file().unchanged()).isEqualTo(25);
        assertThat(store.writes).as("nothing written the second time").isEqualTo(25);
        assertThat(store.chunks).as("chunks of 10").isEqualTo(6);
    }

    @Example
    void aBadHeaderOrAnEmptyFileRejectsTheFile() {
        PlanBatch batch = batch(new InMemoryStore(), new RecordingAudit());
        BatchOutcome badHeader = batch.upload(DERBY, csv("planId,nhs\n1,2\n"), "test", null);
        assertThat(badHeader.file().status()).isEqualTo("rejected");
        assertThat(badHeader.file().code()).isEqualTo(BatchCode.BAD_HEADER);
        assertThat(badHeader.rejectedAsAWhole()).isTrue();
        assertThat(batch.upload(DERBY, csv(""), "test", null).file().code()).isEqualTo(BatchCode.EMPTY_FILE);
        assertThat(batch.upload(DERBY, csv(PlanBatch.HEADER_LINE + "\r\n"), "test", null).file().code()).isEqualTo(BatchCode.EMPTY_FILE);
        BatchOutcome allBad = batch.upload(DERBY, csv(PlanBatch.HEADER_LINE + "\nX,1\n"), "test", null);
        assertThat(allBad.file().status()).isEqualTo("rejected");
        assertThat(allBad.file().code()).as("rejected record by record, not as a whole").isNull();
    }

    @Example
    void invalidUtf8MakesItsRecordInvalid() {
        byte[] good = (PlanBatch.HEADER_LINE + "\nU-1,9997709144,CPP,2026-01-05,,la-derby,").getBytes(StandardCharsets.UTF_8);
        byte[] rest = ",B,2019-04-12\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 1 + rest.length];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xC3;
        System.arraycopy(rest, 0, bytes, good.length + 1, rest.length);
        BatchOutcome outcome = batch(new InMemoryStore(), new RecordingAudit()).upload(DERBY, new ByteArrayInputStream(bytes), "test", null);
        assertThat(outcome.records()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(BatchCode.INVALID_FIELD));
    }

    @Example
    void onlySocialCareMayUploadAndTheFileIsNotReadOtherwise() {
        Caller police = new Caller("sub-2", "police.derbyshire", Set.of(Role.POLICE), "police-derbyshire");
        Caller nobody = new Caller("sub-3", "nobody", Set.of(), "ae-royal-derby");
        RecordingAudit audit = new RecordingAudit();
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the file was read before the decision");
            }
        };
        PlanBatch batch = batch(new InMemoryStore(), audit);
        assertThatThrownBy(() -> batch.upload(police, untouchable, "test", null)).isInstanceOf(AccessDenied.class);
        assertThatThrownBy(() -> batch.upload(nobody, untouchable, "test", null)).isInstanceOf(AccessDenied.class);
        assertThat(audit.entries).extracting(AuditEntry::outcome).containsExactly("denied", "denied");
    }

    // ---- helpers ----

    private static PlanBatch batch(InMemoryStore store, RecordingAudit audit) {
        return new PlanBatch(access(audit), audit, new PlanValidator(CLOCK), store);
    }

    private static AccessControl access(RecordingAudit audit) {
        return new AccessControl(new AccessPolicy(), audit);
    }

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Map.Entry<Long, BatchCode>> codes(BatchOutcome outcome) {
        return outcome.records().stream().map(r -> Map.entry(r.line(), r.code())).toList();
    }

    private static Plan plan(String planId, String authority) {
        return new PlanValidator(CLOCK).validate(planId, new org.safeguarding.gateway.core.register.PlanSubmission("9997709144", "CPP",
                "2026-01-05", null, authority, "Ava", "Ashdown", "2019-04-12", null, null, null, null));
    }

    private static List<CsvReader.Record> readAll(String text) throws IOException {
        return readAll(text, CsvReader.DEFAULT_MAX_RECORD_CHARS);
    }

    private static List<CsvReader.Record> readAll(String text, int max) throws IOException {
        List<CsvReader.Record> records = new ArrayList<>();
        CsvReader reader = new CsvReader(new StringReader(text), max);
        for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    private static List<List<String>> fieldsOf(List<CsvReader.Record> records) {
        return records.stream().map(CsvReader.Record::fields).toList();
    }

    /** RFC 4180 writing: a field is quoted when it must be (or always), quotes doubled. */
    private static String write(List<List<String>> records, String eol, boolean quoteEverything, boolean finalLineBreak) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            List<String> record = records.get(i);
            for (int j = 0; j < record.size(); j++) {
                String f = record.get(j);
                boolean quote = quoteEverything || f.contains(",") || f.contains("\"") || f.contains("\r") || f.contains("\n")
                        // a lone empty field as the last record without a line break would vanish: quote it
                        || (record.size() == 1 && f.isEmpty());
                out.append(j > 0 ? "," : "").append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
            }
            if (i < records.size() - 1 || finalLineBreak) {
                out.append(eol);
            }
        }
        return out.toString();
    }

    /** The register as a map: the same rules as the JDBC store (never overwrite another authority's plan; unchanged is not written). */
    static final class InMemoryStore implements PlanBatchStore {
        final Map<String, Plan> plans = new HashMap<>();
        int writes;
        int chunks;

        @Override
        public List<Applied> apply(List<Plan> chunk) {
            chunks++;
            List<Applied> results = new ArrayList<>();
            for (Plan p : chunk) {
                Plan old = plans.get(p.planId());
                if (old != null && !old.localAuthority().equals(p.localAuthority())) {
                    results.add(Applied.HELD_BY_OTHER_AUTHORITY);
                } else if (old != null && old.equals(p)) {
                    results.add(Applied.UNCHANGED);
                } else {
                    plans.put(p.planId(), p);
                    writes++;
                    results.add(old == null ? Applied.CREATED : Applied.UPDATED);
                }
            }
            return results;
        }
    }

    /** The audit trail without a database: what would have been appended. */
    static final class RecordingAudit extends AuditTrail {
        final List<AuditEntry> entries = new ArrayList<>();

        RecordingAudit() {
            super(null, null, CLOCK);
        }

        @Override
        public AuditRecord append(AuditEntry entry, Runnable recordedWith) {
            entries.add(entry);
            if (recordedWith != null) {
                recordedWith.run();
            }
            return null;
        }
    }
}
