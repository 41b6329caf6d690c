package org.safeguarding.gateway.adapters.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.gateway.adapters.gp.SyntheticRecords.NHS;
import static org.safeguarding.gateway.adapters.gp.SyntheticRecords.OWN_MAILBOX;
import static org.safeguarding.gateway.adapters.gp.SyntheticRecords.copyOf;
import static org.safeguarding.gateway.adapters.gp.SyntheticRecords.practice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Composition;
import org.hl7.fhir.dstu3.model.MessageHeader;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Resource;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.documents.Document;
import org.safeguarding.gateway.core.model.Agency;

/** A plan document as a GP system receives it: the ITK3 message, its MESH headers, and the attachment a practice files. */
class GpConnectSendDocumentTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private final SyntheticRecords records = new SyntheticRecords();
    private final String copyId = UUID.randomUUID().toString();

    @Test
    void a_pdf_goes_as_a_send_document_message_a_gp_system_reads_strictly() {
        Document document = records.document("DOC-SYN-1", "Child protection plan, initial conference", "application/pdf");
        byte[] pdf = SyntheticRecords.pdf();

        MeshClient.Outgoing sent = records.format().message(copyOf(document, copyId), pdf, practice(null, true), OWN_MAILBOX);
        GpSystem.Received received = GpSystem.read(sent.body());

        assertThat(received.headerId()).isEqualTo(copyId);
        assertThat(received.event()).isEqualTo("ITK007C");
        assertThat(received.sourceEndpoint()).isEqualTo(OWN_MAILBOX);
        assertThat(received.handling()).containsOnlyKeys("BusAckRequested", "InfAckRequested", "RecipientType", "MessageDefinition",
                "SenderReference", "LocalExtension");
        assertThat(received.handling()).containsEntry("BusAckRequested", "true").containsEntry("InfAckRequested", "true")
                .containsEntry("RecipientType", "FA")
                .containsEntry("MessageDefinition",
                        "https://fhir.nhs.uk/STU3/MessageDefinition/ITK-GPConnectSendDocument-MessageDefinition-1")
                .containsEntry("LocalExtension", "SendDocument-ConsultationReport");
        assertThat(UUID.fromString(received.senderReference())).isNotNull();
        assertThat(received.binaryContentType()).isEqualTo("application/pdf");
        assertThat(received.binary()).isEqualTo(pdf);
        assertThat(received.nhsNumber()).isEqualTo(NHS);
        assertThat(received.birthDate()).isEqualTo(LocalDate.of(2019, 3, 7));
        assertThat(received.familyName()).isEqualTo("Testchild");
        assertThat(received.compositionTitle()).isEqualTo("Child protection plan, initial conference");
    }

    @Test
    void the_message_is_shaped_as_the_itk3_example() {
        Document record = records.document("DOC-SYN-2", "Review conference minutes", "application/pdf");
        MeshClient.Outgoing sent = records.format().message(copyOf(record, copyId), SyntheticRecords.pdf(), practice(null, true),
                OWN_MAILBOX);
        Bundle message = GpSystem.read(sent.body()).message();

        assertThat(message.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(message.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Message-Bundle-1");
        assertThat(message.getIdentifier().getSystem()).isEqualTo("https://tools.ietf.org/html/rfc4122");
        assertThat(UUID.fromString(message.getIdentifier().getValue())).isNotNull();
        for (Bundle b : List.of(message, (Bundle) message.getEntry().get(2).getResource())) {
            b.getEntry().forEach(e -> assertThat(e.getFullUrl()).isEqualTo("urn:uuid:" + e.getResource().getIdElement().getIdPart()));
        }

        List<Resource> entries = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        assertThat(entries).extracting(Resource::fhirType).containsExactly("MessageHeader", "Organization", "Bundle");
        MessageHeader header = (MessageHeader) entries.get(0);
        Organization sender = (Organization) entries.get(1);
        Bundle document = (Bundle) entries.get(2);
        assertThat(header.getSender().getReference()).isEqualTo(message.getEntry().get(1).getFullUrl());
        assertThat(header.getFocus()).extracting(r -> r.getReference()).containsExactly(message.getEntry().get(2).getFullUrl());
        assertThat(header.getEvent().getSystem()).isEqualTo("https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2");
        assertThat(header.getTimestamp()).isEqualTo(java.util.Date.from(SyntheticRecords.NOW));
        assertThat(sender.getMeta().getProfile().get(0).getValue())
                .isEqualTo("https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-ITK-Header-Organization-1");
        assertThat(sender.getIdentifierFirstRep().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        assertThat(sender.getIdentifierFirstRep().getValue()).isEqualTo(SyntheticRecords.AUTHORITY);
        assertThat(sender.getName()).isEqualTo("Synthshire Council");

        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        List<Resource> parts = document.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        assertThat(parts).extracting(Resource::fhirType).containsExactly("Composition", "Binary", "Practitioner", "Organization", "Patient");
        Composition composition = (Composition) parts.get(0);
        assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
        assertThat(composition.getType().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("371531000");
        assertThat(composition.getConfidentiality()).isEqualTo(Composition.DocumentConfidentiality.R);
        assertThat(composition.getSubject().getReference()).isEqualTo(document.getEntry().get(4).getFullUrl());
        assertThat(composition.getAuthor()).extracting(r -> r.getReference())
                .containsExactly(document.getEntry().get(2).getFullUrl(), document.getEntry().get(3).getFullUrl());
        assertThat(composition.getCustodian().getReference()).isEqualTo(document.getEntry().get(3).getFullUrl());
        assertThat(composition.getSection()).hasSize(1);
        assertThat(composition.getSectionFirstRep().getEntry()).extracting(r -> r.getReference())
                .containsExactly(document.getEntry().get(1).getFullUrl());
        assertThat(composition.getText().getDivAsString()).contains("Alex Testchild", NHS, "Synthshire Council");
        Patient patient = (Patient) parts.get(4);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Alex");
    }

    @Test
    void mesh_headers_name_the_child_the_authority_and_the_copy() {
        Document document = records.document("DOC-SYN-3", "Child protection plan", "application/pdf");
        Delivery copy = copyOf(document, copyId);

        MeshClient.Outgoing sent = records.format().message(copy, SyntheticRecords.pdf(), practice(null, true), OWN_MAILBOX);

        assertThat(sent.to()).isEqualTo("GPPROVIDER_9993828963_20190307_Testchild");
        assertThat(sent.workflowId()).isEqualTo("GPCONNECT_SEND_DOCUMENT");
        assertThat(sent.localId()).isEqualTo(SyntheticRecords.AUTHORITY);
        assertThat(sent.subject())
                .isEqualTo("Consultation report for Alex Testchild , NHS Number 9993828963, seen at Synthshire Council, ODS Code la-synthshire");
        assertThat(sent.fileName()).isEqualTo(copyId + ".json");
        assertThat(sent.contentType()).isEqualTo("application/fhir+json");
    }

    @Test
    void the_gpprovider_birth_date_takes_the_configured_form_or_the_directory_mailbox_is_used() {
        Document document = records.document("DOC-SYN-4", "Child protection plan", "application/pdf");
        Delivery copy = copyOf(document, copyId);
        byte[] pdf = SyntheticRecords.pdf();

        var older = new GpConnectProperties("ddMMyyyy", null, null);
        assertThat(records.format(older).message(copy, pdf, practice(null, true), OWN_MAILBOX).to())
                .isEqualTo("GPPROVIDER_9993828963_07032019_Testchild");
        var mailbox = new GpConnectProperties(null, GpConnectProperties.AddressTo.MAILBOX, null);
        assertThat(records.format(mailbox).message(copy, pdf, practice(null, true), OWN_MAILBOX).to())
                .isEqualTo(SyntheticRecords.PRACTICE_MAILBOX);
        assertThatThrownBy(() -> new GpConnectProperties("yyyyMMdd{", null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_workflow_is_the_directorys_and_send_document_when_it_names_none() {
        Document document = records.document("DOC-SYN-5", "Child protection plan", "application/pdf");
        Delivery copy = copyOf(document, copyId);
        byte[] pdf = SyntheticRecords.pdf();
        GpConnectSendDocument format = records.format();

        assertThat(format.message(copy, pdf, practice("GPFED_CONSULT_REPORT", true), OWN_MAILBOX).workflowId())
                .isEqualTo("GPFED_CONSULT_REPORT");
        assertThat(format.message(copy, pdf, practice("GPCONNECT_SEND_DOCUMENT", true), OWN_MAILBOX).workflowId())
                .isEqualTo("GPCONNECT_SEND_DOCUMENT");
        assertThat(format.message(copy, pdf, practice(" ", true), OWN_MAILBOX).workflowId()).isEqualTo("GPCONNECT_SEND_DOCUMENT");
    }

    @Test
    void a_configured_ods_code_is_the_senders() {
        Document document = records.document("DOC-SYN-6", "Child protection plan", "application/pdf");
        MeshClient.Outgoing sent = records.format(new GpConnectProperties(null, null, "Z9Z9Z"))
                .message(copyOf(document, copyId), SyntheticRecords.pdf(), practice(null, true), OWN_MAILBOX);

        assertThat(sent.localId()).isEqualTo("Z9Z9Z");
        assertThat(sent.subject()).endsWith("ODS Code Z9Z9Z");
        Organization sender = (Organization) GpSystem.read(sent.body()).message().getEntry().get(1).getResource();
        assertThat(sender.getIdentifierFirstRep().getValue()).isEqualTo("Z9Z9Z");
    }

    @Test
    void a_text_document_is_sent_as_a_pdf_of_its_text() throws IOException {
        Document document = records.document("DOC-SYN-7", "Core group notes", "text/plain; charset=utf-8");
        StringBuilder text = new StringBuilder("Core group meeting, synthetic notes\r\n\tAttendees: social worker, health visitor, school\n");
        for (int i = 1; i <= 120; i++) {
            text.append("Action ").append(i).append(": a synthetic action long enough that the line has to be wrapped at the margin ")
                    .append("of the page before it ends, item ").append(i).append(".\n");
        }
        text.append("Naïve café, 20 € and a snowman \u2603 at the end");

        MeshClient.Outgoing sent = records.format().message(copyOf(document, copyId), text.toString().getBytes(StandardCharsets.UTF_8),
                practice(null, true), OWN_MAILBOX);
        GpSystem.Received received = GpSystem.read(sent.body());

        assertThat(received.binaryContentType()).isEqualTo("application/pdf");
        assertThat(new String(received.binary(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument pdf = Loader.loadPDF(received.binary())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            String extracted = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(extracted).contains("Core group meeting, synthetic notes", "Attendees: social worker, health visitor, school",
                    "Action 1: a synthetic action", "item 120.", "Naïve café, 20 € and a snowman ? at the end");
        }
    }

    @Test
    void an_empty_text_document_is_still_a_one_page_pdf() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(TextAsPdf.render(""))) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
        }
    }

    @Test
    void a_word_document_goes_as_it_is_under_its_own_type() {
        Document document = records.document("DOC-SYN-8", "Conference minutes", DOCX);
        byte[] docx = {'P', 'K', 3, 4, 1, 2, 3};

        MeshClient.Outgoing sent = records.format().message(copyOf(document, copyId), docx, practice(null, true), OWN_MAILBOX);
        GpSystem.Received received = GpSystem.read(sent.body());

        assertThat(received.binaryContentType()).isEqualTo(DOCX);
        assertThat(received.binary()).isEqualTo(docx);
    }

    @Test
    void only_documents_to_practices_the_directory_marks_for_gp_connect_are_carried() {
        GpConnectSendDocument format = records.format();
        assertThat(format.name()).isEqualTo("gp-connect");
        assertThat(format.carries("document", practice(null, true))).isTrue();
        assertThat(format.carries("document", practice(null, false))).isFalse();
        assertThat(format.carries("dv-notification", practice(null, true))).isFalse();
        assertThat(format.carries("document", new Agency("gp-1", "gp", "No MESH Surgery", List.of(), null, null, null, null))).isFalse();
    }

    @Test
    void a_copy_whose_document_is_not_on_record_cannot_be_built() {
        Document unknown = new Document("DOC-SYN-GONE", null, SyntheticRecords.PLAN.planId(), NHS, "t", "f", "application/pdf", 1, "", "x",
                "u", SyntheticRecords.NOW, 1);
        assertThatThrownBy(() -> records.format().message(copyOf(unknown, copyId), new byte[0], practice(null, true), OWN_MAILBOX))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DOC-SYN-GONE");
    }
}
