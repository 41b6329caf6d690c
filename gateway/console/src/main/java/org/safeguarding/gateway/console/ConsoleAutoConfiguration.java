package org.safeguarding.gateway.console;

import org.safeguarding.gateway.security.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.Session;

/**
 * The web console at {@code /}: people whose organisation has no integrated system use the gateway through these pages.
 * Like an adapter it brings its own wiring; the server names nothing of it.
 */
@AutoConfiguration
@EnableConfigurationProperties(ConsoleProperties.class)
@Import({HomePages.class, LookupPages.class, InboxPages.class, AuditPages.class, DocumentPages.class, DvNotificationPages.class,
        ReferralPages.class, PlanPages.class, PlanBatchPages.class, IndicatorPages.class, OperatorPages.class, GatewayCertificate.class, ConsolePageErrors.class})
public class ConsoleAutoConfiguration {

    @Bean
    ClientRegistrationRepository consoleClient(@Value("${gateway.issuer-uri}") String issuer, ConsoleProperties properties) {
        return new DiscoveredClient(issuer, properties);
    }

    /** Spring Session JDBC indexes sessions by whatever resolver the context holds: the person's subject here. */
    @Bean
    IndexResolver<Session> consoleSessionIndex() {
        return new SessionsBySubject();
    }

    @Bean
    @Order(ConsoleSecurity.ORDER)
    SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations, JwtDecoder tokens,
            @Value("${gateway.issuer-uri}") String issuer, FindByIndexNameSessionRepository<? extends Session> sessions,
            AuditTrail audit) throws Exception {
        IdentityProviderSessions signedIn = new IdentityProviderSessions(sessions);
        return ConsoleSecurity.chain(http, registrations, new ConsoleUsers(tokens), issuer, signedIn,
                new EndedByIdentityProvider(signedIn, sessions, audit));
    }
}
