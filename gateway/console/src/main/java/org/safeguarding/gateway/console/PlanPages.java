package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.core.register.AuthorityPlans;
import org.safeguarding.gateway.core.register.PlanSubmission;
import org.safeguarding.gateway.core.register.PlanTransfers;
import org.safeguarding.gateway.core.register.PlanUpdates;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessDenied;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Social care keeps its authority's register by hand: finds a plan by child or id, adds one, changes or ends it, links
 * a brother's or sister's plan, and takes in a plan transferred from another authority. Every change is the API's own
 * call to the same core service ({@code PUT /api/v1/plans/{planId}}, {@code PUT /api/v1/sibling-groups/{groupId}},
 * {@code POST /api/v1/plans/{planId}/transfer}), decided and recorded alike; nothing is stored from a form with an error.
 */
@Controller
class PlanPages {

    private static final FieldProblems.Control ELSEWHERE = new FieldProblems.Control("main-content", "Plan");
    private static final Map<String, FieldProblems.Control> PLAN_CONTROLS = Map.ofEntries(
            Map.entry("planId", new FieldProblems.Control("planId", "Plan id")),
            Map.entry("nhsNumber", new FieldProblems.Control("nhsNumber", "NHS number")),
            Map.entry("type", new FieldProblems.Control("type", "Type of plan")),
            Map.entry("startDate", new FieldProblems.Control("startDate", "Start date")),
            Map.entry("endDate", new FieldProblems.Control("endDate", "End date")),
            Map.entry("child.givenName", new FieldProblems.Control("givenName", "Child's given name")),
            Map.entry("child.familyName", new FieldProblems.Control("familyName", "Child's family name")),
            Map.entry("child.birthDate", new FieldProblems.Control("birthDate", "Child's date of birth")),
            Map.entry("contact.name", new FieldProblems.Control("contactName", "Contact name")),
            Map.entry("contact.phone", new FieldProblems.Control("contactPhone", "Contact phone")),
            Map.entry("contact.outOfHoursPhone", new FieldProblems.Control("contactOutOfHoursPhone", "Out-of-hours phone")),
            Map.entry("coreGroup", new FieldProblems.Control("coreGroup", "Core group")));
    private static final Map<String, FieldProblems.Control> END_CONTROLS = Map.of(
            "endDate", new FieldProblems.Control("endOn", "End date"));
    private static final FieldProblems.Control SIBLING = new FieldProblems.Control("siblingPlanId", "Sibling's plan id");
    private static final Map<String, FieldProblems.Control> TRANSFER_CONTROLS = Map.of(
            "planId", new FieldProblems.Control("fromPlanId", "Plan id at the other authority"),
            "newPlanId", new FieldProblems.Control("newPlanId", "Your new plan id"),
            "startDate", new FieldProblems.Control("transferStart", "Start date with you"));

    private final AuthorityPlans plans;
    private final PlanUpdates updates;
    private final PlanTransfers transfers;
    private final SiblingGroups siblings;
    private final AgencyDirectory agencies;
    private final Clock clock;

    PlanPages(AuthorityPlans plans, PlanUpdates updates, PlanTransfers transfers, SiblingGroups siblings, AgencyDirectory agencies,
            Clock clock) {
        this.plans = plans;
        this.updates = updates;
        this.transfers = transfers;
        this.siblings = siblings;
        this.agencies = agencies;
        this.clock = clock;
    }

    /** A row of the search's table. */
    record Found(String planId, String childName, String nhsNumber, String type, LocalDate start, LocalDate end, String status) {
        static Found of(Plan p, LocalDate today) {
            return new Found(p.planId(), p.child().givenName() + " " + p.child().familyName(), LookupPages.spaced(p.nhsNumber().value()),
                    p.type().display(), p.startDate(), p.endDate(), statusOf(p, today));
        }
    }

