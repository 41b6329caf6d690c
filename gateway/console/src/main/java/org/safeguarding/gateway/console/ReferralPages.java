package org.safeguarding.gateway.console;

import static org.safeguarding.gateway.console.FieldProblems.at;
import static org.safeguarding.gateway.console.FormJson.put;

import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.referral.FrontDoor;
import org.safeguarding.gateway.core.referral.Referral;
import org.safeguarding.gateway.core.referral.ReferralStore;
import org.safeguarding.gateway.core.referral.Referrals;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any partner refers a child to the local authority's front door, and follows the referral to its decision; the front
 * door works its queue and records each decision with the written feedback the referrer gets. The form becomes the JSON
 * an agency system posts and meets the same published schema and the same core service; what each side is shown is
 * what the API shows it (a referrer nothing of the register: no NHS number, plan or siblings).
 */
@Controller
class ReferralPages {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK).withZone(LONDON);
    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";
    private static final String DATE_AS_TYPED = "as day, month and year, for example 27 3 2019";

    static final List<Choice> URGENCIES = List.of(
            Choice.of("immediate-risk", "The child is at risk of significant harm now: phone the local authority first, then send this"),
            Choice.of("urgent"),
            Choice.of("standard"));
    static final List<Choice> CATEGORIES = List.of(Choice.of("physical-abuse"), Choice.of("emotional-abuse"), Choice.of("sexual-abuse"),
            Choice.of("neglect"), Choice.of("domestic-abuse"), Choice.of("exploitation"), Choice.of("other"));
    static final List<Choice> CONSENTS = List.of(
            new Choice("given", "Given: the family agreed to this referral", null),
            new Choice("not-sought-risk", "Not sought: asking would put the child at risk", null),
            new Choice("refused", "Refused: the family did not agree, and you are referring without it", null));
    static final List<Choice> DECISIONS = Arrays.stream(FrontDoor.Decision.values()).map(d -> switch (d) {
        case CHILD_IN_NEED_ASSESSMENT -> Choice.of(d.code(), "An assessment under section 17 of the Children Act 1989");
        case STRATEGY_DISCUSSION -> Choice.of(d.code(), "Reasonable cause to suspect significant harm: section 47 enquiries may follow");
        default -> Choice.of(d.code());
    }).toList();

    private final Referrals referrals;
    private final AgencyDirectory agencies;
    private final AccessControl access;

    ReferralPages(Referrals referrals, AgencyDirectory agencies, AccessControl access) {
        this.referrals = referrals;
        this.agencies = agencies;
        this.access = access;
    }

    /** The form as the referrer filled it in; kept as typed so that a refused form comes back as it was sent. */
    public static class Form {
        private String idempotencyKey = UUID.randomUUID().toString();
        private String urgency;
        private List<Child> children = new ArrayList<>(List.of(new Child()));
        private List<Concern> concerns = new ArrayList<>(List.of(new Concern()));
        private String consent;
        private String actionsTaken;
        private String referrerName;
        private String referrerRole;
        private String referrerPhone;
        private String referrerEmail;

        public String getIdempotencyKey() { return idempotencyKey; }
        public void setIdempotencyKey(String v) { idempotencyKey = v; }
        public String getUrgency() { return urgency; }
        public void setUrgency(String v) { urgency = v; }
        public List<Child> getChildren() { return children; }
        public void setChildren(List<Child> v) { children = v; }
        public List<Concern> getConcerns() { return concerns; }
        public void setConcerns(List<Concern> v) { concerns = v; }
        public String getConsent() { return consent; }
        public void setConsent(String v) { consent = v; }
        public String getActionsTaken() { return actionsTaken; }
        public void setActionsTaken(String v) { actionsTaken = v; }
        public String getReferrerName() { return referrerName; }
        public void setReferrerName(String v) { referrerName = v; }
        public String getReferrerRole() { return referrerRole; }
        public void setReferrerRole(String v) { referrerRole = v; }
        public String getReferrerPhone() { return referrerPhone; }
        public void setReferrerPhone(String v) { referrerPhone = v; }
        public String getReferrerEmail() { return referrerEmail; }
        public void setReferrerEmail(String v) { referrerEmail = v; }
    }

    /** A child referred: as a police notification describes a child, the date of birth in GOV.UK's three boxes. */
    public static class Child implements FormJson.Row {
        private String givenName;
        private String familyName;
        private String birthDay;
        private String birthMonth;
        private String birthYear;
        private String nhsNumber;
        private String postcode;
        private String schoolId;

        public String getGivenName() { return givenName; }
        public void setGivenName(String v) { givenName = v; }
        public String getFamilyName() { return familyName; }
        public void setFamilyName(String v) { familyName = v; }
        public String getBirthDay() { return birthDay; }
        public void setBirthDay(String v) { birthDay = v; }
        public String getBirthMonth() { return birthMonth; }
        public void setBirthMonth(String v) { birthMonth = v; }
        public String getBirthYear() { return birthYear; }
        public void setBirthYear(String v) { birthYear = v; }
        public String getNhsNumber() { return nhsNumber; }
        public void setNhsNumber(String v) { nhsNumber = v; }
        public String getPostcode() { return postcode; }
        public void setPostcode(String v) { postcode = v; }
        public String getSchoolId() { return schoolId; }
        public void setSchoolId(String v) { schoolId = v; }

        @Override
        public boolean empty() {
            return FormJson.allBlank(givenName, familyName, birthDay, birthMonth, birthYear, nhsNumber, postcode, schoolId);
        }
    }

    /** One concern: what kind, and what was seen or said. */
    public static class Concern implements FormJson.Row {
        private String category;
        private String detail;

        public String getCategory() { return category; }
        public void setCategory(String v) { category = v; }
        public String getDetail() { return detail; }
        public void setDetail(String v) { detail = v; }

        @Override
        public boolean empty() {
            return FormJson.allBlank(category, detail);
        }
    }

    /** A local authority's duty numbers, shown before a referral of a child at immediate risk is even written. */
    record Duty(String name, String officePhone, String outOfHoursPhone) {}

    /**
     * What the confirmation says, carried across the redirect in the session (stored in the database, so serializable):
     * when the decision is due and, for a child at immediate risk, whom to phone now.
     */
    record Sent(String decisionDue, String authority, String phoneName, String phone, String advice) implements Serializable {

        public String banner() {
            return "Your referral has been sent to " + authority + ". The decision is due by " + decisionDue + ".";
        }
    }

    @GetMapping("/referrals/new")
    String form(@AuthenticationPrincipal ConsoleUser user, Model model) {
        offerReferral(user);
        Form form = new Form();
        // the person signed in is, nearly always, the person the front door rings back
        if (!user.caller().name().equals(user.caller().username())) {
            form.referrerName = user.caller().name();
        }
        form.referrerEmail = user.getEmail();
        return showForm(form, model);
    }

    /**
     * Submit, or (the "add another" buttons) the same form with one more child or concern: a round trip rather than
     * script, so the form works with the keyboard and without JavaScript.
     */
    @PostMapping("/referrals/new")
    String submit(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute("form") Form form,
            @RequestParam(name = "add", required = false) String add, Model model, HttpServletResponse response, RedirectAttributes flash) {
        offerReferral(user);
        if ("child".equals(add)) {
            FormJson.addRow(form.children, Child::new);
            return showForm(form, model);
        }
        if ("concern".equals(add)) {
            FormJson.addRow(form.concerns, Concern::new);
            return showForm(form, model);
        }
        try {
            Referrals.Receipt receipt = referrals.accept(user.caller(), asJson(withoutEmptyRows(form)), form.idempotencyKey, null);
            Referrals.PhoneNow phone = receipt.phoneNow();
            flash.addFlashAttribute("sent", new Sent(DUE.format(receipt.decisionDue()), authorityName(receipt.localAuthority()),
                    phone == null ? null : phone.name(), phone == null ? null : phone.phone(), phone == null ? null : phone.advice()));
            return "redirect:/referrals/" + receipt.id();
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            List<FieldProblems.Problem> problems = problems(e);
            model.addAttribute("problems", problems);
            model.addAttribute("fieldErrors", FieldProblems.byControl(problems));
            return showForm(form, model);
        }
    }

    private String showForm(Form form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("urgencies", URGENCIES);
        model.addAttribute("categories", CATEGORIES);
        model.addAttribute("consents", CONSENTS);
        model.addAttribute("maxRows", FormJson.MAX_ROWS);
        model.addAttribute("duty", agencies.all().stream().filter(a -> Agency.LOCAL_AUTHORITY.equals(a.type()))
                .map(a -> new Duty(a.name(), a.officePhone(), a.outOfHoursPhone())).toList());
        return "referral-new";
    }

    /** A row of "Your referrals" or of the front door's queue; {@code planId} and {@code siblings} are the front door's only. */
    record Listed(String id, String child, Choice urgency, String status, Instant receivedAt, Instant decisionDue, String referrer,
            String decision, String feedback, Instant decidedAt, String planId, String siblings) {

        public boolean immediateRisk() {
            return Referral.Urgency.IMMEDIATE_RISK.code().equals(urgency.code());
        }

        /** Red for a child at immediate risk, as the front door must see first. */
        public String urgencyTag() {
            return immediateRisk() ? "govuk-tag--red" : Referral.Urgency.URGENT.code().equals(urgency.code()) ? "govuk-tag--orange" : "govuk-tag--grey";
        }

        public String statusTag() {
            return switch (status) {
                case "overdue" -> "govuk-tag--red";
                case "decided" -> "govuk-tag--green";
                default -> "govuk-tag--blue";
            };
        }
    }

    /** A referrer's own referrals, newest first; social care's front door, undecided first, a child at immediate risk before all. */
    @GetMapping("/referrals")
    String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
        List<Referrals.View> views = referrals.list(user.caller(), null, null);
        boolean frontDoor = user.caller().has(Role.SOCIAL_CARE);
        List<Listed> rows = views.stream().map(this::listed).toList();
        if (frontDoor) {
            // stable: within each group the queue's own order (oldest due first) stands
            rows = rows.stream().sorted(Comparator.comparingInt(r -> "decided".equals(r.status()) ? 2 : r.immediateRisk() ? 0 : 1)).toList();
        }
        model.addAttribute("frontDoor", frontDoor);
        model.addAttribute("referrals", rows);
        return "referrals";
    }

    private Listed listed(Referrals.View v) {
        ReferralStore.Stored r = v.referral();
        return new Listed(r.id(), r.childSummary(), Choice.of(r.urgency()), v.status(), r.receivedAt(), r.decisionDue(),
                authorityName(r.referrerOrg()), r.decision() == null ? null : Choice.inWords(r.decision()), r.feedback(),
                r.decidedAt(), v.frontDoor() ? r.planId() : null, v.frontDoor() && r.siblings() != null ? r.siblings().replace(",", ", ") : null);
    }

    /** One referral: its status and decision; for the receiving authority, the decision form until it is decided. */
    @GetMapping("/referrals/{id}")
    String referral(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        requireId(id);
        return showReferral(referrals.view(user.caller(), id, null), model);
    }

    /** The front door's decision and the referrer's written feedback (the core's referral-decision flow); a second one is refused. */
    @PostMapping("/referrals/{id}/decision")
    String decide(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam(required = false) String decision,
            @RequestParam(required = false) String feedback, Model model, HttpServletResponse response, RedirectAttributes flash) {
        requireId(id);
        try {
            referrals.decide(user.caller(), id, decision, feedback, null);
            flash.addFlashAttribute("decided", true);
            return "redirect:/referrals/" + id;
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            List<FieldProblems.Problem> problems = FieldProblems.inFormOrder(e, ReferralPages::decisionProblem, List.of("decision", "feedback"));
            model.addAttribute("problems", problems);
            model.addAttribute("fieldErrors", FieldProblems.byControl(problems));
        } catch (Referrals.AlreadyDecided e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problems", List.of(at("outcome",
                    "This referral has been decided already: your decision was not recorded, and the referrer was not sent it")));
        }
        model.addAttribute("chosenDecision", decision);
        model.addAttribute("typedFeedback", feedback);
        return showReferral(referrals.view(user.caller(), id, null), model);
    }

    private String showReferral(Referrals.View view, Model model) {
        ReferralStore.Stored r = view.referral();
        Agency authority = agencies.find(r.localAuthority()).orElse(Agency.unknownLocalAuthority(r.localAuthority()));
        model.addAttribute("referral", listed(view));
        model.addAttribute("frontDoor", view.frontDoor());
        model.addAttribute("authority", authority);
        // the register's (or the referrer's) number: the front door's only, as the API shows it
        model.addAttribute("nhsNumber", view.frontDoor() && r.nhsNumber() != null ? LookupPages.spaced(r.nhsNumber()) : null);
        model.addAttribute("mayDecide", view.frontDoor() && r.decidedAt() == null);
        model.addAttribute("decisions", DECISIONS);
        return "referral";
    }

    private String authorityName(String orgId) {
        return agencies.find(orgId).map(Agency::name).orElse(orgId);
    }

    private void offerReferral(ConsoleUser user) {
        access.requireToOffer(user.caller(), Action.REFERRAL_SUBMIT, Resource.referral(null, user.caller().orgId(), null, null), null);
    }

    private static void requireId(String id) {
        if (!id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", "is not a referral id");
        }
    }

    /**
     * The rows left empty dropped, so that the JSON's row numbers (which the problems name) are the form's; a list the
     * schema needs keeps one row, for its problems to be shown at.
     */
    static Form withoutEmptyRows(Form form) {
        FormJson.dropEmptyRows(form.children, Child::new, true);
        FormJson.dropEmptyRows(form.concerns, Concern::new, true);
        return form;
    }

    /** The JSON an agency system would post (the published schema's); blank optional fields are left out. */
    static ObjectNode asJson(Form f) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        put(body, "urgency", f.urgency);
        ArrayNode children = body.putArray("children");
        for (Child c : f.children) {
            ObjectNode child = children.addObject();
            put(child, "givenName", c.givenName);
            put(child, "familyName", c.familyName);
            put(child, "birthDate", FormJson.isoDate(c.birthDay, c.birthMonth, c.birthYear));
            put(child, "nhsNumber", FormJson.nhsNumber(c.nhsNumber));
            put(child, "postcode", c.postcode);
            put(child, "schoolId", c.schoolId);
        }
        ArrayNode concerns = body.putArray("concerns");
        for (Concern c : f.concerns) {
            ObjectNode concern = concerns.addObject();
            put(concern, "category", c.category);
            put(concern, "detail", c.detail);
        }
        put(body, "consent", f.consent);
        put(body, "actionsTaken", f.actionsTaken);
        ObjectNode referrer = body.putObject("referrer");
        put(referrer, "name", f.referrerName);
        put(referrer, "role", f.referrerRole);
        put(referrer, "phone", f.referrerPhone);
        put(referrer, "email", f.referrerEmail);
        return body;
    }

    /** The core's violations, named by the JSON's fields, as the form's inputs and in words a referrer acts on. */
    static List<FieldProblems.Problem> problems(CodedException e) {
        return FieldProblems.inFormOrder(e, ReferralPages::problem, FORM_ORDER);
    }

    /** The form's inputs top to bottom (a row's once, with N); a date's error is shown at its day box, which carries the date's id. */
    static final List<String> FORM_ORDER = List.of("urgency", "child-N-givenName", "child-N-familyName", "child-N-birthDate",
            "child-N-nhsNumber", "child-N-schoolId", "child-N-postcode", "concern-N-category", "concern-N-detail", "consent", "actionsTaken",
            "referrerName", "referrerRole", "referrerPhone", "referrerEmail");

    /** The input a violation is about, and what to tell the referrer: the core names JSON fields, the form has inputs. */
    static FieldProblems.Problem problem(String field, String message) {
        FieldProblems.RowField row = FieldProblems.RowField.of(field).orElse(null);
        if (row != null && row.list().equals("children")) {
            String about = message.contains("no local authority")
                    ? "no local authority holds a plan for this child or covers this postcode: give the child's home postcode, or phone"
                            + " the local authority's front door"
                    : FieldProblems.aboutPerson(row.part(), message, DATE_AS_TYPED);
            return at(row.input("child"), "Child " + (row.index() + 1) + ": " + about);
        }
        if (row != null && row.list().equals("concerns")) {
            return at(row.input("concern"), "Concern " + (row.index() + 1) + ": " + switch (row.part()) {
                case "category" -> "choose what the concern is about";
                case "detail" -> message.contains("at most") || message.contains("long")
                        ? "the description must be at most 20,000 characters"
                        : "describe what was seen or said, when, and by whom";
                default -> message;
            });
        }
        return switch (field) {
            case "urgency" -> at("urgency", "Choose how urgent the referral is");
            case "children" -> at("child-0-givenName", "Enter the child, or up to " + FormJson.MAX_ROWS + " children");
            case "concerns" -> at("concern-0-category", "Enter what concerns you, up to " + FormJson.MAX_ROWS + " concerns");
            case "consent" -> at("consent", "Choose whether the family consented to the referral");
            case "actionsTaken" -> at("actionsTaken", "What you have done so far must be at most 20,000 characters");
            case "referrer", "referrer.name" -> at("referrerName", "Enter your name, at most 100 characters");
            case "referrer.role" -> at("referrerRole", "Enter your role, for example designated safeguarding lead, at most 100 characters");
            case "referrer.phone" -> at("referrerPhone", "Enter a phone number the front door can ring you on, like 01632 960900");
            case "referrer.email" -> at("referrerEmail", "Enter an email address like name@example.org, or leave it blank");
            case "Idempotency-Key" -> at("urgency", "The form has expired: submit it again");
            default -> at("urgency", field + " " + message);
        };
    }

    private static FieldProblems.Problem decisionProblem(String field, String message) {
        return "feedback".equals(field)
                ? at("feedback", message.contains("longer") ? "The feedback must be at most 4,000 characters"
                        : "Enter the feedback for the referrer: what you decided, why, and what happens next")
                : at("decision", "Choose the decision");
    }
}
