package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.errors.ErrorFormat;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.lookup.CpLookup;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** The CP-IS-compatible FHIR endpoint at {@code /fhir}: HAPI's servlet with its providers, and its errors' format. */
@AutoConfiguration
public class UnscheduledCareAutoConfiguration {

    private static final String FHIR_SERVLET = "fhir";

    @Bean
    @ConditionalOnMissingBean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    ServletRegistrationBean<CpStatusFhirServer> fhirServlet(FhirContext fhir, CpLookup lookup, AccessHistory history,
            AgencyDirectory agencies) {
        ServletRegistrationBean<CpStatusFhirServer> registration =
                new ServletRegistrationBean<>(new CpStatusFhirServer(fhir, lookup, history, agencies), CpStatusFhirServer.PATH + "/*");
        registration.setName(FHIR_SERVLET);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Closest to the FHIR servlet, after security: only HAPI's own writes are held back. */
    @Bean
    FilterRegistrationBean<FhirResponseBuffering> fhirResponseBuffering() {
        FilterRegistrationBean<FhirResponseBuffering> registration = new FilterRegistrationBean<>(new FhirResponseBuffering());
        registration.setServletNames(List.of(FHIR_SERVLET));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ErrorFormat fhirErrorFormat(FhirContext fhir) {
        return new FhirErrorFormat(fhir);
    }
}
