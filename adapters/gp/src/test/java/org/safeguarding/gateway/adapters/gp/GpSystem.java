package org.safeguarding.gateway.adapters.gp;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.dstu3.model.Binary;
import org.hl7.fhir.dstu3.model.BooleanType;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Composition;
import org.hl7.fhir.dstu3.model.Extension;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.InstantType;
import org.hl7.fhir.dstu3.model.MessageHeader;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.PrimitiveType;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.StringType;

/**
 * A GP clinical system's side of GP Connect Send Document, for tests here and in the server's integration tests (this
 * module's test-jar): it reads what the gateway sent as strictly as HAPI's STU3 parser can, and answers with ITK3
 * responses shaped as ../shared/design/MESH.md records them. Its URLs are written out from the specification rather
 * than taken from {@link GpConnectSendDocument}, so a slip in either shows.
 */
public final class GpSystem {

    public static final String ITK_RESPONSE_CODES = "https://fhir.nhs.uk/STU3/CodeSystem/ITK-ResponseCodes-1";
    public static final String HANDLING = "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ITK-MessageHandling-2";
    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    /** The ITK3 codes that say all is well; every other one is negative. */
    public static final Set<String> POSITIVE = Set.of("20013", "30001");

    private static final FhirContext STU3 = FhirContext.forDstu3Cached();

    private GpSystem() {}

    /**
     * What the GP system took from a Send Document message.
     *
     * @param handling the MessageHeader's handling extension: each inner extension's url and its value (a boolean as
     *                 {@code true}/{@code false}, a coding as its code, a reference as its reference)
     */
    public record Received(String headerId, String senderReference, String sourceEndpoint, String event, Map<String, String> handling,
            String nhsNumber, LocalDate birthDate, String familyName, String binaryContentType, byte[] binary,
            String compositionTitle, Bundle message) {}

    /** Reads a message as a GP system would, refusing anything HAPI's strict STU3 parser refuses. */
    public static Received read(byte[] message) {
        Bundle bundle = strict().parseResource(Bundle.class, new String(message, StandardCharsets.UTF_8));
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw new IllegalArgumentException("not a message bundle: " + bundle.getType());
        }
        MessageHeader header = only(resources(bundle), MessageHeader.class);
        Map<String, String> handling = new LinkedHashMap<>();
        for (Extension e : header.getExtensionsByUrl(HANDLING)) {
            for (Extension inner : e.getExtension()) {
                handling.put(inner.getUrl(), value(inner));
            }
        }
        Bundle document = only(resources(bundle), Bundle.class);
        if (document.getType() != Bundle.BundleType.DOCUMENT) {
            throw new IllegalArgumentException("the focus is not a document bundle: " + document.getType());
        }
        List<Resource> parts = resources(document);
        if (!(parts.get(0) instanceof Composition composition)) {
            throw new IllegalArgumentException("a document bundle starts with its Composition, not " + parts.get(0).fhirType());
        }
        Patient patient = only(parts, Patient.class);
        Binary binary = only(parts, Binary.class);
        String nhs = patient.getIdentifier().stream().filter(i -> NHS_NUMBER.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElse(null);
        return new Received(header.getIdElement().getIdPart(), handling.get("SenderReference"), header.getSource().getEndpoint(),
                header.getEvent().getCode(), handling, nhs, LocalDate.parse(patient.getBirthDateElement().getValueAsString()),
                patient.getNameFirstRep().getFamily(), binary.getContentType(), binary.getContent(), composition.getTitle(), bundle);
    }

    /** An ITK3 response to the message whose MessageHeader id is {@code originalHeaderId}, with no sender reference. */
    public static byte[] response(String originalHeaderId, String code, String display, String ownMailbox) {
        return response(originalHeaderId, "None", code, display, ownMailbox);
    }

