package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.server.support.Api;
import org.safeguarding.gateway.server.support.GatewayIntegrationTest;
import org.safeguarding.gateway.server.support.Plans;
import org.safeguarding.gateway.server.support.ScratchInbox;
import org.safeguarding.gateway.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An inbox paged by cursor (`?before=` the previous page's `next`) gives the same messages, in the same order, as by offset;
 * its total is exact up to 10,000 and says "more" beyond.
 */
class InboxPagingIT extends GatewayIntegrationTest {

    private static final String INBOX = "/api/v1/inbox?type=access-notification";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void pagingByCursorWalksTheWholeInboxAsPagingByOffsetDoes() {
        String nhs = Plans.registeredInDerby(api, "a plan of la-derby");
        for (int i = 0; i < 7; i++) {
            assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).status()).isEqualTo(200);
        }
        String la = Tokens.user("sw.derby");
        JsonNode first = api.get(INBOX + "&size=1", la).json();
        long total = first.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(7);
        assertThat(first.get("totalExact").asBoolean()).as("a small inbox's total is exact").isTrue();

        List<String> byOffset = new ArrayList<>();
        for (int page = 0; byOffset.size() < total; page++) {
            api.get(INBOX + "&size=3&page=" + page, la).json().get("messages").forEach(m -> byOffset.add(m.get("id").asString()));
        }
        List<String> byCursor = new ArrayList<>();
        JsonNode answer = api.get(INBOX + "&size=3", la).json();
        while (true) {
            answer.get("messages").forEach(m -> byCursor.add(m.get("id").asString()));
            if (answer.get("next").isNull()) {
                break;
            }
            assertThat(answer.get("next").asString()).as("the cursor is the page's last message").isEqualTo(byCursor.get(byCursor.size() - 1));
            answer = api.get(INBOX + "&size=3&before=" + answer.get("next").asString(), la).json();
        }
        assertThat(byCursor).as("every message once, newest first, as by offset").isEqualTo(byOffset).hasSize((int) total);
    }

    @Test
    void aCursorIsAMessageOfTheCallersOwnInboxAndNothingElse() {
        String nhs = Plans.registeredInDerby(api, "a plan of la-derby");
        assertThat(api.careTeams(nhs, Tokens.user("ae.clinician")).status()).isEqualTo(200);
        String derbys = api.get(INBOX + "&size=1", Tokens.user("sw.derby")).json().get("messages").get(0).get("id").asString();

        Api.Response anothers = api.get(INBOX + "&before=" + derbys, Tokens.user("sw.nottingham"));
        Api.Response none = api.get(INBOX + "&before=no-such-message", Tokens.user("sw.nottingham"));
        assertThat(anothers.status()).as("another agency's message as a cursor").isEqualTo(400);
        assertThat(anothers.body()).as("refused as a message that does not exist is").isEqualTo(none.body().replace("no-such-message", derbys))
                .doesNotContain("la-derby");
        assertThat(api.get(INBOX + "&before=" + derbys + "&page=1", Tokens.user("sw.derby")).status()).as("with page").isEqualTo(400);
        assertThat(api.get(INBOX + "&before=%2E%2E%2Fetc", Tokens.user("sw.derby")).status()).as("not an id").isEqualTo(400);
        assertThat(api.get(INBOX + "&before=" + derbys, null).status()).isEqualTo(401);
        assertThat(api.get(INBOX + "&before=" + derbys, Tokens.user("auditor")).status()).as("the auditor has no inbox").isEqualTo(403);
    }

    @Test
    void aTotalIsExactUpTo10000AndBeyondSaysOnlyThatThereAreMore() {
        String type = "total-check";
        String inbox = "/api/v1/inbox?size=1&type=" + type;
        String hv = Tokens.user("hv.derby");
        List<String> ids = ScratchInbox.fill(jdbc, transaction, "hv-derby", type, Inbox.EXACT_TOTAL_UP_TO + 1, Instant.now()).stream()
                .map(m -> m.id()).toList();
        try {
            JsonNode more = api.get(inbox, hv).json();
            assertThat(more.get("total").asLong()).isEqualTo(10_000);
            assertThat(more.get("totalExact").asBoolean()).as("10,001 messages: more than 10,000").isFalse();
            assertThat(more.get("messages").get(0).get("id").asString()).as("the page itself is as ever").isEqualTo(ids.get(0));
            assertThat(api.get("/api/v1/inbox?size=1", hv).json().get("totalExact").asBoolean()).as("of every type").isFalse();

            jdbc.update("DELETE FROM inbox_message WHERE id = ?", ids.get(0));
            JsonNode exactly = api.get(inbox, hv).json();
            assertThat(exactly.get("total").asLong()).isEqualTo(10_000);
            assertThat(exactly.get("totalExact").asBoolean()).as("10,000 messages: exactly").isTrue();
            jdbc.update("DELETE FROM inbox_message WHERE id = ?", ids.get(1));
            assertThat(api.get(inbox, hv).json().get("total").asLong()).isEqualTo(9_999);
        } finally {
            ScratchInbox.remove(jdbc, "hv-derby", type);
        }
    }
}
