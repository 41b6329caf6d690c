package org.safeguarding.gateway.console;

import java.util.ArrayList;
import java.util.List;
import org.safeguarding.gateway.security.AccessPolicy;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Where a person lands after signing in, and the page after signing out. */
@Controller
class HomePages {

    /** A task a role's home offers: a link to its page, with a line saying what it is for. */
    record Task(String path, String title, String purpose) {}

    static final Task LOOKUP = new Task("/lookup", "Check a child", "Whether a child has a child protection plan, and whom to ring");
    static final Task INBOX = new Task("/inbox", "Inbox", "Copies, notices and notifications sent to your organisation");
    static final Task AUDIT = new Task("/audit", "Audit trail", "Who looked at a child, whether the trail is intact, and its export");
    static final Task SEND_DOCUMENT = new Task("/documents/new", "Send a document",
            "A plan or conference minutes to the child's core group, and who has read it");
    static final Task PLANS = new Task("/plans", "Plans", "Your authority's child protection plans: find, add, end, transfer, link siblings");
    static final Task PLAN_BATCH = new Task("/plans/batch", "Upload plans", "A file of plans, and what became of each line");
    static final Task INDICATORS = new Task("/indicators", "Indicators", "How the partnership's notices and copies are doing, week by week");
    static final Task NOTIFY_DV = new Task("/dv-notifications/new", "Notify an incident",
            "A domestic abuse incident where children were present, for their school, health visitor and local authority");
    static final Task DV_NOTIFICATIONS = new Task("/dv-notifications", "Your notifications",
            "Where each notification reached, and what the local authority decided");
    static final Task REFER = new Task("/referrals/new", "Refer a child", "A child you are worried about, to the local authority's front door");
    static final Task REFERRALS = new Task("/referrals", "Your referrals", "What the local authority decided on each, and its feedback to you");
    static final Task FRONT_DOOR = new Task("/referrals", "Front door", "Referrals to your authority: decide each by its due time and tell the referrer");
    static final Task DELIVERIES = new Task("/admin/deliveries", "Deliveries", "Copies not yet delivered or failed, and retrying them");
    static final Task DEAD_LETTERS = new Task("/admin/dead-letters", "Dead letters", "Messages a flow could not process, and re-running them");
    static final Task AGENCIES = new Task("/admin/agencies", "Agencies", "The directory of organisations the gateway serves");

    /** Health settings land on the check: at 3 a.m. in A&E that is the one thing the console is for. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal ConsoleUser user, Model model) {
        Caller caller = user.caller();
        if (caller.has(Role.UNSCHEDULED_CARE) || caller.has(Role.SAFEGUARDING_HEALTH)) {
            return "redirect:/lookup";
        }
        model.addAttribute("tasks", tasksOf(caller));
        return "home";
    }

    /** What each role can do in the console today, in the order a person of that role needs it. */
    static List<Task> tasksOf(Caller caller) {
        List<Task> tasks = new ArrayList<>();
        if (caller.has(Role.UNSCHEDULED_CARE) || caller.has(Role.SAFEGUARDING_HEALTH) || caller.has(Role.GP)
                || caller.has(Role.COMMUNITY_HEALTH)) {
            tasks.add(LOOKUP);
        }
        if (caller.has(Role.POLICE)) {
            tasks.add(NOTIFY_DV);
            tasks.add(DV_NOTIFICATIONS);
        }
        // the same roles the access policy lets refer: A&E and the named nurse find it in the menu of the check they land on
        if (AccessPolicy.REFERRER_ROLES.stream().anyMatch(caller::has)) {
            tasks.add(REFER);
            tasks.add(REFERRALS);
        }
        if (caller.has(Role.SOCIAL_CARE)) {
            tasks.add(FRONT_DOOR);
        }
        if (caller.has(Role.GP) || caller.has(Role.COMMUNITY_HEALTH) || caller.has(Role.SCHOOL) || caller.has(Role.SOCIAL_CARE)
                || caller.has(Role.POLICE)) {
            tasks.add(INBOX);
        }
        if (caller.has(Role.SOCIAL_CARE)) {
            tasks.add(PLANS);
            tasks.add(PLAN_BATCH);
            tasks.add(SEND_DOCUMENT);
            tasks.add(INDICATORS);
        }
        if (caller.has(Role.AUDITOR)) {
            tasks.add(AUDIT);
            tasks.add(INDICATORS);
        }
        if (caller.has(Role.GATEWAY_ADMIN)) {
            tasks.add(DELIVERIES);
            tasks.add(DEAD_LETTERS);
            tasks.add(AGENCIES);
        }
        return tasks;
    }

    @GetMapping(ConsoleSecurity.SIGNED_OUT)
    String signedOut() {
        return "signed-out";
    }
}
