package org.safeguarding.gateway.core.register.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.AccessPolicy;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;

/**
 * Formula injection (OWASP "CSV injection"): whatever a cell of an uploaded file holds, the text an outcome repeats of it is
 * never a live spreadsheet formula, is the cell itself or the cell behind one single quote, and reads back as written through
 * the gateway's own CSV reader; and no outcome of a file with such a cell in any column repeats one.
 */
class EchoedCellProperties {

    private static final Caller DERBY = new Caller("sub-1", "sw.derby", Set.of(Role.SOCIAL_CARE), "la-derby");
    private static final List<String> GOOD_RECORD = List.of("OK-1", "9997709144", "CPP", "2026-01-05", "", "la-derby", "Ava", "Ashdown",
            "2019-04-12");

    /** How spreadsheets read a cell (Excel, LibreOffice, Google Sheets, after OWASP): written apart from the code it checks. */
    static boolean spreadsheetFormula(String cell) {
        if (cell.isEmpty() || cell.charAt(0) == '\'') {
            return false;
        }
        if (cell.charAt(0) == '\t' || cell.charAt(0) == '\r') {
            return true;
        }
        String trimmed = cell.replaceFirst("^[\\s\\p{Z}]+", "");
        return !trimmed.isEmpty() && "=+-@＝＋－＠".indexOf(trimmed.charAt(0)) >= 0;
    }

    @Provide
    Arbitrary<String> cells() {
        Arbitrary<String> start = Arbitraries.of("=", "+", "-", "@", "\t", "\r", "\n", " ", "\u00a0", "'", "＝", "\"", ",", "");
        Arbitrary<Character> c = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.chars().alpha().numeric()),
                Tuple.of(3, Arbitraries.of('=', '+', '-', '@', '\t', '\r', '\n', ' ', '"', ',', '(', ')', '!', '\'', '|')),
                Tuple.of(1, Arbitraries.chars()));
        Arbitrary<String> rest = c.list().ofMaxSize(30).map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
        return Arbitraries.frequencyOf(Tuple.of(3, start.list().ofMaxSize(3).map(s -> String.join("", s))
                .flatMap(prefix -> rest.map(r -> prefix + r))), Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    @Property(tries = 2000)
    void anEchoedCellIsNeverAFormulaAndReadsBackAsWritten(@ForAll("cells") String cell) throws IOException {
        String echoed = EchoedCell.inert(cell);
        assertThat(spreadsheetFormula(echoed)).as("%s echoed as %s", cell, echoed).isFalse();
        assertThat(echoed).as("the cell itself, or behind one quote only when it is a formula")
                .isEqualTo(spreadsheetFormula(cell) ? "'" + cell : cell);
        String written = "\"" + echoed.replace("\"", "\"\"") + "\"\r\n";
        CsvReader.Record read = new CsvReader(new StringReader(written)).next();
        assertThat(read.malformed()).isNull();
        assertThat(read.fields()).containsExactly(echoed);
    }

    @Property(tries = 300)
    void noOutcomeRepeatsAFormulaWhateverColumnHoldsIt(@ForAll("cells") String cell, @ForAll @IntRange(min = 0, max = 8) int column,
            @ForAll boolean inTheHeader) {
        List<String> header = new ArrayList<>(PlanBatch.HEADER);
        List<String> record = new ArrayList<>(GOOD_RECORD);
        (inTheHeader ? header : record).set(column, cell);
        String csv = quoted(header) + "\r\n" + quoted(record) + "\r\n";
        CsvReaderProperties.RecordingAudit audit = new CsvReaderProperties.RecordingAudit();
        PlanBatch batch = new PlanBatch(new AccessControl(new AccessPolicy(), audit), audit, new PlanValidator(CsvReaderProperties.CLOCK),
                new CsvReaderProperties.InMemoryStore());
        BatchOutcome outcome = batch.upload(DERBY, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test", null);

        List<String> repeated = new ArrayList<>();
        repeated.add(outcome.file().reason());
        outcome.records().forEach(r -> {
            repeated.add(r.planId());
            repeated.add(r.reason());
        });
        assertThat(repeated).as("every text of the outcome").allSatisfy(text -> assertThat(text == null || !spreadsheetFormula(text))
                .as(String.valueOf(text)).isTrue());
    }

    @Example
    void examples() {
        assertThat(EchoedCell.inert("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        assertThat(EchoedCell.inert("  @SUM(A1)")).isEqualTo("'  @SUM(A1)");
        assertThat(EchoedCell.inert("\tx")).isEqualTo("'\tx");
        assertThat(EchoedCell.inert("DER-CPP-0001")).isEqualTo("DER-CPP-0001");
        assertThat(EchoedCell.inert("a=b")).isEqualTo("a=b");
        assertThat(EchoedCell.inert(null)).isNull();
    }

    private static String quoted(List<String> fields) {
        return fields.stream().map(f -> "\"" + f.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","));
    }
}
