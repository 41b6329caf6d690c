package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import org.safeguarding.gateway.core.lookup.AccessHistory;
import org.safeguarding.gateway.core.lookup.CpLookup;
import org.safeguarding.gateway.core.lookup.CpStatus;
import org.safeguarding.gateway.core.lookup.PlanStatus;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Health settings check a child: the NHS number in, the answer out as a card a clinician acts on at a glance. The
 * number travels in a POST body, never in a URL (which browsers, proxies and logs keep). The lookup is the core's,
 * decided and audited as the API's is, and it tells the local authority as the API's does.
 */
@Controller
class LookupPages {

    private static final Resource PAGE = Resource.endpoint("/lookup");

    private final CpLookup lookup;
    private final AccessHistory history;
    private final AccessControl access;

    LookupPages(CpLookup lookup, AccessHistory history, AccessControl access) {
        this.lookup = lookup;
        this.history = history;
        this.access = access;
    }

    /** One earlier check of the child: when, by whom, in what role, from which organisation. */
    record Check(java.time.Instant time, String who, String roles, String organisation) {}

    /** The answer to show for one plan; {@code ended} plans are shown, marked, as CP-IS shows them. */
    record PlanCard(String type, boolean unborn, boolean ended, LocalDate since, LocalDate endedOn, String childName,
            LocalDate birthDate, String authority, String officePhone, String outOfHoursPhone) {

        static PlanCard of(PlanStatus status) {
            Plan plan = status.plan();
            return new PlanCard(plan.type().display(), plan.type() == PlanType.UCPP, !status.active(), plan.startDate(),
                    plan.endDate(), plan.child().givenName() + " " + plan.child().familyName(), plan.child().birthDate(),
                    status.authorityName(), status.officePhone(), status.outOfHoursPhone());
        }
    }

    @GetMapping("/lookup")
    String form(@AuthenticationPrincipal ConsoleUser user, Model model) {
        access.requireToOffer(user.caller(), Action.CP_LOOKUP, PAGE, null);
        model.addAttribute("silentAllowed", user.caller().has(Role.SAFEGUARDING_HEALTH));
        return "lookup";
    }

    @PostMapping("/lookup")
    String lookup(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "nhsNumber", required = false) String nhsNumber,
            @RequestParam(name = "silent", defaultValue = "false") boolean silent, Model model, HttpServletResponse response) {
        Caller caller = user.caller();
        // the role first, whatever was typed: a person who may not look up is refused the same way for any number
        access.requireToOffer(caller, silent ? Action.CP_LOOKUP_SILENT : Action.CP_LOOKUP, PAGE, null);
        model.addAttribute("silentAllowed", caller.has(Role.SAFEGUARDING_HEALTH));
        model.addAttribute("nhsNumber", nhsNumber);
        CpStatus status;
        try {
            status = lookup.lookup(caller, nhsNumber, !silent, null);
        } catch (NhsNumber.InvalidNhsNumber e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("nhsNumberError", sentence(e.reason()));
            return "lookup";
        }
        List<PlanCard> cards = status.plans().stream().map(PlanCard::of).toList();
        model.addAttribute("checked", spaced(status.nhsNumber().value()));
        model.addAttribute("plans", cards);
        model.addAttribute("activePlan", cards.stream().anyMatch(c -> !c.ended()));
        model.addAttribute("headline", headline(cards));
        model.addAttribute("notified", !silent && !cards.isEmpty());
        model.addAttribute("historyAllowed", caller.has(Role.UNSCHEDULED_CARE) || caller.has(Role.SAFEGUARDING_HEALTH));
        return "lookup";
    }

    /**
     * Who else has checked this child (the 25 latest notifying checks, as CP-IS shows them): asked for, not shown with
     * every answer, so that the answer stays one glance and the history is read, and recorded, only when wanted.
     */
    @PostMapping("/lookup/history")
    String history(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "nhsNumber", required = false) String nhsNumber,
            Model model) {
        List<Check> checks = history.recentLookups(user.caller(), nhsNumber, null).stream()
                .map(r -> new Check(r.time(), r.entry().callerName() == null ? r.entry().subject() : r.entry().callerName(),
                        r.entry().roles(), r.entry().orgId()))
                .toList();
        model.addAttribute("checked", spaced(NhsNumber.parse(nhsNumber).value()));
        model.addAttribute("checks", checks);
        return "lookup-history";
    }

    /** What the panel says first: the kinds of the current plans, in words ("Child protection plan in place"). */
    static String headline(List<PlanCard> cards) {
        List<String> current = cards.stream().filter(c -> !c.ended()).map(PlanCard::type).distinct().toList();
        String kinds = String.join(" and ", current);
        return kinds.isEmpty() ? "" : current.size() == 1 && current.get(0).endsWith("child") ? kinds : kinds + " in place";
    }

    /** 9990000018 as people read it: 999 000 0018. */
    static String spaced(String digits) {
        return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
    }

    static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
