package org.safeguarding.gateway.adapters.gp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat.Outcome;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat.Response;

/** What a practice's ITK3 responses tell the sender about a copy; anything else in the inbox is not this format's. */
class GpConnectResponseTest {

    private final GpConnectSendDocument format = new SyntheticRecords().format();
    private final String copyId = UUID.randomUUID().toString();

    static MeshClient.Incoming incoming(String workflowId, byte[] body) {
        return new MeshClient.Incoming(UUID.randomUUID().toString(), "DATA", SyntheticRecords.PRACTICE_MAILBOX, workflowId, null, null,
                null, "SUCCESS", "application/fhir+json", body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "20013 | Infrastructure Acknowledgement - Message received and processed successfully | DELIVERED",
        "30001 | Business Acknowledgement - Patient record updated successfully               | ACKNOWLEDGED",
        "10001 | Message failed business rule validation                                      | FAILED",
        "30002 | Document rejected, patient not registered at the practice                     | FAILED",
        "20001 | Infrastructure failure - message could not be processed                       | FAILED"})
    void an_itk3_response_names_the_copy_and_where_it_has_got_to(String code, String display, Outcome outcome) {
        byte[] answer = GpSystem.response(copyId, code, display, SyntheticRecords.PRACTICE_MAILBOX);

        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", answer))).contains(new Response(copyId, outcome, code, display));
    }

    @Test
    void responses_under_the_older_workflow_are_read_too() {
        byte[] answer = GpSystem.response(copyId, "30001", "Patient record updated", SyntheticRecords.PRACTICE_MAILBOX);

        assertThat(format.response(incoming("GPFED_CONSULT_REPORT_ACK", answer))).map(Response::outcome).contains(Outcome.ACKNOWLEDGED);
    }

    @Test
    void a_fatal_error_fails_the_copy_whatever_its_code() {
        String answer = new String(GpSystem.response(copyId, "20013", "Received", SyntheticRecords.PRACTICE_MAILBOX), StandardCharsets.UTF_8)
                .replace("\"code\":\"ok\"", "\"code\":\"fatal-error\"");

        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", answer.getBytes(StandardCharsets.UTF_8))))
                .map(Response::outcome).contains(Outcome.FAILED);
    }

    @Test
    void messages_under_other_workflows_and_mesh_reports_are_not_this_formats() {
        byte[] answer = GpSystem.response(copyId, "20013", "Received", SyntheticRecords.PRACTICE_MAILBOX);

        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT", answer))).isEmpty();
        assertThat(format.response(incoming("CMS_COPY", answer))).isEmpty();
        assertThat(format.response(incoming(null, answer))).isEmpty();
        assertThat(format.response(new MeshClient.Incoming("m1", "REPORT", null, "GPCONNECT_SEND_DOCUMENT_ACK", null, copyId, "14", "ERROR",
                null, answer))).isEmpty();
    }

    @Test
    void what_is_not_an_itk3_response_is_not_read_as_one() {
        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", "not json at all".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", new byte[] {(byte) 0xff, 0, 1}))).isEmpty();
        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", null))).isEmpty();
        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK",
                "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8)))).isEmpty();

        // a Send Document message itself has a MessageHeader but no response in it
        SyntheticRecords records = new SyntheticRecords();
        var document = records.document("DOC-SYN-R", "Child protection plan", "application/pdf");
        byte[] sent = records.format().message(SyntheticRecords.copyOf(document, copyId), SyntheticRecords.pdf(),
                SyntheticRecords.practice(null, true), SyntheticRecords.OWN_MAILBOX).body();
        assertThat(format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", sent))).isEmpty();
    }

    @Test
    void a_response_without_an_itk3_code_is_not_read_as_one() {
        String answer = new String(GpSystem.response(copyId, "20013", "Received", SyntheticRecords.PRACTICE_MAILBOX), StandardCharsets.UTF_8)
                .replace(GpSystem.ITK_RESPONSE_CODES, "https://example.org/other-codes");

        Optional<Response> read = format.response(incoming("GPCONNECT_SEND_DOCUMENT_ACK", answer.getBytes(StandardCharsets.UTF_8)));

        assertThat(read).isEmpty();
    }
}
