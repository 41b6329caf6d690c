package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * XML with entities wherever XML could come in. No entry point of the gateway reads XML: the JSON entry points refuse it
 * by its type (415) or as JSON (400); FHIR offers searches only, so a FHIR XML body is refused whatever it holds, and
 * {@code _format=xml} changes only the answer's encoding; a MESH message in XML (an ITK3 response is read as FHIR JSON)
 * is recorded as answering no copy and acknowledged. In every case no entity is expanded: nothing of /etc/passwd comes
 * back or is recorded, and the service stays healthy.
 */
class XmlEntitiesIT extends GatewayIntegrationTest {

    static final String EXTERNAL_ENTITY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE Bundle [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
            <Bundle xmlns="http://hl7.org/fhir"><id value="&passwd;"/></Bundle>""";
    static final String BILLION_LAUGHS = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
            <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
            <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]><Bundle xmlns="http://hl7.org/fhir"><id value="&lol9;"/></Bundle>""";
    /** What any line of /etc/passwd holds, and what an expanded billion laughs would. */
    private static final List<String> EXPANDED = List.of("root:", "/bin/", "lollollol");

    @Autowired
    AuditTrail audit;

    @Test
    void theJsonEntryPointsRefuseXmlBodiesWithoutReadingThem() {
        Map<String, String> entries = Map.of("/api/v1/plans/XML-1", "sw.derby", "/api/v1/dv-notifications", "police.derbyshire",
                "/api/v1/referrals", "dsl.derby");
        for (var entry : entries.entrySet()) {
            for (String xml : List.of(EXTERNAL_ENTITY, BILLION_LAUGHS)) {
                for (String type : List.of("application/xml", "text/xml", "application/json")) {
                    HttpRequest.Builder request = api.request(entry.getKey(), Tokens.user(entry.getValue()), "Content-Type", type,
                            "Idempotency-Key", "xml-" + System.nanoTime());
                    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(xml);
                    Api.Response answer = api.send(entry.getKey().startsWith("/api/v1/plans/") ? request.PUT(body) : request.POST(body));
                    assertThat(answer.status()).as(entry.getKey() + " " + type + ": " + answer).isEqualTo(type.endsWith("json") ? 400 : 415);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    expandsNothing(answer.body());
                }
            }
        }
        healthy();
    }

    @Test
    void fhirTakesNoXmlBodyAndAnswersXmlSearchesSafely() {
        String ae = Tokens.user("ae.clinician");
        for (String xml : List.of(EXTERNAL_ENTITY, BILLION_LAUGHS)) {
            for (String path : List.of("/fhir/CareTeam", "/fhir/Bundle", "/fhir", "/fhir/CareTeam/_search")) {
                Api.Response answer = api.send(api.request(path, ae, "Content-Type", "application/fhir+xml")
                        .POST(HttpRequest.BodyPublishers.ofString(xml)));
                assertThat(answer.status()).as(path + ": " + answer).isBetween(400, 499);
                assertThat(answer.body()).as(path).contains("OperationOutcome");
                expandsNothing(answer.body());
            }
        }
        // _format=xml asks only for the answer in XML: HAPI writes it, nothing is read as XML
        Api.Response xmlSearch = api.get("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|9997709144&_format=xml", ae);
        assertThat(xmlSearch.status()).as(xmlSearch.toString()).isEqualTo(200);
        assertThat(xmlSearch.contentType()).startsWith("application/fhir+xml");
        assertThat(xmlSearch.body()).contains("<Bundle", "CareTeam").doesNotContain("<!DOCTYPE", "<!ENTITY");
        Api.Response xmlRefusal = api.get("/fhir/CareTeam?patient:identifier=" + Api.NHS + "|9997709145&_format=xml", ae);
        assertThat(xmlRefusal.status()).isEqualTo(400);
        assertThat(xmlRefusal.body()).contains("OperationOutcome");
        healthy();
    }

    @Test
    void aMeshMessageInXmlIsAcknowledgedAsAnsweringNothingAndNoEntityIsExpanded() {
        for (String xml : List.of(EXTERNAL_ENTITY, BILLION_LAUGHS)) {
            String id = MESH.deliver("X26GPD01", MESH_MAILBOX, "GPCONNECT_SEND_DOCUMENT_ACK", "application/fhir+xml",
                    xml.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(15)).until(() -> MESH.inbox(MESH_MAILBOX).stream().noneMatch(m -> m.id().equals(id)));
            List<AuditRecord> records = audit.latest(500).stream().filter(r -> ("mesh/" + id).equals(r.entry().resource())).toList();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.entry().outcome()).isEqualTo("ignored");
                expandsNothing(r.entry().reason());
            });
        }
        assertThat(audit.latest(200)).allSatisfy(r -> expandsNothing(String.valueOf(r.entry().reason())));
        healthy();
    }

    private static void expandsNothing(String text) {
        for (String expanded : EXPANDED) {
            assertThat(text).as("an expanded entity").doesNotContain(expanded);
        }
    }

    private void healthy() {
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
    }
}
