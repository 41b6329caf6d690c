package org.safeguarding.gateway.adapters.gp;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.dstu3.model.Binary;
import org.hl7.fhir.dstu3.model.BooleanType;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Composition;
import org.hl7.fhir.dstu3.model.ContactPoint;
import org.hl7.fhir.dstu3.model.DateTimeType;
import org.hl7.fhir.dstu3.model.DateType;
import org.hl7.fhir.dstu3.model.Extension;
import org.hl7.fhir.dstu3.model.HumanName;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.InstantType;
import org.hl7.fhir.dstu3.model.MessageHeader;
import org.hl7.fhir.dstu3.model.Narrative;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.StringType;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.mesh.MeshClient;
import org.safeguarding.gateway.core.delivery.mesh.MeshFormat;
import org.safeguarding.gateway.core.documents.Document;
import org.safeguarding.gateway.core.documents.DocumentStore;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanRegister;

/**
 * A plan document as GP Connect Send Document (../shared/design/MESH.md): an ITK3 message Bundle (FHIR STU3) carrying
 * the document as a PDF, to the practice the child is registered with, whose clinical system files it in the child's
 * record and answers with ITK3 responses. GP systems cannot open the CMS envelope other MESH recipients get, so this
 * copy travels under MESH's transport protection only; the directory says which practices take it.
 */
public class GpConnectSendDocument implements MeshFormat {

    public static final String NAME = "gp-connect";
    public static final String WORKFLOW = "GPCONNECT_SEND_DOCUMENT";
    /** Before 2.0.0 the workflow had this name; practices whose systems still use it say so in the directory. */
    public static final String WORKFLOW_1_X = "GPFED_CONSULT_REPORT";
    static final Set<String> RESPONSE_WORKFLOWS = Set.of(WORKFLOW + "_ACK", WORKFLOW_1_X + "_ACK");

    static final String MESSAGE_BUNDLE = "https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Message-Bundle-1";
    static final String DOCUMENT_BUNDLE = "https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Document-Bundle-1";
    static final String MESSAGE_HEADER = "https://fhir.nhs.uk/STU3/StructureDefinition/ITK-MessageHeader-2";
    static final String HEADER_ORGANIZATION = "https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-ITK-Header-Organization-1";
    static final String COMPOSITION = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Composition-1";
    static final String BINARY = "https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Attachment-Binary-1";
    static final String PRACTITIONER = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Practitioner-1";
    static final String ORGANIZATION = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Organization-1";
    static final String PATIENT = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
    static final String HANDLING = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ITK-MessageHandling-2";
    static final String RECIPIENT_TYPES = "https://fhir.nhs.uk/STU3/CodeSystem/ITK-RecipientType-1";
    static final String SEND_DOCUMENT_DEFINITION = "https://fhir.nhs.uk/STU3/MessageDefinition/ITK-GPConnectSendDocument-MessageDefinition-1";
    static final String MESSAGE_EVENTS = "https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2";
    static final String RESPONSE_CODES = "https://fhir.nhs.uk/STU3/CodeSystem/ITK-ResponseCodes-1";
    static final String RFC_4122 = "https://tools.ietf.org/html/rfc4122";
    static final String ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String NHS_NUMBER_VERIFICATION = "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1";
    static final String NHS_NUMBER_VERIFICATION_CODES = "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1";

    static final String PDF = "application/pdf";
    static final String FHIR_JSON = "application/fhir+json";
    static final String INFRASTRUCTURE_OK = "20013";
    static final String BUSINESS_OK = "30001";

    /** Building a FHIR context reads every STU3 resource's model: done once, shared (it is thread-safe). */
    static final FhirContext STU3 = FhirContext.forDstu3Cached();

    private static final DateTimeFormatter FHIR_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private final DocumentStore documents;
    private final PlanRegister plans;
    private final AgencyDirectory agencies;
    private final GpConnectProperties properties;
    private final Clock clock;

