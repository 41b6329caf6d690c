package org.safeguarding.gateway.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3161 time-stamps over signed audit checkpoints, against the in-memory {@link TestTimeStampAuthority}. */
class TimeStampsTest {

    private static final byte[] CHECKPOINT = "a signed checkpoint, DER in real life".getBytes(StandardCharsets.UTF_8);

    private static TestTimeStampAuthority tsa;

    @BeforeAll
    static void authority() {
        tsa = TestTimeStampAuthority.create();
    }

    @Test
    void stampThenVerifyGivesTheTimeAndTheAuthority() {
        Instant before = Instant.now();
        byte[] token = TimeStamps.stamp(tsa, CHECKPOINT);
        Instant after = Instant.now();

        StampedTime stamped = TimeStamps.verify(token, CHECKPOINT);

        // The responder stamps whole seconds.
        assertThat(stamped.genTime()).isBetween(before.minus(Duration.ofSeconds(1)), after);
        assertThat(stamped.tsaSubject()).isEqualTo("CN=Test TSA")
                .isEqualTo(tsa.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void everyStampHasItsOwnNonce() throws Exception {
        List<BigInteger> nonces = new ArrayList<>();
        TimeStampAuthority recording = request -> {
            nonces.add(new org.bouncycastle.tsp.TimeStampRequest(request).getNonce());
            return tsa.exchange(request);
        };
        TimeStamps.stamp(recording, CHECKPOINT);
        TimeStamps.stamp(recording, CHECKPOINT);

        assertThat(nonces).doesNotContainNull().doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void verifyOverDifferentDataFails() {
        byte[] token = TimeStamps.stamp(tsa, CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.verify(token, "another checkpoint".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TimeStampException.class).hasMessage("time-stamp is over different data");
    }

    @Test
    void aFlippedByteInTheSignatureOrTheStampedTimeFails() throws Exception {
        byte[] token = TimeStamps.stamp(tsa, CHECKPOINT);

        byte[] badSignature = token.clone();
        badSignature[badSignature.length - 1] ^= 1;
        assertThatThrownBy(() -> TimeStamps.verify(badSignature, CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessageStartingWith("time-stamp signature invalid");

        byte[] genTime = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token))
                .getTimeStampInfo().toASN1Structure().getGenTime().getEncoded();
        int at = indexOf(token, genTime);
        assertThat(at).as("genTime in the token").isPositive();
        byte[] otherTime = token.clone();
        otherTime[at + genTime.length - 2] ^= 1; // the last digit of the seconds: still a valid time, a different one
        assertThatThrownBy(() -> TimeStamps.verify(otherTime, CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessageStartingWith("time-stamp signature invalid");
    }

    /**
     * Parts of a CMS SignedData are signed by nobody (its version, its digest algorithm list, the signer's identifier):
     * a flip there may go unnoticed, but it must never change what verification says; everywhere else it must fail, and
     * always as a TimeStampException.
     */
    @Test
    void aFlippedByteAnywhereFailsAsTimeStampExceptionOrChangesNothing() {
        byte[] token = TimeStamps.stamp(tsa, CHECKPOINT);
        StampedTime original = TimeStamps.verify(token, CHECKPOINT);
        int unnoticed = 0;
        for (int i = 0; i < token.length; i++) {
            byte[] flipped = token.clone();
            flipped[i] ^= 0x01;
            StampedTime result;
            try {
                result = TimeStamps.verify(flipped, CHECKPOINT);
            } catch (TimeStampException expected) {
                continue;
            }
            assertThat(result).as("verified after flipping byte %d", i).isEqualTo(original);
            unnoticed++;
        }
        assertThat(unnoticed).as("flips in unsigned bytes").isLessThan(token.length / 20);
    }

    @Test
    void notATokenAtAll() {
        assertThatThrownBy(() -> TimeStamps.verify(CHECKPOINT, CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessageStartingWith("not a time-stamp token");
    }

    @Test
    void aTokenWithoutTheTsaCertificateCannotBeVerified() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(false);
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(CHECKPOINT);
        byte[] answer = tsa.exchange(generator.generate(NISTObjectIdentifiers.id_sha256, imprint, BigInteger.TEN).getEncoded());
        byte[] token = new TimeStampResponse(answer).getTimeStampToken().getEncoded();

        assertThatThrownBy(() -> TimeStamps.verify(token, CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessage("no TSA certificate in the time-stamp");
    }

    @Test
    void aRejectionNamesTheStatusAndTheTsasText() {
        assertThatThrownBy(() -> TimeStamps.stamp(tsa.rejecting("policy not accepted here"), CHECKPOINT))
                .isInstanceOf(TimeStampException.class)
                .hasMessageContaining("refused by the TSA")
                .hasMessageContaining("rejection")
                .hasMessageContaining("policy not accepted here");
    }

    @Test
    void aTokenForAnotherImprintIsRefused() {
        assertThatThrownBy(() -> TimeStamps.stamp(tsa.lying(), CHECKPOINT))
                .isInstanceOf(TimeStampException.class)
                .hasMessageContaining("does not match the request")
                .hasMessageContaining("imprint");
    }

    @Test
    void anAnswerForAnotherRequestIsRefused() throws Exception {
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(CHECKPOINT);
        byte[] stale = tsa.exchange(new TimeStampRequestGenerator().generate(NISTObjectIdentifiers.id_sha256, imprint, BigInteger.ONE)
                .getEncoded());

        assertThatThrownBy(() -> TimeStamps.stamp(request -> stale, CHECKPOINT))
                .isInstanceOf(TimeStampException.class)
                .hasMessageContaining("does not match the request")
                .hasMessageContaining("nonce");
    }

    @Test
    void aTransportFailureIsWrapped() {
        IOException refused = new IOException("Connection refused");

        TimeStampException e = catchThrowableOfType(TimeStampException.class,
                () -> TimeStamps.stamp(request -> { throw refused; }, CHECKPOINT));

        assertThat(e).hasMessageContaining("transport").hasMessageContaining("Connection refused").hasCause(refused);
    }

    @Test
    void anAnswerThatIsNoTimeStampRespIsRefused() {
        assertThatThrownBy(() -> TimeStamps.stamp(request -> "<html>proxy login</html>".getBytes(StandardCharsets.UTF_8), CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessageContaining("not a TimeStampResp");
        assertThatThrownBy(() -> TimeStamps.stamp(request -> new byte[0], CHECKPOINT))
                .isInstanceOf(TimeStampException.class).hasMessageContaining("empty");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
