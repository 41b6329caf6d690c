package org.safeguarding.gateway.core.lookup;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.notification.AccessNotification;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * cp-lookup: policy -> register read -> answer, and an access notification to each responsible
 * local authority unless the caller may and did ask for a silent read. Kept as a direct call
 * rather than a Camel route because it is the latency-critical read path; the asynchronous half
 * (the notification) is a route.
 */
public class CpLookup {

    private final AccessControl access;
    private final PlanRegister register;
    private final AgencyDirectory agencies;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final SiblingGroups siblings;
    private final Clock clock;
    private final int visibilityDays;

    public CpLookup(AccessControl access, PlanRegister register, AgencyDirectory agencies, Outbox outbox, SiblingGroups siblings,
            TransactionTemplate transaction, Clock clock, int visibilityDays) {
        this.siblings = siblings;
        this.access = access;
        this.register = register;
        this.agencies = agencies;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
        this.visibilityDays = visibilityDays;
    }

    /** @throws NhsNumber.InvalidNhsNumber before any decision, for a malformed or check-digit-invalid number */
    public CpStatus lookup(Caller caller, String nhsNumberText, boolean notifying, String traceId) {
        NhsNumber nhs = NhsNumber.parse(nhsNumberText);
        access.require(caller, notifying ? Action.CP_LOOKUP : Action.CP_LOOKUP_SILENT, Resource.child(nhs.value()), traceId);
        LocalDate today = LocalDate.now(clock);
        List<Plan> plans = register.visibleFor(nhs, today, visibilityDays);
        Map<String, Agency> authorities = new LinkedHashMap<>();
        List<PlanStatus> statuses = new ArrayList<>();
        for (Plan plan : plans) {
            Agency la = authorities.computeIfAbsent(plan.localAuthority(),
                    id -> agencies.find(id).orElse(Agency.unknownLocalAuthority(id)));
            statuses.add(statusOf(plan, la, today));
        }
        if (notifying && !plans.isEmpty()) {
            notifyResponsibleAuthorities(caller, nhs, plans);
        }
        return new CpStatus(nhs, statuses);
    }

    private static PlanStatus statusOf(Plan plan, Agency la, LocalDate today) {
        var contact = plan.contact();
        String office = contact != null ? contact.phone() : la.officePhone();
        String outOfHours = contact != null && contact.outOfHoursPhone() != null ? contact.outOfHoursPhone() : la.outOfHoursPhone();
        return new PlanStatus(plan, plan.activeOn(today), la.name(), office, outOfHours);
    }

    /** One notification per responsible authority per lookup, whatever the number of plans. */
    private void notifyResponsibleAuthorities(Caller caller, NhsNumber nhs, List<Plan> plans) {
        Map<String, List<Plan>> byAuthority = new LinkedHashMap<>();
        plans.forEach(p -> byAuthority.computeIfAbsent(p.localAuthority(), k -> new ArrayList<>()).add(p));
        String settingName = agencies.find(caller.orgId()).map(Agency::name).orElse(String.valueOf(caller.orgId()));
        transaction.executeWithoutResult(status -> byAuthority.forEach((la, own) -> {
            Plan first = own.get(0);
            AccessNotification n = new AccessNotification(UUID.randomUUID().toString(), la, nhs.value(),
                    first.child().givenName() + " " + first.child().familyName(),
                    own.stream().map(Plan::planId).toList(), caller.orgId(), settingName, caller.rolesAsText(),
                    clock.instant(), own.stream().flatMap(p -> siblings.siblingsOf(p.planId()).stream()).distinct().toList());
            outbox.enqueue(AccessNotification.QUEUE, n.messageId(), n);
        }));
    }
}
