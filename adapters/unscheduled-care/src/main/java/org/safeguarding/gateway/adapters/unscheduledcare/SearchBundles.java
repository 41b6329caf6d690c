package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.Resource;

/**
 * The searchsets the FHIR endpoint answers with, built here rather than by HAPI's bundle factory. The
 * factory walks every element of every match looking for references to include, which a lookup never
 * asks for (its only reference is to the contained authority); that walk was about a twentieth of a
 * lookup's CPU. HAPI still adds the bundle's id and self link. As CP-IS's guide has it, every entry
 * has its {@code fullUrl} and {@code search.mode} ({@code match}, or {@code include} for what came
 * with the matches), and {@code total} counts the matches only.
 */
final class SearchBundles {

    private SearchBundles() {}

    static Bundle searchset(RequestDetails request, List<? extends Resource> matches) {
        return searchset(request.getFhirServerBase(), matches, List.of());
    }

    static Bundle searchset(RequestDetails request, List<? extends Resource> matches, List<? extends Resource> included) {
        return searchset(request.getFhirServerBase(), matches, included);
    }

    static Bundle searchset(String base, List<? extends Resource> matches, List<? extends Resource> included) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
        bundle.getMeta().setLastUpdated(new Date());
        add(bundle, base, matches, SearchEntryMode.MATCH);
        add(bundle, base, included, SearchEntryMode.INCLUDE);
        return bundle;
    }

    private static void add(Bundle bundle, String base, List<? extends Resource> resources, SearchEntryMode mode) {
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdPart()).setResource(resource)
                    .getSearch().setMode(mode);
        }
    }
}
