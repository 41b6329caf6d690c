package org.safeguarding.gateway.adapters.gp;

import java.time.Clock;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.documents.DocumentStore;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * GP practices: plan documents as GP Connect Send Document over MESH, for the practices the agencies directory marks
 * as taking it. The gateway's MESH delivery finds the format as a {@code MeshFormat} bean; the server names nothing here.
 */
@AutoConfiguration
@EnableConfigurationProperties(GpConnectProperties.class)
public class GpAutoConfiguration {

    @Bean
    GpConnectSendDocument gpConnectSendDocument(DocumentStore documents, PlanRegister plans, AgencyDirectory agencies,
            GpConnectProperties properties, ObjectProvider<Clock> clock) {
        return new GpConnectSendDocument(documents, plans, agencies, properties, clock.getIfAvailable(Clock::systemUTC));
    }
}
