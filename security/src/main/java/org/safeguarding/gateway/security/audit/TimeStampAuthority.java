package org.safeguarding.gateway.security.audit;

import java.io.IOException;

/**
 * The transport to an RFC 3161 time-stamp authority: this module speaks neither HTTP nor Camel, so whoever configures a
 * TSA supplies the exchange (the server: HTTP POST of {@code application/timestamp-query}). {@link TimeStamps} makes the
 * request and checks the answer; an implementation only carries bytes.
 */
@FunctionalInterface
public interface TimeStampAuthority {

    /** Sends one DER TimeStampReq and returns the DER TimeStampResp the authority answered; IOException for any transport failure. */
    byte[] exchange(byte[] timeStampRequestDer) throws IOException;
}
