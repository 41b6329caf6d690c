package org.safeguarding.gateway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.Acknowledgements;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.DeliveryAdministration;
import org.safeguarding.gateway.core.delivery.DeliveryEscalation;
import org.safeguarding.gateway.core.delivery.HttpsPushChannel;
import org.safeguarding.gateway.core.delivery.PushChannel;
import org.safeguarding.gateway.core.delivery.SecureDeliveryRoutes;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.delivery.mesh.MeshDeliveryRoutes;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.documents.DocumentDistributionRoute;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.documents.DocumentStore;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Secure delivery: keys, CMS, the per-recipient copies, the push channel and its back-off in the broker. */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    /** The gateway CA and signing key: generated on first start under the shared folder (every node signs), reloaded after. */
    @Bean
    GatewayKeys gatewayKeys(ClusterProperties cluster) {
        return GatewayKeys.loadOrCreate(cluster.sharedDirectory());
    }

    @Bean
    CmsEnvelope cmsEnvelope(GatewayKeys keys) {
        return new CmsEnvelope(keys.signer());
    }

    /**
     * How copies go to agencies' MESH mailboxes: not at all without a gateway mailbox; otherwise as CMS envelopes, or in
     * an adapter's format (GP Connect) where the directory asks. An adapter's copy waits for its send sealed to the
     * gateway's own storage key (generated at first start under the data directory, as every key is).
     */
    @Bean
    MeshChannel meshChannel(MeshProperties mesh, List<MeshFormat> formats, CmsEnvelope cms, GatewayKeys keys, ClusterProperties cluster) {
        if (!mesh.configured()) {
            return MeshChannel.none();
        }
        return new MeshChannel(mesh.mailbox(), formats, cms, keys.agencyKeys("gateway-mesh-store",
                cluster.sharedDirectory().resolve("keys").resolve("mesh-store")), keys.caCertificate());
    }

    @Bean
    WorkingCalendar workingCalendar(GatewayProperties properties) {
        return new WorkingCalendar(properties.calendar().zone(), new HashSet<>(properties.calendar().holidays()));
    }

    @Bean
    DocumentStore documentStore(JdbcClient jdbc) {
        return new DocumentStore(jdbc);
    }

    @Bean
    Deliveries deliveries(JdbcClient jdbc) {
        return new Deliveries(jdbc);
    }

    @Bean
    DocumentDistribution documentDistribution(AccessControl access, PlanRegister register, AgencyDirectory agencies,
            DocumentStore documents, SecureCopies copies, FlowCall flows, WorkingCalendar calendar, Clock clock) {
        return new DocumentDistribution(access, register, agencies, documents, copies, flows, calendar, clock);
    }

    @Bean
    DocumentDistributionRoute documentDistributionRoute(DocumentDistribution documents) {
        return new DocumentDistributionRoute(documents);
    }

    @Bean
    Acknowledgements acknowledgements(AccessControl access, Inbox inbox, Deliveries deliveries, TransactionTemplate transaction,
            Clock clock) {
        return new Acknowledgements(access, inbox, deliveries, transaction, clock);
    }

    @Bean
    DeliveryAdministration deliveryAdministration(AccessControl access, Deliveries deliveries, Outbox outbox,
            TransactionTemplate transaction) {
        return new DeliveryAdministration(access, deliveries, outbox, transaction);
    }

    @Bean
    PushChannel pushChannel(GatewayProperties properties) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (properties.delivery().trustedCertificates() != null && !properties.delivery().trustedCertificates().toString().isBlank()) {
            http.sslContext(trustingAlsoThose(properties));
        }
        return new HttpsPushChannel(http.build(), properties.delivery().pushTimeout());
    }

    @Bean
    SecureDeliveryRoutes secureDeliveryRoutes(Deliveries deliveries, AgencyDirectory agencies, PushChannel push,
            AuditTrail audit, JsonMapper json, Clock clock) {
        return new SecureDeliveryRoutes(deliveries, agencies, push, audit, json, clock);
    }

    @Bean
    DeliveryEscalation deliveryEscalation(Deliveries deliveries, SecureCopies copies, FlowCall flows, JsonMapper json, Clock clock,
            GatewayProperties properties) {
        return new DeliveryEscalation(deliveries, copies, flows, json, clock, properties.calendar().zone(),
                properties.delivery().escalationPollMillis());
    }

    /** The MESH channel's routes, when the gateway has a MESH mailbox ({@link MeshConfiguration} checks it at start). */
    @Bean
    @ConditionalOnProperty(prefix = "gateway.mesh", name = "url")
    MeshDeliveryRoutes meshDeliveryRoutes(MeshClient mesh, MeshChannel channel, Deliveries deliveries, AgencyDirectory agencies,
            DeliveryEscalation escalation, SecureCopies copies, AuditTrail audit, JsonMapper json, Clock clock, MeshProperties properties) {
        return new MeshDeliveryRoutes(mesh, channel, deliveries, agencies, escalation, copies, audit, json, clock,
                properties.pollInterval().toMillis());
    }

    private static SSLContext trustingAlsoThose(GatewayProperties properties) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int n = 0;
            for (var manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        trust.setCertificateEntry("default-" + n++, ca);
                    }
                }
            }
            try (var in = Files.newInputStream(properties.delivery().trustedCertificates())) {
                for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("extra-" + n++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the trusted certificates for push delivery", e);
        }
    }
}
