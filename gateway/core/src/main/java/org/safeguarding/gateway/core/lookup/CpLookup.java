package org.safeguarding.gateway.core.lookup;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.notification.AccessNotification;
import org.safeguarding.gateway.core.persistence.TimeOrderedIds;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.AccessControl.Consequence;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import tools.jackson.databind.json.JsonMapper;

/**
 * cp-lookup: policy -> register read -> answer, and an access notification to each responsible
 * local authority unless the caller may and did ask for a silent read. A direct call rather than a
 * Camel route because it is the latency-critical read path. The notification is written into the
 * authority's inbox in the same commit as the audit record of the lookup (one group-committed
 * write per lookup): the lookup is answered only once both are durable, and neither can exist
 * without the other.
 */
public class CpLookup {

    private final AccessControl access;
    private final PlanRegister register;
    private final AgencyDirectory agencies;
    private final Inbox inbox;
    private final JsonMapper json;
    private final SiblingGroups siblings;
    private final Clock clock;
    private final int visibilityDays;

    public CpLookup(AccessControl access, PlanRegister register, AgencyDirectory agencies, Inbox inbox, JsonMapper json,
            SiblingGroups siblings, Clock clock, int visibilityDays) {
        this.access = access;
        this.register = register;
        this.agencies = agencies;
        this.inbox = inbox;
        this.json = json;
        this.siblings = siblings;
        this.clock = clock;
        this.visibilityDays = visibilityDays;
    }

    /** @throws NhsNumber.InvalidNhsNumber before any decision, for a malformed or check-digit-invalid number */
    public CpStatus lookup(Caller caller, String nhsNumberText, boolean notifying, String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumberText);
        Action action = notifying ? Action.CP_LOOKUP : Action.CP_LOOKUP_SILENT;
        return access.require(caller, action, Resource.child(nhs.value()), traceId, () -> {
            LocalDate today = LocalDate.now(clock);
            List<Plan> plans = register.visibleFor(nhs, today, visibilityDays);
            Map<String, Agency> authorities = new LinkedHashMap<>();
            List<PlanStatus> statuses = new ArrayList<>();
            for (Plan plan : plans) {
                Agency la = authorities.computeIfAbsent(plan.localAuthority(),
                        id -> agencies.find(id).orElse(Agency.unknownLocalAuthority(id)));
                statuses.add(statusOf(plan, la, today));
            }
            Runnable notifications = notifying && !plans.isEmpty() ? notificationsTo(caller, nhs, plans) : null;
            return new Consequence<>(new CpStatus(nhs, statuses), notifications);
        });
    }

    private static PlanStatus statusOf(Plan plan, Agency la, LocalDate today) {
        var contact = plan.contact();
        String office = contact != null ? contact.phone() : la.officePhone();
        String outOfHours = contact != null && contact.outOfHoursPhone() != null ? contact.outOfHoursPhone() : la.outOfHoursPhone();
        return new PlanStatus(plan, plan.activeOn(today), la.name(), office, outOfHours);
    }

    /** One notification per responsible authority per lookup, whatever the number of plans; built here, written with the audit record. */
    private Runnable notificationsTo(Caller caller, NhsNumber nhs, List<Plan> plans) {
        Map<String, List<Plan>> byAuthority = new LinkedHashMap<>();
        plans.forEach(p -> byAuthority.computeIfAbsent(p.localAuthority(), k -> new ArrayList<>()).add(p));
        String settingName = agencies.find(caller.orgId()).map(Agency::name).orElse(String.valueOf(caller.orgId()));
        List<InboxMessage> messages = new ArrayList<>();
        byAuthority.forEach((la, own) -> {
            Plan first = own.get(0);
            AccessNotification n = new AccessNotification(TimeOrderedIds.next(clock), la, nhs.value(),
                    first.child().givenName() + " " + first.child().familyName(),
                    own.stream().map(Plan::planId).toList(), caller.orgId(), settingName, caller.rolesAsText(),
                    caller.name(), clock.instant(), own.stream().flatMap(p -> siblings.siblingsOf(p.planId()).stream()).distinct().toList());
            messages.add(n.toInboxMessage(json.writeValueAsString(n)));
        });
        return () -> messages.forEach(inbox::deliver);
    }
}
