package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayProcess;
import org.safeguarding.gateway.server.support.KeycloakExtension;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged gateway killed with SIGKILL in the middle of each flow that sends something, then started again on the same
 * data folder. For each flow a burst goes in, the kill lands as soon as its first copies are in their inboxes (so some
 * items are done, some half done, some not begun), and once the restarted gateway has settled: every answered (2xx) item
 * reached every recipient exactly once, no copy or inbox message exists twice, every copy delivered has exactly one audit
 * record of its delivery (and every such record its copy), and the audit chain verifies. An item whose request was in
 * flight at the kill was either done completely or not at all (or, where the client may retry, is retried and then done
 * once).
 *
 * <p>One gateway process is shared by the tests in order: each flow kills the process it finds and leaves the restarted
 * one for the next (six starts in all).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {

    // ---------------------------------------------------------------------------------------------------------------
    // What this test reads, and every name it depends on: message types, audit actions and the wording of the deliver
    // record, in this one helper. The delivery table is read as operators see it, each organisation's inbox as its user,
    // the audit trail as the auditor exports it.
    // ---------------------------------------------------------------------------------------------------------------

    private static final String ACCESS_NOTIFICATION = "access-notification";
    private static final String DV_NOTIFICATION = "dv-notification";
    private static final String DV_RECEIPT = "dv-receipt";
    private static final String DV_OUTCOME = "dv-outcome";
    private static final String DOCUMENT = "document";
    private static final String REFERRAL = "referral";
    /** A user of each organisation that receives something in these flows, to read its inbox. */
    private static final Map<String, String> INBOX_READER = Map.of("la-derby", "sw.derby", "school-derby-primary", "dsl.derby",
            "hv-derby", "hv.derby", "gp-derby-central", "gp.derby", "police-derbyshire", "police.derbyshire");

    record Copy(String id, String type, String reference, String recipient, boolean delivered) {}

    record Message(String id, String recipient, String type, String reference, String nhsNumber, String summary) {}

    record AuditLine(long seq, Instant time, String action, String resource, String nhsNumber, String outcome, String reason) {}

    /** The gateway's state as its APIs show it, at one moment. */
    record Observed(List<Copy> copies, List<Message> messages, List<AuditLine> trail) {

        private static final Pattern DELIVERED_COPY = Pattern.compile("^copy (\\S+) in the inbox of (\\S+)$");

        List<Copy> copies(String type, String reference) {
            return copies.stream().filter(c -> c.type().equals(type) && c.reference().equals(reference)).toList();
        }

        List<Message> inbox(String recipient, String type, Predicate<Message> which) {
            return messages.stream().filter(m -> m.recipient().equals(recipient) && m.type().equals(type) && which.test(m)).toList();
        }

        /** The audit records of a copy's delivery into its recipient's inbox ({@code deliver}, its reason naming the copy). */
        List<AuditLine> deliveryRecords(Copy copy) {
            return trail.stream().filter(r -> r.action().equals("deliver")).filter(r -> {
                Matcher m = DELIVERED_COPY.matcher(r.reason() == null ? "" : r.reason());
                return m.matches() && m.group(1).equals(copy.id());
            }).toList();
        }

        /** The copy ids named by deliver records. */
        List<String> copiesWithADeliveryRecord() {
            return trail.stream().filter(r -> r.action().equals("deliver")).map(r -> DELIVERED_COPY.matcher(r.reason()))
                    .filter(Matcher::matches).map(m -> m.group(1)).toList();
        }

        /** The routing record of a DV notification ({@code dv-route}, outcome {@code routed}). */
        List<AuditLine> routingRecords(String notificationId) {
            return trail.stream().filter(r -> r.action().equals("dv-route") && r.resource().equals("dv-notification/" + notificationId)
                    && r.outcome().equals("routed")).toList();
        }

        /** The routing record of a referral ({@code referral-route}, outcome {@code routed}). */
        List<AuditLine> referralRoutingRecords(String referralId) {
            return trail.stream().filter(r -> r.action().equals("referral-route") && r.resource().equals("referral/" + referralId)
                    && r.outcome().equals("routed")).toList();
        }

        /** The records of allowed notifying CP lookups of a child ({@code cp-lookup}). */
        List<AuditLine> lookupRecords(String nhs) {
            return trail.stream().filter(r -> r.action().equals("cp-lookup") && nhs.equals(r.nhsNumber())
                    && r.outcome().equals("allowed")).toList();
        }
    }

    private static Observed observe(Api api) {
        JsonNode listed = api.get("/api/v1/admin/deliveries", Tokens.user("ops")).json().get("deliveries");
        assertThat(listed.size()).as("the operators' list is not cut short (it shows 500)").isLessThan(500);
        List<Copy> copies = StreamSupport.stream(listed.spliterator(), false).map(d -> new Copy(d.get("id").asString(),
                d.get("messageType").asString(), d.get("reference").asString(), d.get("recipient").asString(),
                !d.get("deliveredAt").isNull())).toList();
        List<Message> messages = new ArrayList<>();
        INBOX_READER.forEach((organisation, user) -> {
            String token = Tokens.user(user);
            for (int page = 0; ; page++) {
                JsonNode answer = api.get("/api/v1/inbox?size=200&page=" + page, token).json();
                answer.get("messages").forEach(m -> messages.add(new Message(m.get("id").asString(), organisation,
                        m.get("type").asString(), m.get("reference").asString(null), m.get("nhsNumber").asString(null),
                        m.get("summary").asString())));
                if ((long) (page + 1) * 200 >= answer.get("total").asLong()) {
                    break;
                }
            }
        });
        Api.Response export = api.get("/api/v1/audit/export", Tokens.user("auditor"));
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        List<AuditLine> trail = export.body().lines().map(JSON::readTree).filter(n -> n.get("type").asString().equals("record"))
                .map(n -> new AuditLine(n.get("seq").asLong(), Instant.parse(n.get("time").asString()), n.get("action").asString(),
                        n.get("resource").asString(), n.get("nhsNumber").asString(null), n.get("outcome").asString(),
                        n.get("reason").asString(null)))
                .toList();
        return new Observed(copies, messages, trail);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BURST = 40;
    /** The kill comes once this many copies of a burst are in their recipients' inboxes: deliveries are under way. */
    private static final int FIRST_COPIES = 3;
    private static final String[] GATEWAY_ARGUMENTS = {"--gateway.outbox-poll-millis=100"};

    private final Path data = Path.of(System.getProperty("test.work", "target/it-work")).resolve("restart-" + UUID.randomUUID());
    private GatewayProcess gateway;
    private Instant killedAt;
    private Instant restartedAt;

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void lookupsKilledMidBurstEachKeepTheirAuditRecordAndTheirNotificationTogetherAndPlansSurvive() {
        Api api = running();
        List<String> children = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String nhs = Plans.freshNhsNumber();
            assertThat(api.put("/api/v1/plans/" + Plans.id(), Tokens.user("sw.derby"), Plans.json(nhs, "CPP", "la-derby")).status())
                    .isEqualTo(201);
            children.add(nhs);
        }
        String clinician = Tokens.user("ae.clinician");
        CountDownLatch firstAnswers = new CountDownLatch(8);
        Burst<String> burst = new Burst<>(children, 10, nhs -> {
            Api.Response r = api.careTeams(nhs, clinician);
            firstAnswers.countDown();
            return r;
        });
        // a little later than the eighth answer, so that the kill is not timed to the threads' sending their next lookups
        killWhen(burst, () -> firstAnswers.getCount() == 0 && pause(ThreadLocalRandom.current().nextInt(25)));

        Api restarted = restart();
        assertThat(burst.answered()).as("lookups answered before the kill").isNotEmpty()
                .allSatisfy((nhs, r) -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(burst.unanswered()).as("the kill came while lookups were still to be answered").isNotEmpty();

        Observed after = observe(restarted);
        System.out.println("RestartIT: of the lookups cut off by the kill, " + burst.unanswered().stream()
                .filter(nhs -> !after.lookupRecords(nhs).isEmpty()).count() + " had been done (record and notification)");
        for (String nhs : children) {
            List<Message> notifications = after.inbox("la-derby", ACCESS_NOTIFICATION, m -> nhs.equals(m.nhsNumber()));
            List<AuditLine> lookups = after.lookupRecords(nhs);
            if (burst.answered().containsKey(nhs)) {
                assertThat(lookups).as("the audit record of the answered lookup of " + nhs).hasSize(1);
                assertThat(notifications).as("the notification of the answered lookup of " + nhs).hasSize(1);
            } else {
                assertThat(notifications).as("a lookup cut off by the kill: its notification exists if and only if its record does, "
                        + nhs).hasSameSizeAs(lookups);
                assertThat(lookups.size()).as("once or not at all, and never if it was not sent: " + nhs)
                        .isIn(burst.sent(nhs) ? List.of(0, 1) : List.of(0));
            }
        }
        assertChainVerifies(restarted);

        // every plan written before the kill is still on the register (a silent read notifies nobody)
        String nurse = Tokens.user("safeguarding.nurse");
        for (String nhs : children) {
            assertThat(restarted.careTeams(nhs, nurse, "IsUnscheduledAccessEvent", "false").json().get("total").asInt())
                    .as("the plan of " + nhs + " survived").isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void dvNotificationsKilledMidRoutingReachEachRecipientOnceWithOneRoutingAndOneDeliveryRecordEach() {
        Api api = running();
        String police = Tokens.user("police.derbyshire");
        Map<String, Dv> notifications = new LinkedHashMap<>();
        for (int i = 0; i < BURST; i++) {
            String reference = "RST-" + UUID.randomUUID();
            Dv dv = switch (i % 3) {
                case 0 -> new Dv(reference, Plans.freshNhsNumber(), "2016-05-01", "school-derby-primary",
                        List.of("la-derby", "school-derby-primary"));
                case 1 -> new Dv(reference, Plans.freshNhsNumber(), "2024-03-01", null, List.of("la-derby", "hv-derby"));
                default -> new Dv(reference, Plans.freshNhsNumber(), "2022-01-10", "school-derby-primary",
                        List.of("la-derby", "school-derby-primary", "hv-derby"));
            };
            notifications.put(reference, dv);
        }
        Burst<String> burst = new Burst<>(List.copyOf(notifications.keySet()), 4,
                reference -> submitDv(api, notifications.get(reference), police));
        killWhen(burst, () -> copiesIn(api, "sw.derby", DV_NOTIFICATION, referencesOf(burst.accepted())).size() >= FIRST_COPIES);

        Api restarted = restart();
        assertThat(burst.answered()).as("notifications answered before the kill").isNotEmpty()
                .allSatisfy((reference, r) -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        // what a force's system does when it had no answer: send the same notification again with the same key
        Map<String, String> ids = new HashMap<>();
        burst.accepted().forEach((reference, r) -> ids.put(reference, r.json().get("id").asString()));
        for (String reference : notifications.keySet()) {
            if (!ids.containsKey(reference)) {
                Api.Response again = submitDv(restarted, notifications.get(reference), Tokens.user("police.derbyshire"));
                assertThat(again.status()).as(again.toString()).isEqualTo(202);
                ids.put(reference, again.json().get("id").asString());
            }
        }
        assertThat(ids.values()).as("one notification per force reference").doesNotHaveDuplicates().hasSize(BURST);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Observed now = observe(restarted);
            return notifications.values().stream().allMatch(dv -> now.copies(DV_NOTIFICATION, ids.get(dv.reference())).stream()
                    .filter(Copy::delivered).count() >= dv.recipients().size());
        });
        settle();
        Observed after = observe(restarted);
        List<Copy> acceptedBeforeTheKill = new ArrayList<>();
        for (Dv dv : notifications.values()) {
            String id = ids.get(dv.reference());
            List<Copy> copies = after.copies(DV_NOTIFICATION, id);
            assertThat(copies).as("one copy per recipient of " + id).extracting(Copy::recipient)
                    .containsExactlyInAnyOrderElementsOf(dv.recipients());
            assertThat(after.routingRecords(id)).as("routed once, recorded once: " + id).hasSize(1);
            assertThat(after.inbox("police-derbyshire", DV_RECEIPT, m -> id.equals(m.reference()))).as("the receipt of " + id).hasSize(1);
            assertCopiesDeliveredOnce(after, copies, DV_NOTIFICATION);
            if (burst.accepted().containsKey(dv.reference())) {
                acceptedBeforeTheKill.addAll(copies);
            }
        }
        assertKillLandedBetweenDeliveries(after, acceptedBeforeTheKill);
        assertChainVerifies(restarted);
    }

    @Test
    @Order(3)
    void documentUploadsKilledMidDeliveryReachEachRecipientOnceWithOneDeliveryRecordEach() {
        Api api = running();
        String socialWorker = Tokens.user("sw.derby");
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            titles.add("Minutes " + i + " " + UUID.randomUUID());
        }
        List<String> recipients = List.of("gp-derby-central", "school-derby-primary");
        Burst<String> burst = new Burst<>(titles, 4, title -> {
            Multipart body = new Multipart()
                    .json("metadata", "{\"kind\":\"conference-minutes\",\"planId\":\"DER-CPP-0001\",\"nhsNumber\":\"9997709144\","
                            + "\"title\":\"" + title + "\",\"recipients\":[\"gp-derby-central\",\"school-derby-primary\"]}")
                    .file("file", "minutes.txt", "text/plain", ("synthetic minutes " + title).getBytes(StandardCharsets.UTF_8));
            return api.send(api.request("/api/v1/documents", socialWorker, "Content-Type", body.contentType()).POST(body.publisher()));
        });
        killWhen(burst, () -> copiesIn(api, "gp.derby", DOCUMENT, referencesOf(burst.accepted())).size() >= FIRST_COPIES);

        Api restarted = restart();
        assertThat(burst.answered()).as("uploads answered before the kill").isNotEmpty()
                .allSatisfy((title, r) -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        Map<String, String> accepted = referencesByItem(burst.accepted());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Observed now = observe(restarted);
            return now.copies().stream().filter(c -> c.type().equals(DOCUMENT)).allMatch(Copy::delivered)
                    && accepted.values().stream().allMatch(id -> now.copies(DOCUMENT, id).size() >= recipients.size());
        });
        settle();
        Observed after = observe(restarted);
        Map<String, List<Copy>> byDocument = after.copies().stream().filter(c -> c.type().equals(DOCUMENT))
                .collect(Collectors.groupingBy(Copy::reference));
        assertThat(byDocument.keySet()).as("every accepted upload was stored").containsAll(accepted.values());
        // an upload cut off by the kill was stored with all its copies or not at all; its summary carries its title
        List<String> cutOff = titles.stream().filter(t -> !accepted.containsKey(t) && burst.sent(t)).toList();
        for (var document : byDocument.entrySet()) {
            if (!accepted.containsValue(document.getKey())) {
                assertThat(after.inbox("gp-derby-central", DOCUMENT, m -> document.getKey().equals(m.reference())))
                        .as("a stored document nobody was told about is one of the uploads cut off by the kill")
                        .singleElement().satisfies(m -> assertThat(cutOff).anySatisfy(t -> assertThat(m.summary()).contains(t)));
            }
        }
        List<Copy> acceptedBeforeTheKill = new ArrayList<>();
        byDocument.forEach((id, copies) -> {
            assertThat(copies).as("one copy per recipient of document " + id).extracting(Copy::recipient)
                    .containsExactlyInAnyOrderElementsOf(recipients);
            assertCopiesDeliveredOnce(after, copies, DOCUMENT);
            if (accepted.containsValue(id)) {
                acceptedBeforeTheKill.addAll(copies);
            }
        });
        assertKillLandedMidBurst(after, acceptedBeforeTheKill, burst.answered().size());
        assertChainVerifies(restarted);
    }

    @Test
    @Order(4)
    void outcomesKilledMidDeliveryReachTheForceOnceWithOneDeliveryRecordEach() {
        Api api = running();
        String police = Tokens.user("police.derbyshire");
        // notifications for the local authority alone (a child of ten, not at school), routed before the outcomes are given
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Api.Response r = submitDv(api, new Dv("RST-" + UUID.randomUUID(), Plans.freshNhsNumber(), "2016-02-02", null,
                    List.of("la-derby")), police);
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            ids.add(r.json().get("id").asString());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> copiesIn(api, "sw.derby", DV_NOTIFICATION, ids).size() == ids.size());

        String socialWorker = Tokens.user("sw.derby");
        String outcome = "{\"decision\":\"strategy-discussion\",\"note\":\"Strategy discussion arranged\"}";
        Burst<String> burst = new Burst<>(ids, 6, id -> api.post("/api/v1/dv-notifications/" + id + "/outcome", socialWorker, outcome));
        killWhen(burst, () -> copiesIn(api, "police.derbyshire", DV_OUTCOME, List.copyOf(burst.accepted().keySet())).size()
                >= FIRST_COPIES);

        Api restarted = restart();
        assertThat(burst.answered()).as("outcomes answered before the kill").isNotEmpty()
                .allSatisfy((id, r) -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        // the authority's system, having had no answer, gives the outcome again: taken now, or already recorded before the kill
        for (String id : ids) {
            if (!burst.accepted().containsKey(id)) {
                Api.Response again = restarted.post("/api/v1/dv-notifications/" + id + "/outcome", Tokens.user("sw.derby"), outcome);
                assertThat(again.status()).as(again.toString()).isIn(202, 409);
                if (again.status() == 409) {
                    assertThat(burst.sent(id)).as("recorded already, so it was sent before the kill: " + id).isTrue();
                }
            }
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Observed now = observe(restarted);
            return ids.stream().allMatch(id -> now.copies(DV_OUTCOME, id).stream().anyMatch(Copy::delivered));
        });
        settle();
        Observed after = observe(restarted);
        List<Copy> acceptedBeforeTheKill = new ArrayList<>();
        for (String id : ids) {
            List<Copy> copies = after.copies(DV_OUTCOME, id);
            assertThat(copies).as("one outcome copy of " + id).extracting(Copy::recipient).containsExactly("police-derbyshire");
            assertCopiesDeliveredOnce(after, copies, DV_OUTCOME);
            if (burst.accepted().containsKey(id)) {
                acceptedBeforeTheKill.addAll(copies);
            }
            JsonNode status = restarted.get("/api/v1/dv-notifications/" + id, Tokens.user("police.derbyshire")).json();
            assertThat(status.get("outcome").get("decision").asString()).isEqualTo("strategy-discussion");
        }
        assertKillLandedMidBurst(after, acceptedBeforeTheKill, burst.answered().size());
        assertChainVerifies(restarted);
    }

    @Test
    @Order(5)
    void referralsKilledAfterTheir202AreRoutedToTheAuthorityOnceAfterTheRestart() {
        Api api = running();
        String school = Tokens.user("dsl.derby");
        Map<String, String> children = new LinkedHashMap<>();
        for (int i = 0; i < BURST; i++) {
            children.put("RST-" + UUID.randomUUID(), Plans.freshNhsNumber());
        }
        Burst<String> burst = new Burst<>(List.copyOf(children.keySet()), 4, key -> refer(api, key, children.get(key), school));
        killWhen(burst, () -> copiesIn(api, "sw.derby", REFERRAL, referencesOf(burst.accepted())).size() >= FIRST_COPIES);

        Api restarted = restart();
        assertThat(burst.answered()).as("referrals answered before the kill").isNotEmpty()
                .allSatisfy((key, r) -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        // what a school's system does when it had no answer: the same referral again with the same key
        Map<String, String> ids = new HashMap<>(referencesByItem(burst.accepted()));
        for (String key : children.keySet()) {
            Api.Response again = refer(restarted, key, children.get(key), Tokens.user("dsl.derby"));
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            if (ids.containsKey(key)) {
                assertThat(again.json().get("id").asString()).as("the same key after the restart, the same referral").isEqualTo(ids.get(key));
            }
            ids.put(key, again.json().get("id").asString());
        }
        assertThat(ids.values()).as("one referral per key").doesNotHaveDuplicates().hasSize(BURST);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Observed now = observe(restarted);
            return ids.values().stream().allMatch(id -> now.copies(REFERRAL, id).stream().anyMatch(Copy::delivered));
        });
        settle();
        Observed after = observe(restarted);
        List<Copy> acceptedBeforeTheKill = new ArrayList<>();
        for (Map.Entry<String, String> referral : ids.entrySet()) {
            String id = referral.getValue();
            List<Copy> copies = after.copies(REFERRAL, id);
            assertThat(copies).as("the authority's one copy of " + id).extracting(Copy::recipient).containsExactly("la-derby");
            assertThat(after.referralRoutingRecords(id)).as("routed once, recorded once: " + id).hasSize(1);
            assertCopiesDeliveredOnce(after, copies, REFERRAL);
            if (burst.accepted().containsKey(referral.getKey())) {
                acceptedBeforeTheKill.addAll(copies);
            }
        }
        assertKillLandedBetweenDeliveries(after, acceptedBeforeTheKill);
        assertChainVerifies(restarted);
    }

    private static Api.Response refer(Api api, String key, String nhs, String token) {
        String body = """
                {"urgency":"standard","children":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child","birthDate":"2016-05-01",
                 "postcode":"DE1 2AB"}],"concerns":[{"category":"neglect","detail":"Synthetic test concern"}],"consent":"given",
                 "referrer":{"name":"Sam Lead","role":"designated safeguarding lead","phone":"01632 960900"}}
                """.formatted(nhs);
        return api.send(api.request("/api/v1/referrals", token, "Content-Type", "application/json", "Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Each copy delivered, in its recipient's inbox once (as itself, and no other message for the same item), with one record. */
    private static void assertCopiesDeliveredOnce(Observed after, List<Copy> copies, String type) {
        for (Copy copy : copies) {
            assertThat(copy.delivered()).as("delivered: " + copy).isTrue();
            assertThat(after.inbox(copy.recipient(), type, m -> copy.reference().equals(m.reference())))
                    .as("the recipient holds the copy once: " + copy).singleElement()
                    .satisfies(m -> assertThat(m.id()).isEqualTo(copy.id()));
            assertThat(after.deliveryRecords(copy)).as("one audit record of the delivery of " + copy).hasSize(1);
        }
        List<String> ids = copies.stream().map(Copy::id).toList();
        assertThat(after.copiesWithADeliveryRecord().stream().filter(ids::contains))
                .as("no delivery recorded twice").doesNotHaveDuplicates();
        assertThat(after.copiesWithADeliveryRecord()).as("every delivery record names a copy that exists")
                .isSubsetOf(after.copies().stream().map(Copy::id).toList());
    }

    /**
     * For the flows whose copies commit with the request (uploads, outcomes): a 202 means every copy is in, so no copy can
     * wait for the restart; the kill must come in the middle of the burst, after some were answered and before the rest.
     */
    private void assertKillLandedMidBurst(Observed after, List<Copy> copies, int answered) {
        List<Instant> times = copies.stream().flatMap(c -> after.deliveryRecords(c).stream()).map(AuditLine::time).toList();
        assertThat(times).as("copies delivered before the kill").anyMatch(t -> t.isBefore(killedAt));
        assertThat(answered).as("the kill cut the burst short (of " + BURST + ")").isLessThan(BURST);
    }

    /** The kill came between the deliveries of the items accepted before it: some were recorded before it, some only after the restart. */
    private void assertKillLandedBetweenDeliveries(Observed after, List<Copy> copies) {
        List<Instant> times = copies.stream().flatMap(c -> after.deliveryRecords(c).stream()).map(AuditLine::time).toList();
        System.out.println("RestartIT: of " + copies.size() + " copies, " + times.stream().filter(t -> t.isBefore(killedAt)).count()
                + " were delivered before the kill and " + times.stream().filter(t -> t.isAfter(restartedAt)).count()
                + " after the restart");
        assertThat(times).as("copies delivered before the kill").anyMatch(t -> t.isBefore(killedAt));
        assertThat(times).as("copies delivered only after the restart (the kill came too late to test anything)")
                .anyMatch(t -> t.isAfter(restartedAt));
    }

    private static void assertChainVerifies(Api api) {
        JsonNode verify = api.get("/api/v1/audit/verify", Tokens.user("auditor")).json();
        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
    }

    /** A DV notification about one child: who should get a copy follows from the child's age and school. */
    record Dv(String reference, String nhs, String birthDate, String schoolId, List<String> recipients) {}

    private static Api.Response submitDv(Api api, Dv dv, String token) {
        String body = """
                {"forceReference":"%s","incidentDateTime":"%s","riskLevel":"medium","location":{"postcode":"DE1 2AB"},
                 "summary":"Synthetic test incident","childrenPresent":[{"nhsNumber":"%s","givenName":"Test","familyName":"Child",
                 "birthDate":"%s"%s}],
                 "officer":{"name":"PC Test","collarNumber":"T1","phone":"01632 960500"}}
                """.formatted(dv.reference(), Instant.now().minusSeconds(3600), dv.nhs(), dv.birthDate(),
                dv.schoolId() == null ? "" : ",\"schoolId\":\"" + dv.schoolId() + "\"");
        return api.send(api.request("/api/v1/dv-notifications", token, "Content-Type", "application/json",
                "Idempotency-Key", dv.reference()).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The inbox messages of this type in the user's inbox that refer to one of the given items. */
    private static List<String> copiesIn(Api api, String user, String type, List<String> references) {
        JsonNode messages = api.get("/api/v1/inbox?type=" + type + "&size=200", Tokens.user(user)).json().get("messages");
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.get("reference").asString(null))
                .filter(references::contains).toList();
    }

    private static List<String> referencesOf(Map<String, Api.Response> accepted) {
        return List.copyOf(referencesByItem(accepted).values());
    }

    private static Map<String, String> referencesByItem(Map<String, Api.Response> accepted) {
        Map<String, String> ids = new HashMap<>();
        accepted.forEach((item, r) -> ids.put(item, r.json().get("id").asString()));
        return ids;
    }

    private Api running() {
        if (gateway == null || !gateway.isAlive()) {
            gateway = new GatewayProcess(data).start(GATEWAY_ARGUMENTS);
        }
        return gateway.api();
    }

    /** Polls until the first effects are visible, then SIGKILL at once, and lets the burst's threads finish. */
    private void killWhen(Burst<?> burst, BooleanSupplier firstEffects) {
        burst.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(firstEffects::getAsBoolean);
        } finally {
            killedAt = Instant.now();
            gateway.kill();
            burst.finish();
            System.out.println("RestartIT: killed with " + burst);
        }
    }

    private Api restart() {
        restartedAt = Instant.now();
        gateway = new GatewayProcess(data).start(GATEWAY_ARGUMENTS);
        return gateway.api();
    }

    private static boolean pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Items sent from a few threads at once, each recording what it got: an answer, no answer (the request was in flight at
     * the kill), or nothing (not sent, because the kill came first).
     */
    private static final class Burst<T> {
        private final List<T> items;
        private final ExecutorService threads;
        private final Function<T, Api.Response> send;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Map<T, Api.Response> answered = new ConcurrentHashMap<>();
        private final Map<T, Boolean> sent = new ConcurrentHashMap<>();

        Burst(List<T> items, int threads, Function<T, Api.Response> send) {
            this.items = items;
            this.threads = Executors.newFixedThreadPool(threads);
            this.send = send;
        }

        void start() {
            for (T item : items) {
                threads.submit(() -> {
                    if (stopped.get()) {
                        return;
                    }
                    sent.put(item, true);
                    try {
                        answered.put(item, send.apply(item));
                    } catch (RuntimeException noAnswer) {
                        // the gateway died with the request in flight (or before it connected)
                    }
                });
            }
        }

        void finish() {
            stopped.set(true);
            threads.shutdown();
            try {
                assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("the burst's requests ended with the gateway").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Map<T, Api.Response> answered() {
            return answered;
        }

        Map<T, Api.Response> accepted() {
            Map<T, Api.Response> ok = new HashMap<>();
            answered.forEach((item, r) -> {
                if (r.status() / 100 == 2) {
                    ok.put(item, r);
                }
            });
            return ok;
        }

        List<T> unanswered() {
            return items.stream().filter(i -> !answered.containsKey(i)).toList();
        }

        boolean sent(T item) {
            return sent.containsKey(item);
        }

        @Override
        public String toString() {
            return items.size() + " items: " + accepted().size() + " accepted, " + (answered.size() - accepted().size())
                    + " otherwise answered, " + (sent.size() - answered.size()) + " in flight (no answer), "
                    + (items.size() - sent.size()) + " not sent";
        }
    }
}
