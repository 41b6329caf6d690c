package org.safeguarding.gateway.security.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/**
 * An in-memory TSA for tests: a {@link TimeStampResponder} ({@code CN=Test TSA}) as a {@link TimeStampAuthority}, or,
 * through {@link #rejecting} and {@link #lying}, the same authority misbehaving. The key is made once per {@link #create}.
 */
public final class TestTimeStampAuthority implements TimeStampAuthority {

    public static final String COMMON_NAME = "Test TSA";

    private enum Behaviour { HONEST, REJECTING, LYING }

    private final TimeStampResponder responder;
    private final Behaviour behaviour;
    private final String statusString;

    private TestTimeStampAuthority(TimeStampResponder responder, Behaviour behaviour, String statusString) {
        this.responder = responder;
        this.behaviour = behaviour;
        this.statusString = statusString;
    }

    public static TestTimeStampAuthority create() {
        return new TestTimeStampAuthority(TimeStampResponder.create(COMMON_NAME), Behaviour.HONEST, null);
    }

    /** The same authority, answering every request with status rejection and this status text. */
    public TestTimeStampAuthority rejecting(String statusString) {
        return new TestTimeStampAuthority(responder, Behaviour.REJECTING, statusString);
    }

    /** The same authority, answering with a granted token (right nonce) over other data than the request's. */
    public TestTimeStampAuthority lying() {
        return new TestTimeStampAuthority(responder, Behaviour.LYING, null);
    }

    public X509Certificate certificate() {
        return responder.certificate();
    }

    @Override
    public byte[] exchange(byte[] timeStampRequestDer) {
        return switch (behaviour) {
            case HONEST -> responder.exchange(timeStampRequestDer);
            case REJECTING -> rejection(statusString);
            case LYING -> responder.exchange(overOtherData(timeStampRequestDer));
        };
    }

    private static byte[] rejection(String statusString) {
        try {
            return new TimeStampResp(new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(statusString),
                    new PKIFailureInfo(PKIFailureInfo.unacceptedPolicy)), null).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] overOtherData(byte[] timeStampRequestDer) {
        try {
            TimeStampRequest asked = new TimeStampRequest(timeStampRequestDer);
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(asked.getCertReq());
            byte[] other = MessageDigest.getInstance("SHA-256").digest("something else".getBytes(StandardCharsets.UTF_8));
            return generator.generate(NISTObjectIdentifiers.id_sha256, other, asked.getNonce()).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
