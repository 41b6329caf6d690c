package org.safeguarding.gateway.console;

import static org.safeguarding.gateway.console.FieldProblems.at;
import static org.safeguarding.gateway.console.FormJson.isBlank;
import static org.safeguarding.gateway.console.FormJson.isoDate;
import static org.safeguarding.gateway.console.FormJson.put;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.safeguarding.gateway.core.dv.DvNotificationSchema;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.dv.DvOutcomes;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Police notify a domestic abuse incident where children were present, and follow each notification: where its
 * copies reached and what the local authority decided. The receiving authority records that decision from the
 * notification's page. The form becomes the same JSON a force system posts and meets the same published schema and
 * the same core service, so the console accepts exactly what the API accepts.
 */
@Controller
class DvNotificationPages {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** RFC 3339 as the schema's date-time format asks: seconds always written (OffsetDateTime's toString drops ":00"). */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";
    private static final int LIST_SIZE = 50;

    private final DvNotifications notifications;
    private final AccessControl access;
    private final JsonMapper json;
    private final Clock clock;

    DvNotificationPages(DvNotifications notifications, AccessControl access, JsonMapper json, Clock clock) {
        this.notifications = notifications;
        this.access = access;
        this.json = json;
        this.clock = clock;
    }

    /** The form as the officer filled it in; kept as typed so that a refused form comes back as it was sent. */
    public static class Form {
        private String idempotencyKey = UUID.randomUUID().toString();
        private String forceReference;
        private String incidentDate;
        private String incidentTime;
        private String riskLevel;
        private String postcode;
        private String summary;
        private List<Person> children = new ArrayList<>(List.of(new Person()));
        private List<Person> adults = new ArrayList<>(List.of(new Person()));
        private String officerName;
        private String collarNumber;
        private String officerPhone;

        public String getIdempotencyKey() { return idempotencyKey; }
        public void setIdempotencyKey(String v) { idempotencyKey = v; }
        public String getForceReference() { return forceReference; }
        public void setForceReference(String v) { forceReference = v; }
        public String getIncidentDate() { return incidentDate; }
        public void setIncidentDate(String v) { incidentDate = v; }
        public String getIncidentTime() { return incidentTime; }
        public void setIncidentTime(String v) { incidentTime = v; }
        public String getRiskLevel() { return riskLevel; }
        public void setRiskLevel(String v) { riskLevel = v; }
        public String getPostcode() { return postcode; }
        public void setPostcode(String v) { postcode = v; }
        public String getSummary() { return summary; }
        public void setSummary(String v) { summary = v; }
        public List<Person> getChildren() { return children; }
        public void setChildren(List<Person> v) { children = v; }
        public List<Person> getAdults() { return adults; }
        public void setAdults(List<Person> v) { adults = v; }
        public String getOfficerName() { return officerName; }
        public void setOfficerName(String v) { officerName = v; }
        public String getCollarNumber() { return collarNumber; }
        public void setCollarNumber(String v) { collarNumber = v; }
        public String getOfficerPhone() { return officerPhone; }
        public void setOfficerPhone(String v) { officerPhone = v; }
    }

    /** A child present, or an adult involved: the fields of both, the adult's relationship and the child's school. */
    public static class Person implements FormJson.Row {
        private String givenName;
        private String familyName;
        private String birthDate;
        private String nhsNumber;
        private String schoolId;
        private String postcode;
        private String relationship;

        public String getGivenName() { return givenName; }
        public void setGivenName(String v) { givenName = v; }
        public String getFamilyName() { return familyName; }
        public void setFamilyName(String v) { familyName = v; }
        public String getBirthDate() { return birthDate; }
        public void setBirthDate(String v) { birthDate = v; }
        public String getNhsNumber() { return nhsNumber; }
        public void setNhsNumber(String v) { nhsNumber = v; }
        public String getSchoolId() { return schoolId; }
        public void setSchoolId(String v) { schoolId = v; }
        public String getPostcode() { return postcode; }
        public void setPostcode(String v) { postcode = v; }
        public String getRelationship() { return relationship; }
        public void setRelationship(String v) { relationship = v; }

        @Override
        public boolean empty() {
            return FormJson.allBlank(givenName, familyName, birthDate, nhsNumber, schoolId, postcode, relationship);
        }
    }

    @GetMapping("/dv-notifications/new")
    String form(@AuthenticationPrincipal ConsoleUser user, Model model) {
        offerSubmit(user);
        model.addAttribute("form", new Form());
        return "dv-new";
    }

    /**
     * Submit, or (the "add another" buttons) the same form with one more child or adult row: adding a row is a
     * round trip rather than script, so the form works with the keyboard and without JavaScript.
     */
    @PostMapping("/dv-notifications")
    String submit(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute("form") Form form,
            @RequestParam(name = "add", required = false) String add, Model model, HttpServletResponse response) {
        offerSubmit(user);
        if ("child".equals(add) || "adult".equals(add)) {
            FormJson.addRow("child".equals(add) ? form.children : form.adults, Person::new);
            return "dv-new";
        }
        FormJson.dropEmptyRows(form.children, Person::new, true);
        FormJson.dropEmptyRows(form.adults, Person::new, false);
        try {
            ObjectNode body = asJson(form);
            DvNotifications.Receipt receipt = notifications.accept(user.caller(), DvNotificationSchema.read(body), form.idempotencyKey, null);
            return "redirect:/dv-notifications/" + receipt.id();
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            List<FieldProblems.Problem> problems = problems(e);
            model.addAttribute("problems", problems);
            model.addAttribute("fieldErrors", FieldProblems.byControl(problems));
            FormJson.dropEmptyRows(form.adults, Person::new, true);
            return "dv-new";
        }
    }

    @GetMapping("/dv-notifications")
    String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
        Instant now = clock.instant();
        model.addAttribute("notifications", notifications.ofForce(user.caller(), LIST_SIZE, null).stream()
                .map(s -> Listed.of(s, now)).toList());
        return "dv-list";
    }

    /** A row of "Your notifications": the reference, when, the copies' states counted, and the decision if there is one. */
    record Listed(String id, String forceReference, Instant receivedAt, String copies, String decision) {
        static Listed of(DvNotifications.Status s, Instant now) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            s.deliveries().stream().filter(d -> d.messageType().equals("dv-notification"))
                    .forEach(d -> counts.merge(d.statusAt(now), 1, Integer::sum));
            String copies = counts.isEmpty() ? "routing" : String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
            var n = s.notification();
            return new Listed(n.id(), n.forceReference(), n.receivedAt(), copies, n.outcomeDecision() == null ? null : Choice.inWords(n.outcomeDecision()));
        }
    }

    /** One notification: for its force, where the copies are and the decision; for a receiving authority, the decision form too. */
    @GetMapping("/dv-notifications/{id}")
    String notification(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        requireId(id);
        DvNotifications.Status status = notifications.status(user.caller(), id, null);
        Instant now = clock.instant();
        var n = status.notification();
        model.addAttribute("notification", n);
        model.addAttribute("copies", status.deliveries().stream().filter(d -> d.messageType().equals("dv-notification"))
                .map(d -> DocumentPages.Copy.of(d, now)).toList());
        model.addAttribute("decision", n.outcomeDecision() == null ? null : Choice.inWords(n.outcomeDecision()));
        model.addAttribute("decisions", java.util.Arrays.stream(DvOutcomes.Decision.values()).map(d -> Choice.of(code(d))).toList());
        model.addAttribute("mayDecide", n.outcomeDecision() == null && user.caller().has(Role.SOCIAL_CARE));
        return "dv-notification";
    }

    @PostMapping("/dv-notifications/{id}/outcome")
    String outcome(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam(required = false) String decision,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        requireId(id);
        notifications.recordOutcome(user.caller(), id, decision, note == null || note.isBlank() ? null : note, null);
        flash.addFlashAttribute("decided", true);
        return "redirect:/dv-notifications/" + id;
    }

    static String code(DvOutcomes.Decision d) {
        return d.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void offerSubmit(ConsoleUser user) {
        access.requireToOffer(user.caller(), Action.DV_SUBMIT, Resource.dvNotification(null, user.caller().orgId(), java.util.Set.of()), null);
    }

    private static void requireId(String id) {
        if (!id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", "is not a notification id");
        }
    }

    /** The JSON a force system would post; blank optional fields are left out, and dates typed as people type them become ISO dates. */
    private ObjectNode asJson(Form f) {
        ObjectNode body = json.createObjectNode();
        put(body, "forceReference", f.forceReference);
        put(body, "incidentDateTime", incidentDateTime(f.incidentDate, f.incidentTime));
        put(body, "riskLevel", f.riskLevel);
        ObjectNode location = body.putObject("location");
        put(location, "postcode", f.postcode);
        put(body, "summary", f.summary);
        ArrayNode children = body.putArray("childrenPresent");
        for (Person c : f.children) {
            ObjectNode child = children.addObject();
            put(child, "nhsNumber", FormJson.nhsNumber(c.nhsNumber));
            put(child, "givenName", c.givenName);
            put(child, "familyName", c.familyName);
            put(child, "birthDate", isoDate(c.birthDate));
            put(child, "schoolId", c.schoolId);
            put(child, "postcode", c.postcode);
        }
        ArrayNode adults = body.putArray("adultsInvolved");
        for (Person a : f.adults) {
            ObjectNode adult = adults.addObject();
            put(adult, "givenName", a.givenName);
            put(adult, "familyName", a.familyName);
            put(adult, "birthDate", isoDate(a.birthDate));
            put(adult, "relationship", a.relationship);
        }
        ObjectNode officer = body.putObject("officer");
        put(officer, "name", f.officerName);
        put(officer, "collarNumber", f.collarNumber);
        put(officer, "phone", f.officerPhone);
        return body;
    }

    /** "27/3/2026" and "14:30", London time, as the schema's date-time; left as typed (and so refused) when they do not parse. */
    static String incidentDateTime(String date, String time) {
        if (isBlank(date) || isBlank(time)) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip(), FormJson.DAY_MONTH_YEAR).atTime(LocalTime.parse(time.strip())).atZone(LONDON).format(RFC_3339);
        } catch (DateTimeParseException e) {
            return date.strip() + " " + time.strip();
        }
    }

    /** The core's violations, named by the JSON's fields, as the form's inputs and in words an officer acts on. */
    static List<FieldProblems.Problem> problems(CodedException e) {
        return FieldProblems.inFormOrder(e, DvNotificationPages::problem, FORM_ORDER);
    }

    private static final List<String> FORM_ORDER = List.of("forceReference", "incidentDate", "incidentTime", "riskLevel", "postcode", "summary",
            "child-N-givenName", "child-N-familyName", "child-N-birthDate", "child-N-nhsNumber", "child-N-schoolId", "child-N-postcode",
            "adult-N-givenName", "adult-N-familyName", "adult-N-birthDate", "adult-N-relationship", "officerName", "collarNumber", "officerPhone");

    /** The input a violation is about, and what to tell the officer: the core names JSON fields, the form has inputs. */
    private static FieldProblems.Problem problem(String field, String message) {
        FieldProblems.RowField row = FieldProblems.RowField.of(field)
                .filter(r -> r.list().equals("childrenPresent") || r.list().equals("adultsInvolved")).orElse(null);
        if (row != null) {
            boolean child = row.list().equals("childrenPresent");
            return at(row.input(child ? "child" : "adult"), (child ? "Child " : "Adult ") + (row.index() + 1) + ": "
                    + FieldProblems.aboutPerson(row.part(), message, "as day/month/year, for example 27/3/2019"));
        }
        return switch (field) {
            case "forceReference" -> at("forceReference", "Enter the force's reference for the incident: letters, digits and / . _ -");
            case "incidentDateTime" -> at("incidentDate", message.contains("future") ? "The incident cannot be in the future"
                    : message.contains("year ago") ? "The incident must be within the last year"
                    : "Enter when the incident happened: the date as day/month/year and the time as hh:mm");
            case "riskLevel" -> at("riskLevel", "Choose the risk level");
            case "location", "location.postcode" -> at("postcode", "Enter the postcode where the incident happened, like DE1 2AB");
            case "summary" -> at("summary", "Enter what happened");
            case "childrenPresent" -> at("child-0-givenName", "Enter at least one child who was present");
            case "officer", "officer.name" -> at("officerName", "Enter the officer's name");
            case "officer.collarNumber" -> at("collarNumber", "Enter the officer's collar number");
            case "officer.phone" -> at("officerPhone", "Enter a phone number the school or local authority can ring");
            case "Idempotency-Key" -> at("forceReference", "The form has expired: submit it again");
            default -> at("forceReference", field + " " + message);
        };
    }
}