    static String statusOf(Plan p, LocalDate today) {
        return p.activeOn(today) ? "Active" : p.startDate().isAfter(today) ? "Not yet started" : "Ended";
    }

    @GetMapping("/plans")
    String search(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String nhsNumber,
            @RequestParam(required = false) String planId, Model model, HttpServletResponse response) {
        Caller caller = user.caller();
        plans.requireOwnRegister(caller, null);
        model.addAttribute("nhsNumber", nhsNumber);
        model.addAttribute("planId", planId);
        if (nhsNumber != null || planId != null) {
            try {
                LocalDate today = LocalDate.now(clock);
                model.addAttribute("found", plans.search(caller, nhsNumber, planId, null).stream().map(p -> Found.of(p, today)).toList());
            } catch (InvalidInput e) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                problems(model, FieldProblems.of(e, PLAN_CONTROLS, ELSEWHERE));
            }
        }
        return "plans";
    }

    @GetMapping("/plans/new")
    String newPlan(@AuthenticationPrincipal ConsoleUser user, Model model) {
        plans.requireOwnRegister(user.caller(), null);
        return planForm(model, PlanForm.empty());
    }

    @PostMapping("/plans")
    String add(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute PlanForm form, Model model, HttpServletResponse response) {
        Caller caller = user.caller();
        plans.requireOwnRegister(caller, null);
        try {
            updates.add(caller, form.planId() == null ? null : form.planId().strip(), form.toSubmission(caller.orgId()), null);
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            problems(model, FieldProblems.of(e, PLAN_CONTROLS, ELSEWHERE));
            return planForm(model, form);
        }
        return "redirect:/plans/" + form.planId().strip() + "?done=added";
    }

    @GetMapping("/plans/{planId}")
    String plan(@AuthenticationPrincipal ConsoleUser user, @PathVariable String planId, @RequestParam(required = false) String done,
            Model model) {
        Plan plan = plans.open(user.caller(), planId, null);
        model.addAttribute("done", done);
        return planPage(model, plan, PlanForm.of(plan));
    }

    @PostMapping("/plans/{planId}")
    String change(@AuthenticationPrincipal ConsoleUser user, @PathVariable String planId, @ModelAttribute PlanForm form, Model model,
            HttpServletResponse response) {
        Caller caller = user.caller();
        Plan plan = plans.open(caller, planId, null);
        try {
            updates.put(caller, planId, form.toSubmission(caller.orgId()), null);
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            problems(model, FieldProblems.of(e, PLAN_CONTROLS, ELSEWHERE));
            return planPage(model, plan, form);
        }
        return "redirect:/plans/" + planId + "?done=changed";
    }

    /** Ending is the plan sent again with its end date: the change the API's PUT makes. */
    @PostMapping("/plans/{planId}/end")
    String end(@AuthenticationPrincipal ConsoleUser user, @PathVariable String planId, @RequestParam(required = false) String endOn,
            Model model, HttpServletResponse response) {
        Caller caller = user.caller();
        Plan plan = plans.open(caller, planId, null);
        String date = endOn == null || endOn.isBlank() ? LocalDate.now(clock).toString() : endOn.strip();
        try {
            updates.put(caller, planId, PlanSubmission.of(plan).withEndDate(date), null);
        } catch (InvalidInput e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            problems(model, FieldProblems.of(e, END_CONTROLS, END_CONTROLS.get("endDate")));
            model.addAttribute("endOn", endOn);
            return planPage(model, plan, PlanForm.of(plan));
        }
        return "redirect:/plans/" + planId + "?done=ended";
    }

    @PostMapping("/plans/{planId}/siblings")
    String linkSibling(@AuthenticationPrincipal ConsoleUser user, @PathVariable String planId,
            @RequestParam(required = false) String siblingPlanId, Model model, HttpServletResponse response) {
        Caller caller = user.caller();
        Plan plan = plans.open(caller, planId, null);
        String sibling = siblingPlanId == null ? null : siblingPlanId.strip();
        CodedException problem;
        try {
            siblings.linkSibling(caller, planId, sibling, null);
            return "redirect:/plans/" + planId + "?done=linked";
        } catch (InvalidInput e) {
            problem = e;
        } catch (AccessDenied e) {
            // recorded by the core; said as for a plan that does not exist, whichever authority holds it
            problem = InvalidInput.of("siblingPlanId", "is not one of your authority's plans");
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        problems(model, FieldProblems.of(problem, Map.of("siblingPlanId", SIBLING), SIBLING));
        model.addAttribute("siblingPlanId", siblingPlanId);
        return planPage(model, plan, PlanForm.of(plan));
    }

    /** The receiving authority takes in a plan after the transfer conference: the other authority's plan ends the day before. */
    @PostMapping("/plans/transfer")
    String transferIn(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String fromPlanId,
            @RequestParam(required = false) String newPlanId, @RequestParam(required = false) String transferStart,
            @RequestParam(required = false) String transferContactName, @RequestParam(required = false) String transferContactPhone,
            @RequestParam(required = false) String transferContactOutOfHoursPhone, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        Caller caller = user.caller();
        plans.requireOwnRegister(caller, null);
        if (fromPlanId == null || fromPlanId.isBlank()) {
            // asked before the core is: with no plan id there is nothing to decide about
            return transferProblem(model, response, InvalidInput.of("planId", "is required: the plan's id at the other authority"),
                    fromPlanId, newPlanId, transferStart);
        }
        try {
            PlanTransfers.Transferred done = transfers.transferIn(caller, fromPlanId.strip(), blankAsNull(newPlanId), blankAsNull(transferStart),
                    Contact.given(blankAsNull(transferContactName), blankAsNull(transferContactPhone), blankAsNull(transferContactOutOfHoursPhone)),
                    null);
            redirect.addAttribute("done", "transferred");
            return "redirect:/plans/" + done.to().planId();
        } catch (InvalidInput e) {
            return transferProblem(model, response, e, fromPlanId, newPlanId, transferStart);
        }
    }

    private String transferProblem(Model model, HttpServletResponse response, InvalidInput e, String fromPlanId, String newPlanId,
            String start) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        problems(model, FieldProblems.of(e, TRANSFER_CONTROLS, TRANSFER_CONTROLS.get("planId")));
        model.addAttribute("fromPlanId", fromPlanId);
        model.addAttribute("newPlanId", newPlanId);
        model.addAttribute("transferStart", start);
        return "plans";
    }

    private String planForm(Model model, PlanForm form) {
        model.addAttribute("form", form);
        model.addAttribute("types", PlanType.values());
        model.addAttribute("agencies", agencies.all().stream().filter(a -> !Agency.LOCAL_AUTHORITY.equals(a.type())).toList());
        return "plan-new";
    }

    private String planPage(Model model, Plan plan, PlanForm form) {
        LocalDate today = LocalDate.now(clock);
        planForm(model, form);
        model.addAttribute("plan", plan);
        model.addAttribute("summary", Found.of(plan, today));
        model.addAttribute("ended", plan.endDate() != null && plan.endDate().isBefore(today));
        model.addAttribute("today", today.toString());
        model.addAttribute("siblings", siblings.siblingsOf(plan.planId()));
        model.addAttribute("coreGroupNames", plan.coreGroup().stream()
                .map(id -> agencies.find(id).map(Agency::name).orElse(id)).toList());
        return "plan";
    }

    private static void problems(Model model, List<FieldProblems.Problem> problems) {
        Map<String, String> byControl = FieldProblems.byControl(problems);
        model.addAttribute("problems", problems);
        model.addAttribute("fieldErrors", byControl);
        // the NHS number field is the layout's, with its check as it is typed
        model.addAttribute("nhsNumberError", byControl.get("nhsNumber"));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