    /**
     * An ITK3 response (event ITK008M, both acknowledgements off, so nobody answers an answer): ok for 20013 and
     * 30001, fatal-error otherwise, its OperationOutcome carrying the code.
     *
     * @param ownMailbox the GP system's mailbox (the response's source)
     */
    public static byte[] response(String originalHeaderId, String senderReference, String code, String display, String ownMailbox) {
        boolean ok = POSITIVE.contains(code);
        String headerId = uuid();
        String organizationId = uuid();
        String outcomeId = uuid();

        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        bundle.setId(uuid());
        bundle.getMeta().addProfile("https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Message-Bundle-1");
        bundle.setIdentifier(new Identifier().setSystem("https://tools.ietf.org/html/rfc4122").setValue(uuid()));

        MessageHeader header = new MessageHeader();
        header.setId(headerId);
        header.getMeta().addProfile("https://fhir.nhs.uk/STU3/StructureDefinition/ITK-MessageHeader-2");
        Extension handling = new Extension(HANDLING);
        handling.addExtension(new Extension("BusAckRequested", new BooleanType(false)));
        handling.addExtension(new Extension("InfAckRequested", new BooleanType(false)));
        handling.addExtension(new Extension("RecipientType",
                new Coding("https://fhir.nhs.uk/STU3/CodeSystem/ITK-RecipientType-1", "FI", "For Information")));
        handling.addExtension(new Extension("MessageDefinition",
                new Reference("https://fhir.nhs.uk/STU3/MessageDefinition/ITK-Response-MessageDefinition-1")));
        handling.addExtension(new Extension("SenderReference", new StringType(senderReference)));
        handling.addExtension(new Extension("LocalExtension", new StringType("None")));
        header.addExtension(handling);
        header.setEvent(new Coding("https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2", "ITK008M", "ITK Response"));
        header.setSender(new Reference("urn:uuid:" + organizationId));
        header.setTimestampElement(new InstantType(Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        header.getSource().setEndpoint(ownMailbox);
        header.getResponse().setIdentifier(originalHeaderId)
                .setCode(ok ? MessageHeader.ResponseType.OK : MessageHeader.ResponseType.FATALERROR)
                .setDetails(new Reference("urn:uuid:" + outcomeId));
        header.addFocus(new Reference("urn:uuid:" + outcomeId));

        Organization organization = new Organization();
        organization.setId(organizationId);
        organization.getMeta().addProfile("https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-ITK-Header-Organization-1");
        organization.addIdentifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue("Y99999");
        organization.setName("Synthetic Surgery");

        OperationOutcome outcome = new OperationOutcome();
        outcome.setId(outcomeId);
        outcome.getMeta().addProfile("https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Response-OperationOutcome-1");
        outcome.addIssue()
                .setSeverity(ok ? OperationOutcome.IssueSeverity.INFORMATION : OperationOutcome.IssueSeverity.FATAL)
                .setCode(ok ? OperationOutcome.IssueType.INFORMATIONAL : OperationOutcome.IssueType.PROCESSING)
                .getDetails().addCoding(new Coding(ITK_RESPONSE_CODES, code, display));

        for (Resource r : List.of(header, organization, outcome)) {
            bundle.addEntry().setFullUrl("urn:uuid:" + r.getIdElement().getIdPart()).setResource(r);
        }
        return STU3.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
    }

    /** The parser a GP system reading strictly would use; resource ids as sent, not replaced by their entries' fullUrls. */
    public static IParser strict() {
        IParser parser = STU3.newJsonParser();
        parser.setParserErrorHandler(new StrictErrorHandler());
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        return parser;
    }

    private static String value(Extension e) {
        if (e.getValue() instanceof Coding c) {
            return c.getCode();
        }
        if (e.getValue() instanceof Reference r) {
            return r.getReference();
        }
        if (e.getValue() instanceof PrimitiveType<?> p) {
            return p.getValueAsString();
        }
        return null;
    }

    private static List<Resource> resources(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
    }

    private static <T extends Resource> T only(List<Resource> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
