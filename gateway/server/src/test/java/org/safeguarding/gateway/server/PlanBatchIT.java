package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.batch.PlanBatchStore;
import org.safeguarding.gateway.core.register.batch.PlanBatchStore.Applied;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CP-IS-style daily upload: POST /api/v1/plans/batch and the file drop, against the real register. */
class PlanBatchIT extends GatewayIntegrationTest {

    private static final String HEADER = "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    PlanRegister register;

    @Autowired
    AuditTrail audit;

    @Autowired
    PlanBatchStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void goodRecordsAreAppliedAndEachBadOneCarriesItsCode() {
        String run = run();
        String nottinghams = "NOT-" + run;
        String nottinghamNhs = Plans.freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + nottinghams, Tokens.user("sw.nottingham"), Plans.json(nottinghamNhs, "CPP", "la-nottingham"))
                .status()).isEqualTo(201);
        String good1 = Plans.freshNhsNumber();
        String good2 = Plans.freshNhsNumber();
        String csv = HEADER + "\r\n"
                + row("G1-" + run, good1, "CPP", "la-derby") + "\r\n"                                         // 2
                + "G2-" + run + "," + good2 + ",LAC,2026-02-01,2026-10-01,la-derby,\"Jo, Jr\",\"O\"\"Hara\",2016-03-03\r\n" // 3
                + "B1-" + run + ",9997709145,CPP,2026-01-05,,la-derby,A,B,2020-01-01\r\n"                      // 4
                + "B2-" + run + "," + Plans.freshNhsNumber() + ",CPP,05/01/2026,,la-derby,A,B,2020-01-01\r\n"  // 5
                + "B3-" + run + "," + Plans.freshNhsNumber() + ",CPP,2026-05-01,2026-04-01,la-derby,A,B,2020-01-01\r\n" // 6
                + "B4-" + run + "," + Plans.freshNhsNumber() + ",CP,2026-01-05,,la-derby,A,B,2020-01-01\r\n"   // 7
                + "B5-" + run + "," + Plans.freshNhsNumber() + ",CPP,2026-01-05,,la-derby,A,,2020-01-01\r\n"   // 8
                + "bad/" + run + "," + Plans.freshNhsNumber() + ",CPP,2026-01-05,,la-derby,A,B,2020-01-01\r\n" // 9
                + "B6-" + run + ",CPP,2026-01-05\r\n"                                                          // 10
                + row("G1-" + run, Plans.freshNhsNumber(), "CPP", "la-derby") + "\r\n"                        // 11 duplicate
                + row("B7-" + run, Plans.freshNhsNumber(), "CPP", "la-nottingham") + "\r\n"                   // 12 other LA
                + row(nottinghams, Plans.freshNhsNumber(), "LAC", "la-derby") + "\r\n";                       // 13 their plan
        Api.Response response = upload(csv, Tokens.user("sw.derby"), "TraceID", "batch-mixed-" + run);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode file = response.json().get("file");
        assertThat(file.get("status").asString()).isEqualTo("partially-accepted");
        assertThat(file.get("records").asInt()).isEqualTo(12);
        assertThat(file.get("accepted").asInt()).isEqualTo(2);
        assertThat(file.get("rejected").asInt()).isEqualTo(10);
        assertThat(file.has("code")).as("no file-level code when records are judged one by one").isFalse();
        assertThat(codes(response.json())).containsExactly(
                Map.entry(4, "INVALID_NHS_NUMBER"), Map.entry(5, "BAD_DATE"), Map.entry(6, "BAD_DATE"), Map.entry(7, "UNKNOWN_TYPE"),
                Map.entry(8, "MISSING_FIELD"), Map.entry(9, "INVALID_PLAN_ID"), Map.entry(10, "WRONG_COLUMN_COUNT"),
                Map.entry(11, "DUPLICATE_IN_FILE"), Map.entry(12, "OTHER_LA"), Map.entry(13, "PLAN_OF_OTHER_LA"));
        JsonNode first = response.json().get("records").get(0);
        assertThat(first.get("planId").asString()).isEqualTo("B1-" + run);
        assertThat(first.get("status").asString()).isEqualTo("rejected");
        assertThat(first.get("reason").asString()).contains("nhsNumber", "check digit");

        assertThat(register.find("G1-" + run)).hasValueSatisfying(p -> assertThat(p.nhsNumber().value()).isEqualTo(good1));
        assertThat(register.find("G2-" + run)).hasValueSatisfying(p -> {
            assertThat(p.child().givenName()).isEqualTo("Jo, Jr");
            assertThat(p.child().familyName()).isEqualTo("O\"Hara");
            assertThat(p.endDate()).hasToString("2026-10-01");
        });
        assertThat(register.find("B7-" + run)).isEmpty();
        assertThat(register.find(nottinghams)).as("another authority's plan is not overwritten")
                .hasValueSatisfying(p -> {
                    assertThat(p.localAuthority()).isEqualTo("la-nottingham");
                    assertThat(p.nhsNumber().value()).isEqualTo(nottinghamNhs);
                });

        List<AuditRecord> records = audit.latest(200).stream().filter(r -> ("batch-mixed-" + run).equals(r.entry().traceId())).toList();
        assertThat(records).as("one decision and one summary for the file, not one record per row").hasSize(2);
        assertThat(records).extracting(r -> r.entry().action()).containsExactlyInAnyOrder("plan-write", "plan-batch");
        assertThat(records).filteredOn(r -> r.entry().action().equals("plan-batch")).singleElement()
                .satisfies(r -> assertThat(r.entry().outcome()).isEqualTo("partially-accepted"));
    }

    @Test
    void aHundredThousandRecordFileIsAcceptedInSecondsAndAReuploadChangesNothing() {
        String run = run();
        int n = 100_000;
        StringBuilder csv = new StringBuilder(n * 90).append(HEADER).append("\r\n");
        List<String> nhsNumbers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String nhs = Plans.freshNhsNumber();
            nhsNumbers.add(nhs);
            csv.append("BIG-").append(run).append('-').append(i).append(',').append(nhs).append(',')
                    .append(i % 10 == 0 ? "LAC" : "CPP").append(",2026-01-05,,la-derby,Given").append(i)
                    .append(",Synthetic").append(i % 997).append(',').append(java.time.LocalDate.of(2012, 1, 1).plusDays(i % 3650))
                    .append("\r\n");
        }
        String body = csv.toString();
        String token = Tokens.user("sw.derby");
        long before = register.count();

        long started = System.nanoTime();
        Api.Response first = upload(body, token, "TraceID", "batch-big-" + run);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("PlanBatchIT: %,d records (%,d bytes) uploaded in %,d ms (%,d ms in the gateway from decision to summary)%n",
                n, body.length(), firstMillis, serverMillis("batch-big-" + run));

        assertThat(first.status()).as(first.body().substring(0, Math.min(2000, first.body().length()))).isEqualTo(200);
        JsonNode file = first.json().get("file");
        assertThat(file.get("status").asString()).isEqualTo("accepted");
        assertThat(file.get("records").asInt()).isEqualTo(n);
        assertThat(file.get("accepted").asInt()).isEqualTo(n);
        assertThat(file.get("created").asInt()).isEqualTo(n);
        assertThat(file.get("rejected").asInt()).isZero();
        assertThat(first.json().get("records")).as("accepted records are counted, not listed").isEmpty();
        assertThat(register.count()).isEqualTo(before + n);
        assertThat(firstMillis).as("100,000 records in a few seconds").isLessThan(30_000);

        String ae = Tokens.user("ae.clinician");
        Random random = new Random(42);
        for (int k = 0; k < 5; k++) {
            int i = random.nextInt(n);
            JsonNode bundle = api.careTeams(nhsNumbers.get(i), ae).json();
            assertThat(bundle.get("total").asInt()).as("record " + i).isEqualTo(1);
            JsonNode team = bundle.get("entry").get(0).get("resource");
            assertThat(team.get("category").get(0).get("coding").get(1).get("code").asString()).isEqualTo(i % 10 == 0 ? "LAC" : "CPP");
            assertThat(team.get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-derby");
        }

        started = System.nanoTime();
        Api.Response again = upload(body, token, "TraceID", "batch-big-again-" + run);
        long againMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("PlanBatchIT: the same %,d records re-uploaded in %,d ms (%,d ms in the gateway)%n", n, againMillis,
                serverMillis("batch-big-again-" + run));
        JsonNode fileAgain = again.json().get("file");
        assertThat(again.status()).isEqualTo(200);
        assertThat(fileAgain.get("status").asString()).isEqualTo("accepted");
        assertThat(fileAgain.get("accepted").asInt()).isEqualTo(n);
        assertThat(fileAgain.get("unchanged").asInt()).as("idempotent: nothing written again").isEqualTo(n);
        assertThat(fileAgain.get("created").asInt()).isZero();
        assertThat(fileAgain.get("updated").asInt()).isZero();
        assertThat(register.count()).isEqualTo(before + n);
    }

    @Test
    void aChunkMixingNewChangedSameAndAnotherAuthoritysPlansGetsEachItsOwnOutcomeAndWritesOnlyWhatChanged() {
        String run = run();
        Plan same = plan("MIX-SAME-" + run, "la-derby", "Same");
        Plan changing = plan("MIX-CHANGED-" + run, "la-derby", "Before");
        Plan theirs = plan("MIX-THEIRS-" + run, "la-nottingham", "Theirs");
        assertThat(store.apply(List.of(same, changing))).containsExactly(Applied.CREATED, Applied.CREATED);
        assertThat(store.apply(List.of(theirs))).containsExactly(Applied.CREATED);
        Object sameWrittenAt = updatedAt(same.planId());

        Plan changed = plan(changing.planId(), "la-derby", "After");
        Plan theirsAsDerby = plan(theirs.planId(), "la-derby", "Overwritten");
        Plan new1 = plan("MIX-NEW1-" + run, "la-derby", "New");
        Plan new2 = plan("MIX-NEW2-" + run, "la-derby", "New");
        // interleaved, so that an outcome given to the wrong position shows
        assertThat(store.apply(List.of(new1, changed, theirsAsDerby, same, new2))).containsExactly(Applied.CREATED, Applied.UPDATED,
                Applied.HELD_BY_OTHER_AUTHORITY, Applied.UNCHANGED, Applied.CREATED);

        assertThat(register.find(changed.planId())).hasValueSatisfying(p -> assertThat(p.child().familyName()).isEqualTo("After"));
        assertThat(register.find(theirs.planId())).hasValueSatisfying(p -> {
            assertThat(p.localAuthority()).isEqualTo("la-nottingham");
            assertThat(p.child().familyName()).isEqualTo("Theirs");
        });
        assertThat(register.find(new1.planId())).hasValueSatisfying(p -> assertThat(p.nhsNumber()).isEqualTo(new1.nhsNumber()));
        assertThat(register.find(new2.planId())).hasValueSatisfying(p -> assertThat(p.nhsNumber()).isEqualTo(new2.nhsNumber()));
        assertThat(updatedAt(same.planId())).as("an unchanged plan is not written").isEqualTo(sameWrittenAt);
        assertThat(store.apply(List.of(new1, changed, same, new2))).as("the same chunk again").containsOnly(Applied.UNCHANGED);
    }

    @Test
    void twoAuthoritiesUploadingTheSameNewIdsAtOnceEndWithEachPlanOnceHeldByOneOfThem() {
        String run = run();
        int n = 12_000; // three chunks each
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "RACE-" + run + "-" + i).toList();
        // Nottingham's file lists the ids the other way round, so the two meet in the middle with locks taken in opposite orders
        List<JsonNode> answers = atOnce(
                () -> upload(csv(ids, "la-derby"), Tokens.system("la-derby-system")),
                () -> upload(csv(reversed(ids), "la-nottingham"), Tokens.user("sw.nottingham")));
        JsonNode derby = answers.get(0).get("file");
        JsonNode nottingham = answers.get(1).get("file");

        assertThat(derby.get("created").asInt() + nottingham.get("created").asInt()).as("each plan created once").isEqualTo(n);
        assertThat(derby.get("records").asInt()).isEqualTo(n);
        assertThat(nottingham.get("records").asInt()).isEqualTo(n);
        assertThat(derby.get("rejected").asInt()).isEqualTo(nottingham.get("created").asInt());
        assertThat(nottingham.get("rejected").asInt()).isEqualTo(derby.get("created").asInt());
        Map<String, String> held = holders("RACE-" + run + "-%");
        assertThat(held).hasSize(n);
        for (int k = 0; k < 2; k++) {
            String loser = k == 0 ? "la-derby" : "la-nottingham";
            List<JsonNode> rejected = StreamSupport.stream(answers.get(k).get("records").spliterator(), false).toList();
            assertThat(rejected).allSatisfy(r -> assertThat(r.get("code").asString()).isEqualTo("PLAN_OF_OTHER_LA"));
            assertThat(rejected).as("what %s was refused, the other holds", loser)
                    .allSatisfy(r -> assertThat(held.get(r.get("planId").asString())).isNotEqualTo(loser));
            assertThat(held.values().stream().filter(loser::equals).count()).isEqualTo(answers.get(k).get("file").get("created").asLong());
        }
    }

    @Test
    void oneAuthorityUploadingTheSameNewFileTwiceAtOnceCreatesEachPlanOnceAndReportsTheOtherUnchanged() {
        String run = run();
        int n = 12_000;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "TWICE-" + run + "-" + i).toList();
        String csv = csv(ids, "la-derby");
        String token = Tokens.user("sw.derby");
        List<JsonNode> answers = atOnce(() -> upload(csv, token), () -> upload(csv, token));

        int created = 0;
        int unchanged = 0;
        for (JsonNode answer : answers) {
            JsonNode file = answer.get("file");
            assertThat(file.get("status").asString()).isEqualTo("accepted");
            assertThat(file.get("accepted").asInt()).isEqualTo(n);
            assertThat(file.get("updated").asInt()).isZero();
            created += file.get("created").asInt();
            unchanged += file.get("unchanged").asInt();
        }
        assertThat(created).as("each plan created once").isEqualTo(n);
        assertThat(unchanged).as("and found as sent by the other upload").isEqualTo(n);
        Map<String, String> held = holders("TWICE-" + run + "-%");
        assertThat(held.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(held.values()).containsOnly("la-derby");
    }

    @Test
    void anotherAuthoritysRecordsAreRejectedAndNothingOfThemIsStored() {
        String run = run();
        String csv = HEADER + "\n" + row("X1-" + run, Plans.freshNhsNumber(), "CPP", "la-derby") + "\n"
                + row("X2-" + run, Plans.freshNhsNumber(), "CPP", "la-derby") + "\n";
        Api.Response response = upload(csv, Tokens.user("sw.nottingham"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("file").get("status").asString()).isEqualTo("rejected");
        assertThat(codes(response.json())).containsExactly(Map.entry(2, "OTHER_LA"), Map.entry(3, "OTHER_LA"));
        assertThat(register.find("X1-" + run)).isEmpty();
        assertThat(register.find("X2-" + run)).isEmpty();
    }

    @Test
    void onlySocialCareMayUpload() {
        String planId = "AUTH-" + run();
        String csv = HEADER + "\n" + row(planId, Plans.freshNhsNumber(), "CPP", "la-derby") + "\n";
        Api.Response anonymous = upload(csv, null);
        assertThat(anonymous.status()).isEqualTo(401);
        Api.Response police = upload(csv, Tokens.user("police.derbyshire"));
        assertThat(police.status()).as(police.toString()).isEqualTo(403);
        assertThat(police.contentType()).startsWith("application/problem+json");
        assertThat(police.json().get("code").asString()).isEqualTo("ROLE_NOT_PERMITTED");
        Api.Response nobody = upload(csv, Tokens.user("nobody"));
        assertThat(nobody.status()).as(nobody.toString()).isEqualTo(403);
        assertThat(nobody.json().get("code").asString()).isEqualTo("NO_ROLE");
        assertThat(register.find(planId)).isEmpty();

        Api.Response system = upload(csv, Tokens.system("la-derby-system"));
        assertThat(system.status()).as("the authority's own system client may").isEqualTo(200);
        assertThat(register.find(planId)).isPresent();
    }

    @Test
    void aBadHeaderOrAnEmptyFileIsRejectedAsAWhole() {
        String planId = "HDR-" + run();
        Api.Response badHeader = upload("planId,nhs,type\n" + row(planId, Plans.freshNhsNumber(), "CPP", "la-derby") + "\n",
                Tokens.user("sw.derby"));
        assertThat(badHeader.status()).as(badHeader.toString()).isEqualTo(400);
        assertThat(badHeader.json().get("file").get("status").asString()).isEqualTo("rejected");
        assertThat(badHeader.json().get("file").get("code").asString()).isEqualTo("BAD_HEADER");
        assertThat(badHeader.json().get("file").get("reason").asString()).contains(HEADER);
        assertThat(register.find(planId)).isEmpty();

        Api.Response empty = upload("", Tokens.user("sw.derby"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("file").get("code").asString()).isEqualTo("EMPTY_FILE");

        Api.Response json = api.post("/api/v1/plans/batch", Tokens.user("sw.derby"), "{}");
        assertThat(json.status()).as("text/csv only").isEqualTo(415);
    }

    @Test
    void aPlanUploadedByBatchIsWhatAeSees() {
        String nhs = Plans.freshNhsNumber();
        Api.Response response = upload(HEADER + "\n" + row("AE-" + run(), nhs, "CPP", "la-derby") + "\n", Tokens.user("sw.derby"));
        assertThat(response.status()).isEqualTo(200);
        JsonNode bundle = api.careTeams(nhs, Tokens.user("ae.clinician")).json();
        assertThat(bundle.get("total").asInt()).isEqualTo(1);
        JsonNode team = bundle.get("entry").get(0).get("resource");
        assertThat(team.get("status").asString()).isEqualTo("active");
        assertThat(team.get("period").get("start").asString()).isEqualTo("2026-01-05");
        assertThat(team.get("contained").get(0).get("identifier").get(0).get("value").asString()).isEqualTo("la-derby");
        assertThat(team.get("contained").get(0).get("telecom").get(0).get("value").asString())
                .as("no contact in a CSV: the authority's own numbers").isNotBlank();
    }

    @Test
    void aFileDroppedInTheAuthoritysFolderIsAppliedAnsweredAndMovedToDone() throws IOException {
        String run = run();
        Path derby = dataDirectory().resolve("drop/la-derby");
        Files.createDirectories(derby.resolve("in"));
        String good = Plans.freshNhsNumber();
        String name = "plans-" + run + ".csv";
        String csv = HEADER + "\r\n" + row("DROP-" + run, good, "CPP", "la-derby") + "\r\n"
                + row("DROP-BAD-" + run, "9997709145", "CPP", "la-derby") + "\r\n"
                + row("DROP-NOT-" + run, Plans.freshNhsNumber(), "CPP", "la-nottingham") + "\r\n";
        // written elsewhere and moved in, as a careful SFTP client does (readLock=changed copes with slow writers too)
        Path staged = Files.writeString(derby.resolve(name + ".part"), csv);
        Files.move(staged, derby.resolve("in").resolve(name));

        Path outcome = derby.resolve("out").resolve(name + ".outcome.json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(outcome));
        JsonNode answer = JSON.readTree(Files.readString(outcome));
        assertThat(answer.get("file").get("status").asString()).isEqualTo("partially-accepted");
        assertThat(codes(answer)).containsExactly(Map.entry(3, "INVALID_NHS_NUMBER"), Map.entry(4, "OTHER_LA"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(derby.resolve("done").resolve(name)));
        assertThat(derby.resolve("in").resolve(name)).doesNotExist();
        assertThat(register.find("DROP-" + run)).hasValueSatisfying(p -> assertThat(p.localAuthority()).isEqualTo("la-derby"));
        assertThat(api.careTeams(good, Tokens.user("ae.clinician")).json().get("total").asInt()).isEqualTo(1);

        // a bad header: answered, and the file goes to error/
        String badName = "bad-" + run + ".csv";
        Files.writeString(derby.resolve("in").resolve(badName), "nhsNumber,planId\n1,2\n");
        Path badOutcome = derby.resolve("out").resolve(badName + ".outcome.json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(derby.resolve("error").resolve(badName)));
        assertThat(JSON.readTree(Files.readString(badOutcome)).get("file").get("code").asString()).isEqualTo("BAD_HEADER");

        // a folder that is no local authority: nothing applied, moved to error/
        Path stranger = dataDirectory().resolve("drop/police-derbyshire");
        Files.createDirectories(stranger.resolve("in"));
        String strangerPlan = "STRANGER-" + run;
        Files.writeString(stranger.resolve("in/x-" + run + ".csv"), HEADER + "\n" + row(strangerPlan, Plans.freshNhsNumber(), "CPP",
                "police-derbyshire") + "\n");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(stranger.resolve("error/x-" + run + ".csv")));
        assertThat(register.find(strangerPlan)).isEmpty();
        assertThat(stranger.resolve("out")).doesNotExist();
    }

    /** Two uploads started together; their answers (200 each) in the order given. */
    @SafeVarargs
    private static List<JsonNode> atOnce(java.util.function.Supplier<Api.Response>... uploads) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> running = java.util.Arrays.stream(uploads).map(u -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return u.get();
        })).toList();
        start.countDown();
        return running.stream().map(CompletableFuture::join).map(r -> {
            assertThat(r.status()).as(r.body().substring(0, Math.min(2000, r.body().length()))).isEqualTo(200);
            return r.json();
        }).toList();
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** A batch file of one authority's new plans with these ids. */
    private static String csv(List<String> ids, String authority) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        ids.forEach(id -> csv.append(row(id, Plans.freshNhsNumber(), "CPP", authority)).append('\n'));
        return csv.toString();
    }

    /** The register's plans whose ids are LIKE the pattern, with the authority holding each. */
    private Map<String, String> holders(String pattern) {
        Map<String, String> held = new LinkedHashMap<>();
        jdbc.query("SELECT plan_id, local_authority FROM cp_plan WHERE plan_id LIKE ?", rs -> {
            held.put(rs.getString(1), rs.getString(2));
        }, pattern);
        return held;
    }

    private Object updatedAt(String planId) {
        return jdbc.queryForObject("SELECT updated_at FROM cp_plan WHERE plan_id = ?", Object.class, planId);
    }

    private static Plan plan(String planId, String authority, String familyName) {
        return new Plan(planId, NhsNumber.parse(Plans.freshNhsNumber()), PlanType.CPP, java.time.LocalDate.of(2026, 1, 5), null, authority,
                new Child("Batch", familyName, java.time.LocalDate.of(2019, 5, 5)), null, List.of());
    }

    /** From the audited decision to the audited summary of one upload: the gateway's own time for the file. */
    private long serverMillis(String traceId) {
        List<AuditRecord> records = audit.latest(50).stream().filter(r -> traceId.equals(r.entry().traceId())).toList();
        assertThat(records).hasSize(2);
        return Math.abs(Duration.between(records.get(1).time(), records.get(0).time()).toMillis());
    }

    private Api.Response upload(String csv, String token, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "text/csv"));
        all.addAll(List.of(headers));
        return api.send(api.request("/api/v1/plans/batch", token, all.toArray(String[]::new))
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    private static String row(String planId, String nhs, String type, String authority) {
        return planId + "," + nhs + "," + type + ",2026-01-05,," + authority + ",Batch,Testchild,2019-05-05";
    }

    private static Map<Integer, String> codes(JsonNode answer) {
        Map<Integer, String> codes = new LinkedHashMap<>();
        for (JsonNode r : answer.get("records")) {
            codes.put(r.get("line").asInt(), r.get("code").asString());
        }
        return codes;
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