    public GpConnectSendDocument(DocumentStore documents, PlanRegister plans, AgencyDirectory agencies, GpConnectProperties properties,
            Clock clock) {
        this.documents = documents;
        this.plans = plans;
        this.agencies = agencies;
        this.properties = properties == null ? GpConnectProperties.defaults() : properties;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean carries(String messageType, Agency recipient) {
        return "document".equals(messageType) && recipient != null && recipient.mesh() != null && recipient.mesh().gpConnect();
    }

    @Override
    public MeshClient.Outgoing message(Delivery copy, byte[] content, Agency recipient, String ownMailbox) {
        Document document = documents.find(copy.reference())
                .orElseThrow(() -> new IllegalStateException("copy " + copy.id() + ": document " + copy.reference() + " is not on record"));
        Plan plan = plans.find(document.planId())
                .orElseThrow(() -> new IllegalStateException("copy " + copy.id() + ": plan " + document.planId() + " is not on the register"));
        Agency authority = agencies.find(document.localAuthority()).orElseGet(() -> Agency.unknownLocalAuthority(document.localAuthority()));
        String ods = properties.senderOdsCode() != null ? properties.senderOdsCode() : authority.id();
        String nhs = document.nhsNumber() != null ? document.nhsNumber() : plan.nhsNumber().value();
        Child child = plan.child();

        byte[] body = STU3.newJsonParser().encodeResourceToString(bundle(copy, document, child, nhs, authority, ods, content, ownMailbox))
                .getBytes(StandardCharsets.UTF_8);
        String subject = "Consultation report for " + child.givenName() + " " + child.familyName() + " , NHS Number " + nhs + ", seen at "
                + authority.name() + ", ODS Code " + ods;
        return new MeshClient.Outgoing(to(recipient, nhs, child), workflow(recipient), copy.id() + ".json", ods, subject, FHIR_JSON, body);
    }

    private String to(Agency recipient, String nhs, Child child) {
        if (properties.addressTo() == GpConnectProperties.AddressTo.MAILBOX) {
            return recipient.mesh().mailbox();
        }
        return "GPPROVIDER_" + nhs + "_" + properties.providerDate().format(child.birthDate()) + "_" + child.familyName();
    }

    private static String workflow(Agency recipient) {
        String workflow = recipient.mesh().workflowId();
        return workflow == null || workflow.isBlank() ? WORKFLOW : workflow.strip();
    }

    private Bundle bundle(Delivery copy, Document document, Child child, String nhs, Agency authority, String ods, byte[] content,
            String ownMailbox) {
        Instant now = clock.instant();
        String headerOrganizationId = uuid();
        String documentBundleId = uuid();

        Bundle message = new Bundle().setType(Bundle.BundleType.MESSAGE);
        message.setId(uuid());
        message.getMeta().addProfile(MESSAGE_BUNDLE);
        message.setIdentifier(new Identifier().setSystem(RFC_4122).setValue(uuid()));

        MessageHeader header = new MessageHeader();
        header.setId(copy.id());
        header.getMeta().addProfile(MESSAGE_HEADER);
        header.addExtension(handling(true, true, SEND_DOCUMENT_DEFINITION, uuid(), "SendDocument-ConsultationReport"));
        header.setEvent(new Coding(MESSAGE_EVENTS, "ITK007C", "ITK GP Connect Send Document"));
        header.setSender(reference(headerOrganizationId));
        header.setTimestampElement(new InstantType(dateTime(now)));
        header.getSource().setEndpoint(ownMailbox);
        header.addFocus(reference(documentBundleId));

        Organization headerOrganization = new Organization();
        headerOrganization.setId(headerOrganizationId);
        headerOrganization.getMeta().addProfile(HEADER_ORGANIZATION);
        headerOrganization.addIdentifier().setSystem(ODS_CODE).setValue(ods);
        headerOrganization.setName(authority.name());

        add(message, header);
        add(message, headerOrganization);
        add(message, documentBundle(documentBundleId, document, child, nhs, authority, ods, content));
        return message;
    }

    /** The document itself: the Composition first (what a document bundle is), then what it refers to. */
    private Bundle documentBundle(String id, Document document, Child child, String nhs, Agency authority, String ods, byte[] content) {
        Attachment attachment = attachment(document, content);
        String compositionId = uuid();
        String binaryId = uuid();
        String organizationId = uuid();
        String patientId = uuid();
        String practitionerId = document.uploadedBy() == null || document.uploadedBy().isBlank() ? null : uuid();

        Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        bundle.setId(id);
        bundle.getMeta().addProfile(DOCUMENT_BUNDLE);
        bundle.setIdentifier(new Identifier().setSystem(RFC_4122).setValue(uuid()));

        Composition composition = new Composition();
        composition.setId(compositionId);
        composition.getMeta().addProfile(COMPOSITION);
        composition.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
        composition.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + xml(document.title() + ": "
                + document.kind().display() + " for " + child.givenName() + " " + child.familyName() + ", NHS Number " + nhs + ", from "
                + authority.name() + ", ODS Code " + ods) + "</p></div>");
        composition.setIdentifier(new Identifier().setSystem(RFC_4122).setValue(compositionId));
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "371531000", "Report of clinical encounter")));
        composition.setSubject(reference(patientId));
        composition.setDateElement(new DateTimeType(dateTime(document.uploadedAt())));
        // the social worker who sent it, on behalf of the authority that holds the plan
        if (practitionerId != null) {
            composition.addAuthor(reference(practitionerId));
        }
        composition.addAuthor(reference(organizationId));
        composition.setTitle(document.title());
        // a child protection document is restricted: its detail is for those caring for the child, not every viewer of the record
        composition.setConfidentiality(Composition.DocumentConfidentiality.R);
        composition.setCustodian(reference(organizationId));
        composition.addSection().setTitle(document.kind().display()).addEntry(reference(binaryId));
        add(bundle, composition);

        Binary binary = new Binary();
        binary.setId(binaryId);
        binary.getMeta().addProfile(BINARY);
        binary.setContentType(attachment.contentType());
        binary.setContent(attachment.bytes());
        add(bundle, binary);

        if (practitionerId != null) {
            Practitioner practitioner = new Practitioner();
            practitioner.setId(practitionerId);
            practitioner.getMeta().addProfile(PRACTITIONER);
            // the gateway knows the sender by their sign-in name only: given as text, not as a family or given name
            practitioner.addName().setUse(HumanName.NameUse.OFFICIAL).setText(document.uploadedBy());
            add(bundle, practitioner);
        }

        Organization organization = new Organization();
        organization.setId(organizationId);
        organization.getMeta().addProfile(ORGANIZATION);
        organization.addIdentifier().setSystem(ODS_CODE).setValue(ods);
        organization.setName(authority.name());
        if (authority.officePhone() != null && !authority.officePhone().isBlank()) {
            organization.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(authority.officePhone())
                    .setUse(ContactPoint.ContactPointUse.WORK);
        }
        add(bundle, organization);

        Patient patient = new Patient();
        patient.setId(patientId);
        patient.getMeta().addProfile(PATIENT);
        Identifier nhsNumber = patient.addIdentifier().setSystem(NHS_NUMBER).setValue(nhs);
        // CP-IS asks authorities to hold NHS numbers traced on PDS, and the register takes only valid ones
        nhsNumber.addExtension(new Extension(NHS_NUMBER_VERIFICATION, new CodeableConcept()
                .addCoding(new Coding(NHS_NUMBER_VERIFICATION_CODES, "01", "Number present and verified"))));
        patient.setActive(true);
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(child.familyName()).addGiven(child.givenName());
        patient.setBirthDateElement(new DateType(child.birthDate().toString()));
        add(bundle, patient);
        return bundle;
    }

    private record Attachment(String contentType, byte[] bytes) {}

    /**
     * What the practice gets: a PDF as it is; plain text as a PDF (GP systems file PDFs, and text has no layout to lose);
     * anything else (DOCX) as it is, under its own type, for the practice to open.
     */
    private static Attachment attachment(Document document, byte[] content) {
        String type = document.contentType() == null ? "" : document.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith(PDF)) {
            return new Attachment(PDF, content);
        }
        if (type.startsWith("text/plain")) {
            // the gateway accepts text as UTF-8 only (ContentInspector)
            return new Attachment(PDF, TextAsPdf.render(new String(content, StandardCharsets.UTF_8)));
        }
        return new Attachment(document.contentType(), content);
    }

    static Extension handling(boolean busAck, boolean infAck, String messageDefinition, String senderReference, String localExtension) {
        Extension handling = new Extension(HANDLING);
        handling.addExtension(new Extension("BusAckRequested", new BooleanType(busAck)));
        handling.addExtension(new Extension("InfAckRequested", new BooleanType(infAck)));
        handling.addExtension(new Extension("RecipientType", new Coding(RECIPIENT_TYPES, "FA", "For Action")));
        handling.addExtension(new Extension("MessageDefinition", new Reference(messageDefinition)));
        handling.addExtension(new Extension("SenderReference", new StringType(senderReference)));
        handling.addExtension(new Extension("LocalExtension", new StringType(localExtension)));
        return handling;
    }

    @Override
    public Optional<Response> response(MeshClient.Incoming message) {
        // a MESH report (a non-delivery) is about the transport, not an ITK answer: the gateway's MESH handling reads it
        if (message == null || message.workflowId() == null || !RESPONSE_WORKFLOWS.contains(message.workflowId()) || message.body() == null
                || "REPORT".equalsIgnoreCase(message.messageType())) {
            return Optional.empty();
        }
        try {
            return read(message.body());
        } catch (RuntimeException unreadable) {
            // whatever a practice's system sends, it must not stop the gateway reading its inbox: not one of ours
            return Optional.empty();
        }
    }

    private static Optional<Response> read(byte[] body) {
        IParser parser = STU3.newJsonParser();
        // a practice's system may add what the gateway does not read; logging each unknown part of every answer is noise
        parser.setParserErrorHandler(new LenientErrorHandler(false));
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        Bundle bundle = parser.parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
        MessageHeader header = first(bundle, MessageHeader.class).orElse(null);
        if (header == null || !header.hasResponse() || !header.getResponse().hasIdentifier()) {
            return Optional.empty();
        }
        String deliveryId = header.getResponse().getIdentifier();
        OperationOutcome outcome = details(bundle, header.getResponse().getDetails()).orElse(null);
        if (outcome == null) {
            return Optional.empty();
        }
        for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            for (Coding coding : issue.getDetails().getCoding()) {
                if (RESPONSE_CODES.equals(coding.getSystem()) && coding.hasCode()) {
                    boolean fatal = header.getResponse().getCode() == MessageHeader.ResponseType.FATALERROR;
                    return Optional.of(new Response(deliveryId, outcome(coding.getCode().strip(), fatal), coding.getCode().strip(),
                            coding.getDisplay()));
                }
            }
        }
        return Optional.empty();
    }

    static Outcome outcome(String code, boolean fatal) {
        if (fatal) {
            return Outcome.FAILED;
        }
        return switch (code) {
            case INFRASTRUCTURE_OK -> Outcome.DELIVERED;
            case BUSINESS_OK -> Outcome.ACKNOWLEDGED;
            default -> Outcome.FAILED;
        };
    }

    /** The OperationOutcome the response names; a response whose reference does not resolve: its only OperationOutcome. */
    private static Optional<OperationOutcome> details(Bundle bundle, Reference details) {
        if (details != null && details.hasReference()) {
            for (BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof OperationOutcome outcome && (details.getReference().equals(entry.getFullUrl())
                        || details.getReference().equals("OperationOutcome/" + outcome.getIdElement().getIdPart()))) {
                    return Optional.of(outcome);
                }
            }
        }
        List<OperationOutcome> outcomes = bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(OperationOutcome.class::isInstance).map(OperationOutcome.class::cast).toList();
        return outcomes.size() == 1 ? Optional.of(outcomes.get(0)) : Optional.empty();
    }

    private static <T extends Resource> Optional<T> first(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).findFirst();
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart()).setResource(resource);
    }

    private static Reference reference(String id) {
        return new Reference("urn:uuid:" + id);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static String dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).format(FHIR_DATE_TIME);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
