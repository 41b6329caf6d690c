package org.safeguarding.gateway.adapters.unscheduledcare;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FhirFailureLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(FhirFailureLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
    }

    @Test
    void aRefusalIsNotLoggedSinceItsMessageRepeatsTheCallersInput() {
        assertThat(new FhirFailureLog().log(new InvalidRequestException("Invalid _elements value: nhs-number|9990000018"))).isTrue();
        assertThat(lines.list).isEmpty();
    }

    @Test
    void aFailureOfTheServersOwnIsLoggedWithItsStackTrace() {
        InternalErrorException failure = new InternalErrorException("the register did not answer");
        assertThat(new FhirFailureLog().log(failure)).isTrue();
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel().toString()).isEqualTo("ERROR");
            assertThat(line.getThrowableProxy().getMessage()).isEqualTo("the register did not answer");
        });
    }
}
