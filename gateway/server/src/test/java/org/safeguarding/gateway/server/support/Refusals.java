package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.safeguarding.gateway.security.audit.AuditRecord;
import org.safeguarding.gateway.security.audit.AuditTrail;

/** What the audit trail must hold after a refusal. */
public final class Refusals {

    private Refusals() {}

    /** One record of the request with that TraceID: authentication denied, with a reason containing {@code reasonContains}. */
    public static void unauthenticatedAudited(AuditTrail audit, String traceId, String reasonContains) {
        List<AuditRecord> records = audit.latest(200).stream().filter(r -> traceId.equals(r.entry().traceId())).toList();
        assertThat(records).as("the audit record of " + traceId).singleElement().satisfies(r -> {
            assertThat(r.entry().action()).isEqualTo("authenticate");
            assertThat(r.entry().outcome()).isEqualTo("denied");
            assertThat(r.entry().reason()).contains(reasonContains);
        });
    }
}
