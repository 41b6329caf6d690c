package org.safeguarding.gateway.adapters.gp;

import java.time.format.DateTimeFormatter;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How GP Connect Send Document messages are addressed ({@code gateway.gp.*}).
 *
 * @param providerDateFormat the birth date's form in {@code GPPROVIDER_{nhs}_{dob}_{Surname}}: the versions of the
 *                           specification disagree (1.3.0 {@code ddMMyyyy}, 2.0.1 {@code yyyyMMdd}), so a deployment
 *                           follows what its GP systems' MESH routing expects. Default {@code yyyyMMdd}.
 * @param addressTo          {@code gp-provider} (default): MESH routes to the practice the child is registered with by
 *                           the GPPROVIDER address; {@code mailbox}: to the mailbox the agencies directory names, where
 *                           MESH's GPPROVIDER routing is not available (a test or a local mailbox)
 * @param senderOdsCode      the authority's ODS code ({@code Mex-LocalID}, the header Organization's identifier);
 *                           default: the authority's org id in the agencies directory
 */
@ConfigurationProperties("gateway.gp")
public record GpConnectProperties(String providerDateFormat, AddressTo addressTo, String senderOdsCode) {

    public enum AddressTo { GP_PROVIDER, MAILBOX }

    public GpConnectProperties {
        providerDateFormat = providerDateFormat == null || providerDateFormat.isBlank() ? "yyyyMMdd" : providerDateFormat;
        // a wrong pattern is refused at start, not on the first copy to a GP
        DateTimeFormatter.ofPattern(providerDateFormat);
        addressTo = addressTo == null ? AddressTo.GP_PROVIDER : addressTo;
        senderOdsCode = senderOdsCode == null || senderOdsCode.isBlank() ? null : senderOdsCode.strip();
    }

    public static GpConnectProperties defaults() {
        return new GpConnectProperties(null, null, null);
    }

    DateTimeFormatter providerDate() {
        return DateTimeFormatter.ofPattern(providerDateFormat);
    }
}
