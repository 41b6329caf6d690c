package org.safeguarding.gateway.adapters.unscheduledcare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The JSON of a lookup's searchset (CareTeam or Flag, each with its contained authority, every entry
 * with its search mode), written
 * straight from the resources the providers build. HAPI's generic encoder reaches every element by
 * reflection and walks each resource again to find contained resources: a sixth of a lookup's CPU,
 * where this writer spends a few percent.
 *
 * <p>It writes exactly HAPI's output for the shapes the providers build: the same elements, the same
 * order (the R4 definition order), empty elements left out. A jqwik property holds it to HAPI's
 * encoder byte for byte. Any element it does not know (an extension, a resource meta, a narrative, a
 * new element added to a provider and not here) makes it decline, and HAPI encodes that answer.
 */
final class LookupJson {

    private static final JsonFactory JSON = new JsonFactory();

    private LookupJson() {}

    /** @return the searchset's JSON, or empty when it holds anything this writer does not know */
    static Optional<byte[]> encode(Bundle searchset) {
        // through characters, as HAPI writes to the servlet's writer, so text converts to UTF-8 the same way
        StringWriter out = new StringWriter(2048 * (1 + searchset.getEntry().size()));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            bundle(json, searchset);
        } catch (Unknown unknown) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void bundle(JsonGenerator json, Bundle bundle) throws IOException {
        known(bundle.getMeta().hasVersionId() || bundle.getMeta().hasProfile() || bundle.getMeta().hasTag()
                || bundle.getMeta().hasSecurity() || bundle.getMeta().hasSource() || bundle.hasIdentifier()
                || bundle.hasTimestamp() || bundle.hasSignature() || bundle.hasImplicitRules() || bundle.hasLanguage()
                || hasExtensions(bundle.getMeta()));
        json.writeStartObject();
        json.writeStringField("resourceType", "Bundle");
        string(json, "id", bundle.getIdElement().getIdPart());
        if (bundle.getMeta().hasLastUpdated()) {
            json.writeObjectFieldStart("meta");
            primitive(json, "lastUpdated", bundle.getMeta().getLastUpdatedElement());
            json.writeEndObject();
        }
        primitive(json, "type", bundle.getTypeElement());
        if (bundle.hasTotal()) {
            json.writeNumberField("total", bundle.getTotal());
        }
        if (bundle.hasLink()) {
            json.writeArrayFieldStart("link");
            for (Bundle.BundleLinkComponent link : bundle.getLink()) {
                known(hasExtensions(link));
                json.writeStartObject();
                primitive(json, "relation", link.getRelationElement());
                primitive(json, "url", link.getUrlElement());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (bundle.hasEntry()) {
            json.writeArrayFieldStart("entry");
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                known(hasExtensions(entry) || entry.hasRequest() || entry.hasResponse() || entry.hasLink());
                json.writeStartObject();
                primitive(json, "fullUrl", entry.getFullUrlElement());
                json.writeFieldName("resource");
                resource(json, entry.getResource());
                if (!entry.getSearch().isEmpty()) {
                    Bundle.BundleEntrySearchComponent search = entry.getSearch();
                    known(hasExtensions(search) || search.hasScore());
                    json.writeObjectFieldStart("search");
                    primitive(json, "mode", search.getModeElement());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void resource(JsonGenerator json, Resource resource) throws IOException {
        if (resource instanceof CareTeam team) {
            careTeam(json, team);
        } else if (resource instanceof Flag flag) {
            flag(json, flag);
        } else {
            throw new Unknown();
        }
    }

    private static void careTeam(JsonGenerator json, CareTeam team) throws IOException {
        known(team.hasEncounter() || team.hasReasonCode() || team.hasReasonReference() || team.hasNote());
        start(json, team);
        list(json, "identifier", team.getIdentifier(), LookupJson::identifier);
        primitive(json, "status", team.getStatusElement());
        list(json, "category", team.getCategory(), LookupJson::codeableConcept);
        primitive(json, "name", team.getNameElement());
        reference(json, "subject", team.getSubject());
        period(json, "period", team.getPeriod());
        list(json, "participant", team.getParticipant(), (j, participant) -> {
            known(hasExtensions(participant) || participant.hasOnBehalfOf() || participant.hasPeriod());
            j.writeStartObject();
            list(j, "role", participant.getRole(), LookupJson::codeableConcept);
            reference(j, "member", participant.getMember());
            j.writeEndObject();
        });
        list(json, "managingOrganization", team.getManagingOrganization(), (j, org) -> reference(j, null, org));
        list(json, "telecom", team.getTelecom(), LookupJson::contactPoint);
        json.writeEndObject();
    }

    private static void flag(JsonGenerator json, Flag flag) throws IOException {
        known(flag.hasEncounter());
        start(json, flag);
        list(json, "identifier", flag.getIdentifier(), LookupJson::identifier);
        primitive(json, "status", flag.getStatusElement());
        list(json, "category", flag.getCategory(), LookupJson::codeableConcept);
        if (!flag.getCode().isEmpty()) {
            json.writeFieldName("code");
            codeableConcept(json, flag.getCode());
        }
        reference(json, "subject", flag.getSubject());
        period(json, "period", flag.getPeriod());
        reference(json, "author", flag.getAuthor());
        json.writeEndObject();
    }

    /** resourceType, id and the contained authority: what every resource here starts with. */
    private static void start(JsonGenerator json, DomainResource resource) throws IOException {
        known(resource.hasMeta() || resource.hasText() || resource.hasImplicitRules() || resource.hasLanguage()
                || resource.hasExtension() || resource.hasModifierExtension());
        json.writeStartObject();
        json.writeStringField("resourceType", resource.fhirType());
        string(json, "id", resource.getIdElement().getIdPart());
        list(json, "contained", resource.getContained(), (j, contained) -> {
            if (!(contained instanceof Organization organization)) {
                throw new Unknown();
            }
            organization(j, organization);
        });
    }

    private static void organization(JsonGenerator json, Organization org) throws IOException {
        known(org.hasMeta() || org.hasText() || org.hasImplicitRules() || org.hasLanguage() || org.hasExtension()
                || org.hasModifierExtension() || org.hasContained() || org.hasActiveElement() || org.hasType()
                || org.hasAlias() || org.hasAddress() || org.hasPartOf() || org.hasEndpoint());
        json.writeStartObject();
        json.writeStringField("resourceType", "Organization");
        string(json, "id", org.getIdElement().getIdPart());
        list(json, "identifier", org.getIdentifier(), LookupJson::identifier);
        primitive(json, "name", org.getNameElement());
        list(json, "telecom", org.getTelecom(), LookupJson::contactPoint);
        list(json, "contact", org.getContact(), (j, contact) -> {
            known(hasExtensions(contact) || contact.hasAddress());
            j.writeStartObject();
            if (!contact.getPurpose().isEmpty()) {
                j.writeFieldName("purpose");
                codeableConcept(j, contact.getPurpose());
            }
            if (!contact.getName().isEmpty()) {
                j.writeFieldName("name");
                humanName(j, contact.getName());
            }
            list(j, "telecom", contact.getTelecom(), LookupJson::contactPoint);
            j.writeEndObject();
        });
        json.writeEndObject();
    }

    private static void identifier(JsonGenerator json, Identifier identifier) throws IOException {
        known(hasExtensions(identifier) || identifier.hasUse() || identifier.hasType() || identifier.hasPeriod()
                || identifier.hasAssigner());
        json.writeStartObject();
        primitive(json, "system", identifier.getSystemElement());
        primitive(json, "value", identifier.getValueElement());
        json.writeEndObject();
    }

    private static void codeableConcept(JsonGenerator json, CodeableConcept concept) throws IOException {
        known(hasExtensions(concept));
        json.writeStartObject();
        list(json, "coding", concept.getCoding(), LookupJson::coding);
        primitive(json, "text", concept.getTextElement());
        json.writeEndObject();
    }

    private static void coding(JsonGenerator json, Coding coding) throws IOException {
        known(hasExtensions(coding) || coding.hasVersion() || coding.hasUserSelected());
        json.writeStartObject();
        primitive(json, "system", coding.getSystemElement());
        primitive(json, "code", coding.getCodeElement());
        primitive(json, "display", coding.getDisplayElement());
        json.writeEndObject();
    }

    private static void contactPoint(JsonGenerator json, ContactPoint point) throws IOException {
        known(hasExtensions(point) || point.hasPeriod());
        json.writeStartObject();
        primitive(json, "system", point.getSystemElement());
        primitive(json, "value", point.getValueElement());
        primitive(json, "use", point.getUseElement());
        if (point.hasRankElement()) {
            known(hasExtensions(point.getRankElement()));
            json.writeNumberField("rank", point.getRank());
        }
        json.writeEndObject();
    }

    private static void humanName(JsonGenerator json, HumanName name) throws IOException {
        known(hasExtensions(name) || name.hasUse() || name.hasFamily() || name.hasGiven() || name.hasPrefix()
                || name.hasSuffix() || name.hasPeriod());
        json.writeStartObject();
        primitive(json, "text", name.getTextElement());
        json.writeEndObject();
    }

    private static void reference(JsonGenerator json, String field, Reference reference) throws IOException {
        if (reference.isEmpty()) {
            return;
        }
        known(hasExtensions(reference) || reference.getResource() != null);
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        primitive(json, "reference", reference.getReferenceElement_());
        primitive(json, "type", reference.getTypeElement());
        if (!reference.getIdentifier().isEmpty()) {
            json.writeFieldName("identifier");
            identifier(json, reference.getIdentifier());
        }
        primitive(json, "display", reference.getDisplayElement());
        json.writeEndObject();
    }

    private static void period(JsonGenerator json, String field, Period period) throws IOException {
        if (period.isEmpty()) {
            return;
        }
        known(hasExtensions(period));
        json.writeObjectFieldStart(field);
        primitive(json, "start", period.getStartElement());
        primitive(json, "end", period.getEndElement());
        json.writeEndObject();
    }

    private interface Writer<T> {
        void write(JsonGenerator json, T value) throws IOException;
    }

    /** A repeating element: written when any item has content, leaving out the empty ones, as HAPI does. */
    private static <T extends Base> void list(JsonGenerator json, String field, List<T> items, Writer<T> writer) throws IOException {
        if (items.stream().allMatch(Base::isEmpty)) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (T item : items) {
            if (!item.isEmpty()) {
                writer.write(json, item);
            }
        }
        json.writeEndArray();
    }

    private static void primitive(JsonGenerator json, String field, PrimitiveType<?> value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        known(hasExtensions(value));
        string(json, field, value.getValueAsString());
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(field, value);
        }
    }

    private static boolean hasExtensions(Element element) {
        return element.hasExtension() || element.hasId()
                || (element instanceof BackboneElement backbone && backbone.hasModifierExtension());
    }

    private static void known(boolean somethingElse) {
        if (somethingElse) {
            throw new Unknown();
        }
    }

    /** An element this writer does not write: HAPI encodes the answer instead. */
    private static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }
}
