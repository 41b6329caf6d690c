package org.safeguarding.gateway.adapters.gp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat.Outcome;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat.Response;

/** ITK3 responses read back to the copy they answer; whatever else arrives under an ACK workflow is never an error. */
class GpConnectResponseProperties {

    private static final String ACK = "GPCONNECT_SEND_DOCUMENT_ACK";

    private final GpConnectSendDocument format = new SyntheticRecords().format();

    @Property
    void a_negative_code_fails_the_copy_it_names(@ForAll("copyIds") String copyId, @ForAll("negativeCodes") String code,
            @ForAll("displays") String display) {
        byte[] answer = GpSystem.response(copyId, code, display, SyntheticRecords.PRACTICE_MAILBOX);

        assertThat(format.response(GpConnectResponseTest.incoming(ACK, answer))).contains(new Response(copyId, Outcome.FAILED, code, display));
    }

    @Property
    void a_positive_code_delivers_or_acknowledges_the_copy_it_names(@ForAll("copyIds") String copyId, @ForAll boolean business,
            @ForAll("displays") String display) {
        String code = business ? "30001" : "20013";
        byte[] answer = GpSystem.response(copyId, code, display, SyntheticRecords.PRACTICE_MAILBOX);

        assertThat(format.response(GpConnectResponseTest.incoming(ACK, answer)))
                .contains(new Response(copyId, business ? Outcome.ACKNOWLEDGED : Outcome.DELIVERED, code, display));
    }

    @Property
    void arbitrary_bytes_are_never_an_error(@ForAll byte[] body) {
        assertThat(format.response(GpConnectResponseTest.incoming(ACK, body))).isNotNull();
    }

    @Property
    void a_damaged_response_is_never_an_error(@ForAll @IntRange(min = 0, max = 4000) int at, @ForAll byte replacement,
            @ForAll boolean truncate) {
        byte[] answer = GpSystem.response(UUID.randomUUID().toString(), "20013", "Received", SyntheticRecords.PRACTICE_MAILBOX);
        int i = at % answer.length;
        byte[] damaged = truncate ? Arrays.copyOf(answer, i) : answer.clone();
        if (!truncate) {
            damaged[i] = replacement;
        }

        assertThat(format.response(GpConnectResponseTest.incoming(ACK, damaged))).isNotNull();
    }

    @Property
    void json_shaped_noise_is_never_an_error(@ForAll("jsonNoise") String body) {
        assertThat(format.response(GpConnectResponseTest.incoming(ACK, body.getBytes(StandardCharsets.UTF_8)))).isNotNull();
    }

    @Provide
    Arbitrary<String> copyIds() {
        return Arbitraries.create(() -> UUID.randomUUID().toString());
    }

    @Provide
    Arbitrary<String> negativeCodes() {
        return Arbitraries.integers().between(0, 99_999).map(n -> String.format("%05d", n)).filter(c -> !GpSystem.POSITIVE.contains(c));
    }

    @Provide
    Arbitrary<String> displays() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars(" -,.'é")
                .ofMinLength(1).ofMaxLength(80).map(String::strip).filter(s -> !s.isEmpty());
    }

    @Provide
    Arbitrary<String> jsonNoise() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"resourceType\"", "\"Bundle\"", "\"MessageHeader\"",
                "\"OperationOutcome\"", "\"entry\"", "\"resource\"", "\"response\"", "\"identifier\"", "\"issue\"", "\"details\"",
                "\"coding\"", "\"code\"", "\"system\"", "\"" + GpSystem.ITK_RESPONSE_CODES + "\"", "\"20013\"", "null", "true", "1e999",
                "\"\\u0000\"");
        // half of it starts as a message bundle would, so the noise reaches past the first check
        Arbitrary<String> starts = Arbitraries.of("", "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[");
        return net.jqwik.api.Combinators.combine(starts, tokens.list().ofMaxSize(60)).as((start, l) -> start + String.join("", l));
    }
}
