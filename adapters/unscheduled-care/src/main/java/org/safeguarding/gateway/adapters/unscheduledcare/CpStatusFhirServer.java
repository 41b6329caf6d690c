package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.apache.commons.lang3.RandomStringUtils;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.lookup.CpLookup;

/** The CP-IS-compatible FHIR R4 endpoint: CareTeam, Flag and AuditEvent searches, JSON by default. */
public class CpStatusFhirServer extends RestfulServer {

    /** Where the servlet is mapped: CP-IS clients are configured with this base. */
    public static final String PATH = "/fhir";

    public CpStatusFhirServer(FhirContext fhir, CpLookup lookup, AccessHistory history, AgencyDirectory agencies) {
        super(fhir);
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setResourceProviders(new CareTeamProvider(lookup), new FlagProvider(lookup), new AuditEventProvider(history, agencies));
        registerInterceptor(new LookupJsonInterceptor());
        registerInterceptor(new FhirFailureLog());
        setImplementationDescription("Safeguarding information-sharing gateway: CP status (CP-IS compatible)");
    }

    /**
     * HAPI's request id (its {@code X-Request-ID} header) from the thread's own generator (commons-lang3's insecure one is
     * ThreadLocalRandom): HAPI's draws from a {@code SecureRandom} every request thread shares, behind a lock they queue on
     * under load; the id is a label, not a secret.
     */
    @Override
    protected String newRequestId(int length) {
        return RandomStringUtils.insecure().nextAlphanumeric(length);
    }
}
