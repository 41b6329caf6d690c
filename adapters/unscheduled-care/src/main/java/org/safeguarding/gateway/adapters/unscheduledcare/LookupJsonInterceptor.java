package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.util.DateUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Writes a CareTeam or Flag lookup's answer with {@link LookupJson} when the client asked for what
 * HAPI would send by default (FHIR JSON, not pretty, not summarised, not compressed). Every other
 * answer, and any the writer declines, HAPI writes as before. The bytes go out through HAPI's own
 * response, so its headers come with them; Last-Modified and the charset are set as HAPI sets them.
 */
@Interceptor
public final class LookupJsonInterceptor {

    /** The searches whose answers {@link LookupJson} knows; the AuditEvent history stays with HAPI. */
    private static final Set<String> LOOKUPS = Set.of("CareTeam", "Flag");

    /** Request parameters that change HAPI's rendering. */
    private static final Set<String> RENDERING_PARAMETERS = Set.of(Constants.PARAM_FORMAT, Constants.PARAM_PRETTY,
            Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS, Constants.PARAM_ELEMENTS + Constants.PARAM_ELEMENTS_EXCLUDE_MODIFIER,
            Constants.PARAM_NARRATIVE);

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean writeLookup(RequestDetails details, ResponseDetails response, HttpServletRequest request,
            HttpServletResponse servletResponse) throws IOException {
        // no resource name on /metadata; Set.of refuses to look up null
        String resourceName = details.getResourceName();
        if (resourceName == null || !LOOKUPS.contains(resourceName) || !(response.getResponseResource() instanceof Bundle bundle)
                || bundle.getType() != Bundle.BundleType.SEARCHSET || !defaultRendering(details, request)) {
            return true;
        }
        Optional<byte[]> json = LookupJson.encode(bundle);
        if (json.isEmpty()) {
            return true;
        }
        IRestfulResponse hapi = details.getResponse();
        if (bundle.getMeta().hasLastUpdated()) {
            hapi.addHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(bundle.getMeta().getLastUpdated()));
        }
        // HAPI's own route to the servlet: it adds the headers it holds (X-Powered-By, X-Request-ID) and the status
        OutputStream out = hapi.getResponseOutputStream(response.getResponseCode(), Constants.CT_FHIR_JSON_NEW, json.get().length);
        servletResponse.setCharacterEncoding(Constants.CHARSET_NAME_UTF8);
        out.write(json.get());
        hapi.commitResponse(out);
        return false;
    }

    /** FHIR JSON as the server's default, uncompressed, with nothing that changes HAPI's rendering. */
    private static boolean defaultRendering(RequestDetails details, HttpServletRequest request) {
        if (details.getParameters().keySet().stream().anyMatch(RENDERING_PARAMETERS::contains)) {
            return false;
        }
        String accept = request.getHeader(Constants.HEADER_ACCEPT);
        String encoding = request.getHeader(Constants.HEADER_ACCEPT_ENCODING);
        return (accept == null || accept.isBlank() || accept.equals("*/*") || accept.equals(Constants.CT_FHIR_JSON_NEW))
                && (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("gzip"));
    }
}
