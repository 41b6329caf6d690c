package org.safeguarding.gateway.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.safeguarding.gateway.bench.BenchHttp.Token;

/**
 * The batch upload benchmark (bench/run batch, #18): files of {@code rows} la-derby plans through
 * {@code POST /api/v1/plans/batch} with a real token, timed end to end (request sent to answer read), for a first upload
 * (all created), the same file again (all unchanged) and the file with every tenth row changed (updated); each
 * {@code rounds} times, a fresh file per round. Side by side in each round, the baseline: the same rows written by
 * PostgreSQL's own COPY on the gateway's embedded PostgreSQL (found through its data folder, as the gateway started it),
 * into a bare table of cp_plan's columns (the floor of what the database can do) and into one with cp_plan's key and
 * indexes too. Usage: BatchBench gatewayUrl keycloakUrl dataDir workDir rows rounds
 */
public final class BatchBench {

    private static final String COLUMNS = "plan_id, nhs_number, plan_type, start_date, end_date, local_authority, given_name, family_name, birth_date";
    private static final String BARE = "bench_copy_bare";
    private static final String INDEXED = "bench_copy_indexed";
    private static final Pattern COUNT = Pattern.compile("\"(created|updated|unchanged|rejected)\":(\\d+)");

    private BatchBench() {}

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        Token la = BenchHttp.client(BenchHttp.tokenUrl(args[1]), "la-derby-system");
        Path data = Path.of(args[2]);
        Path work = Path.of(args[3]);
        int rows = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);

        // warm-up: the whole path compiled on files a fifth the size, created then unchanged then changed
        Path warm = work.resolve("batch-warm.csv");
        Plans.write(warm, rows / 5, "WARM-");
        byte[] warmFile = Files.readAllBytes(warm);
        for (byte[] file : List.of(warmFile, warmFile, changed(warmFile))) {
            GatewayApi.postBatch(gateway, la, file);
        }

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        try (Connection db = gatewayDatabase(data); Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + BARE + ", " + INDEXED);
            // cp_plan's columns and NOT NULLs (LIKE copies no key and no index); the CSV has no updated_at
            s.execute("CREATE TABLE " + BARE + " (LIKE cp_plan)");
            s.execute("ALTER TABLE " + BARE + " ALTER updated_at SET DEFAULT now()");
            s.execute("CREATE TABLE " + INDEXED + " (LIKE cp_plan INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            s.execute("ALTER TABLE " + INDEXED + " ALTER updated_at SET DEFAULT now()");
            for (int round = 1; round <= rounds; round++) {
                Path csv = work.resolve("batch-plans.csv");
                Plans.write(csv, rows, "BATCH" + round + "-");
                byte[] file = Files.readAllBytes(csv);
                record(seconds, "COPY into a bare table of cp_plan's columns (baseline)", copy(db, BARE, file));
                record(seconds, "COPY into a table with cp_plan's key and indexes", copy(db, INDEXED, file));
                record(seconds, "gateway, first upload (all created)", upload(gateway, la, file, "created", rows));
                record(seconds, "gateway, the same file again (all unchanged)", upload(gateway, la, file, "unchanged", rows));
                record(seconds, "gateway, every tenth row changed (10% updated)", upload(gateway, la, changed(file), "updated", rows / 10));
                System.out.printf("round %d of %d done%n", round, rounds);
            }
            s.execute("DROP TABLE " + BARE + ", " + INDEXED);
        }

        System.out.println();
        System.out.printf("%,d rows per file, %d rounds (a fresh file each), end to end%n", rows, rounds);
        System.out.printf("%-56s %9s %9s %12s%n", "", "median s", "max s", "rows/s (med)");
        seconds.forEach((label, s) -> {
            double median = median(s);
            System.out.printf("%-56s %9.2f %9.2f %,12.0f%n", label, median, s.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    rows / median);
        });
        double floor = median(seconds.get("COPY into a bare table of cp_plan's columns (baseline)"));
        System.out.printf("gateway first upload / bare COPY: %.1f x (target: 100,000 rows in <= 3 s end to end)%n",
                median(seconds.get("gateway, first upload (all created)")) / floor);
    }

    /** The file with every tenth row's family name changed (the first row after the header is row 0). */
    private static byte[] changed(byte[] file) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n", -1);
        StringBuilder out = new StringBuilder(file.length + lines.length);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0 && (i - 1) % 10 == 0 && !line.isEmpty()) {
                line = line.replace(",Bench,Child", ",Bench,Changed");
            }
            out.append(line).append(i < lines.length - 1 ? "\n" : "");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One upload, timed from the request sent to the answer read; the answer must count {@code expected} rows as {@code outcome}. */
    private static double upload(String gateway, Token token, byte[] file, String outcome, int expected) throws Exception {
        token.get(); // a token fetched outside the timing
        long t0 = System.nanoTime();
        String answer = GatewayApi.postBatch(gateway, token, file);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Matcher m = COUNT.matcher(answer); m.find(); ) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        if (counts.getOrDefault(outcome, -1L) != expected || counts.getOrDefault("rejected", -1L) != 0) {
            throw new IllegalStateException("expected " + expected + " " + outcome + ", the gateway answered " + counts);
        }
        return elapsed;
    }

    /** PostgreSQL's own COPY of the file into an emptied table, committed, timed from the statement sent to the commit. */
    private static double copy(Connection db, String table, byte[] file) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("TRUNCATE " + table);
        }
        long t0 = System.nanoTime();
        db.setAutoCommit(false);
        db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT csv, HEADER true)",
                new ByteArrayInputStream(file));
        db.commit();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        db.setAutoCommit(true);
        return elapsed;
    }

    /**
     * The gateway's embedded PostgreSQL, as it started it: the port from the running server's {@code postmaster.pid}
     * (its fourth line), the password the gateway generated in {@code postgres/password} (EmbeddedPostgres).
     */
    private static Connection gatewayDatabase(Path data) throws Exception {
        List<String> pid = Files.readAllLines(data.resolve("postgres/cluster/postmaster.pid"));
        String password = Files.readString(data.resolve("postgres/password")).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/gateway", "gateway", password);
    }

    private static void record(Map<String, List<Double>> seconds, String label, double value) {
        System.out.printf("  %-56s %6.2f s%n", label, value);
        seconds.computeIfAbsent(label, k -> new ArrayList<>()).add(value);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
