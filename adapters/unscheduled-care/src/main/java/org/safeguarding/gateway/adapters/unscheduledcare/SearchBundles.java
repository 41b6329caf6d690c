package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The searchset a lookup answers with, built here rather than by HAPI's bundle factory. The factory
 * walks every element of every match looking for references to include, which a lookup never asks
 * for (its only reference is to the contained authority); that walk was about a twentieth of a
 * lookup's CPU. HAPI still adds the bundle's id and self link; the answer is the same as the factory's.
 */
final class SearchBundles {

    private SearchBundles() {}

    static Bundle searchset(RequestDetails request, List<? extends Resource> matches) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
        bundle.getMeta().setLastUpdated(new Date());
        String base = request.getFhirServerBase();
        for (Resource match : matches) {
            bundle.addEntry().setFullUrl(base + "/" + match.fhirType() + "/" + match.getIdPart()).setResource(match);
        }
        return bundle;
    }
}
