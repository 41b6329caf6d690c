package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.register.batch.PlanBatch;
import org.safeguarding.gateway.server.support.ConsoleBrowserTest;
import org.safeguarding.gateway.server.support.Multipart;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's two uploads with bad input, in a real session (signed in through Keycloak's page): a plan file whose cells
 * are formulas and markup is answered with each repeated as text (escaped, a formula behind a quote), and a document whose
 * name climbs out of its folder is kept under its base name only; one whose content is not allowed is refused on the page,
 * and nothing of it stored.
 */
class ConsoleBadInputIT extends ConsoleBrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void uploadsShowFormulasAndMarkupAsTextAndKeepOnlyAFilesBaseName() throws Exception {
        browser.signIn(api.base() + "/plans/batch", "sw.derby");
        String cookie = browser.sessionCookie();

        String markup = "<img src=x onerror=alert(1)>";
        String csv = PlanBatch.HEADER_LINE + "\r\n"
                + "\"=HYPERLINK(\"\"http://attacker.example\"\",\"\"open\"\")\"," + Plans.freshNhsNumber() + ",CPP,2026-01-05,,la-derby,A,B,2019-05-05\r\n"
                + "\"" + markup + "\"," + Plans.freshNhsNumber() + ",CPP,2026-01-05,,la-derby,A,B,2019-05-05\r\n"
                + "CON-" + UUID.randomUUID().toString().substring(0, 8) + "," + Plans.freshNhsNumber() + ",CPP,2026-01-05,,\"+" + markup
                + "\",A,B,2019-05-05\r\n";
        Multipart batch = new Multipart().part("_csrf", null, null, csrfToken("/plans/batch", cookie).getBytes(StandardCharsets.UTF_8))
                .file("file", "<b onmouseover=alert(1)>plans.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = post("/plans/batch", cookie, batch);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).as("markup from the file, as text").doesNotContain(markup, "<b onmouseover")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "&lt;b onmouseover=alert(1)&gt;plans.csv");
        assertThat(page.body()).as("a formula repeated, behind a quote").contains("&#39;=HYPERLINK(").doesNotContain(">=HYPERLINK(")
                .contains("localAuthority &#39;+&lt;img");

        String marker = "console-traversal-" + UUID.randomUUID();
        Multipart document = documentForm(cookie, "../../" + marker + ".txt", "Synthetic minutes".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sent = post("/documents", cookie, document);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String id = sent.headers().firstValue("Location").orElseThrow().replaceFirst(".*/documents/", "");
        String kept = api.get("/api/v1/documents/" + id, Tokens.user("sw.derby")).json().get("fileName").asString();
        assertThat(kept).isEqualTo(marker + ".txt");

        long before = jdbc.sql("SELECT COUNT(*) FROM document").query(Long.class).single();
        HttpResponse<String> refused = post("/documents", cookie, documentForm(cookie, "..\\..\\" + marker + ".exe", new byte[] {'M', 'Z', 0, 0, 1}));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(refused.body()).contains("There is a problem").doesNotContain(marker + ".exe");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM document").query(Long.class).single()).isEqualTo(before);
    }

    private Multipart documentForm(String cookie, String fileName, byte[] content) throws Exception {
        return new Multipart().part("_csrf", null, null, csrfToken("/documents/new", cookie).getBytes(StandardCharsets.UTF_8))
                .part("kind", null, null, bytes("conference-minutes")).part("planId", null, null, bytes("DER-CPP-0001"))
                .part("nhsNumber", null, null, bytes("9997709144")).part("title", null, null, bytes("Minutes"))
                .part("recipients", null, null, bytes("gp-derby-central")).file("file", fileName, "text/plain", content);
    }

    private HttpResponse<String> post(String path, String cookie, Multipart body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Cookie", cookie)
                .header("Content-Type", body.contentType()).POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
