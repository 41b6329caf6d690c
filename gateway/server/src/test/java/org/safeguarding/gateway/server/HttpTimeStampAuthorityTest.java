package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.security.audit.StampedTime;
import org.safeguarding.gateway.security.audit.TimeStampException;
import org.safeguarding.gateway.security.audit.TimeStamps;
import org.safeguarding.gateway.server.support.LocalTimeStampAuthority;

/** The HTTP transport of RFC 3161 against a local TSA: no Spring, no Keycloak. */
class HttpTimeStampAuthorityTest {

    private static final byte[] CHECKPOINT = "a signed checkpoint".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static LocalTimeStampAuthority local;

    @BeforeAll
    static void start() {
        local = LocalTimeStampAuthority.start();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @AfterEach
    void behave() {
        local.behave();
    }

    @Test
    void stampsOverHttpAndVerifiesOffline() {
        int before = local.requestsServed();
        Instant asked = Instant.now();

        byte[] token = TimeStamps.stamp(new HttpTimeStampAuthority(local.url(), TIMEOUT), CHECKPOINT);
        StampedTime stamped = TimeStamps.verify(token, CHECKPOINT);

        assertThat(local.requestsServed()).isEqualTo(before + 1);
        assertThat(stamped.genTime()).isBetween(asked.minusSeconds(1), Instant.now());
        assertThat(stamped.tsaSubject()).isEqualTo("CN=Local test TSA")
                .isEqualTo(local.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void notFoundIsATransportFailure() {
        assertTransportFailure(new HttpTimeStampAuthority(local.url().resolve("/no-tsa-here"), TIMEOUT), "HTTP 404");
    }

    @Test
    void aPageInsteadOfATimeStampReplyIsATransportFailure() {
        local.misbehave(200, "text/html; charset=utf-8");
        assertTransportFailure(new HttpTimeStampAuthority(local.url(), TIMEOUT), "text/html", "application/timestamp-reply");
    }

    @Test
    void aServerErrorIsATransportFailure() {
        local.misbehave(503, "text/html");
        assertTransportFailure(new HttpTimeStampAuthority(local.url(), TIMEOUT), "HTTP 503");
    }

    @Test
    void nobodyListeningIsATransportFailure() {
        URI gone;
        try (LocalTimeStampAuthority closed = LocalTimeStampAuthority.start()) {
            gone = closed.url();
        }
        assertTransportFailure(new HttpTimeStampAuthority(gone, TIMEOUT));
    }

    /** The transport's IOException, wrapped by stamp and named in its message. */
    private static void assertTransportFailure(HttpTimeStampAuthority tsa, String... inMessage) {
        TimeStampException e = catchThrowableOfType(TimeStampException.class, () -> TimeStamps.stamp(tsa, CHECKPOINT));
        assertThat(e).as("stamp through %s", tsa).isNotNull().hasMessageContaining("transport").hasCauseInstanceOf(IOException.class);
        for (String part : inMessage) {
            assertThat(e).hasMessageContaining(part);
        }
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> new HttpTimeStampAuthority(URI.create("file:///etc/tsa"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
