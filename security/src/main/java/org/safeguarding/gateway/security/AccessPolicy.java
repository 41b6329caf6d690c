package org.safeguarding.gateway.security;

import static org.safeguarding.gateway.security.Role.AUDITOR;
import static org.safeguarding.gateway.security.Role.COMMUNITY_HEALTH;
import static org.safeguarding.gateway.security.Role.GATEWAY_ADMIN;
import static org.safeguarding.gateway.security.Role.GP;
import static org.safeguarding.gateway.security.Role.POLICE;
import static org.safeguarding.gateway.security.Role.SAFEGUARDING_HEALTH;
import static org.safeguarding.gateway.security.Role.SCHOOL;
import static org.safeguarding.gateway.security.Role.SOCIAL_CARE;
import static org.safeguarding.gateway.security.Role.UNSCHEDULED_CARE;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one decision point for every action (CONTRACT.md's role table). Deny by default: an action
 * not named here, or a caller without a listed role, is refused. Pure: no I/O, no audit; see
 * {@link AccessControl} for the audited enforcement that entry points call.
 */
public final class AccessPolicy {

    public static final String NO_ROLE = "NO_ROLE";
    public static final String ROLE_NOT_PERMITTED = "ROLE_NOT_PERMITTED";
    public static final String OTHER_ORGANISATION = "OTHER_ORGANISATION";

    private static final Set<Role> LOOKUP_ROLES = EnumSet.of(UNSCHEDULED_CARE, SAFEGUARDING_HEALTH, GP, COMMUNITY_HEALTH);
    private static final Set<Role> ACCESS_HISTORY_ROLES = EnumSet.of(UNSCHEDULED_CARE, SAFEGUARDING_HEALTH);
    /** Since referrals (issue 17) A&E and named safeguarding professionals have an inbox too: their referrals' feedback. */
    private static final Set<Role> INBOX_ROLES = EnumSet.of(GP, COMMUNITY_HEALTH, POLICE, SOCIAL_CARE, SCHOOL, UNSCHEDULED_CARE,
            SAFEGUARDING_HEALTH);
    /** Who may refer a child to a local authority's front door (CONTRACT.md, Referrals). */
    public static final Set<Role> REFERRER_ROLES = EnumSet.of(SCHOOL, GP, COMMUNITY_HEALTH, UNSCHEDULED_CARE, SAFEGUARDING_HEALTH, POLICE);

    public Decision decide(Caller caller, Action action, Resource resource) {
        if (caller.roles().isEmpty()) {
            return Decision.deny(NO_ROLE, "the caller holds no gateway role");
        }
        return switch (action) {
            case AUTHENTICATE -> Decision.deny("UNAUTHENTICATED", "authentication is not an authorisation");
            case CP_LOOKUP -> anyOf(caller, LOOKUP_ROLES, "CP lookup");
            case CP_LOOKUP_SILENT -> anyOf(caller, EnumSet.of(SAFEGUARDING_HEALTH), "silent (non-notifying) CP lookup");
            case ACCESS_HISTORY_READ -> anyOf(caller, ACCESS_HISTORY_ROLES, "reading access history");
            case ACCESS_REPORT_READ -> caller.has(AUDITOR) ? Decision.allow("the auditor reads any child's access report")
                    : holdingAuthority(caller, resource);
            case PLAN_WRITE, PLAN_DELETE -> ownOrganisation(caller, SOCIAL_CARE, resource, "plans of its own local authority");
            case PLAN_TRANSFER_IN -> transferIn(caller, resource);
            case INDICATORS_READ -> caller.has(AUDITOR) ? Decision.allow("the board's auditor reads every authority's indicators")
                    : ownOrganisation(caller, SOCIAL_CARE, resource, "indicators of its own local authority");
            case DOCUMENT_SEND, DOCUMENT_STATUS_READ -> ownOrganisation(caller, SOCIAL_CARE, resource, "documents of its own local authority");
            case INBOX_READ, INBOX_ACKNOWLEDGE -> ownInbox(caller, resource);
            case DELIVERY_ADMIN -> anyOf(caller, EnumSet.of(GATEWAY_ADMIN), "delivery administration");
            case DV_SUBMIT -> ownOrganisation(caller, POLICE, resource, "notifications of its own force");
            case DV_READ -> caller.has(POLICE) ? ownOrganisation(caller, POLICE, resource, "notifications of its own force")
                    : receivingOrganisation(caller, SOCIAL_CARE, resource);
            case DV_OUTCOME -> receivingOrganisation(caller, SOCIAL_CARE, resource);
            case REFERRAL_SUBMIT -> referrer(caller, resource);
            case REFERRAL_READ -> caller.has(SOCIAL_CARE) ? receivingOrganisation(caller, SOCIAL_CARE, resource) : referrer(caller, resource);
            case REFERRAL_DECIDE -> receivingOrganisation(caller, SOCIAL_CARE, resource);
            case AUDIT_READ, AUDIT_VERIFY, AUDIT_EXPORT -> anyOf(caller, EnumSet.of(AUDITOR), "the audit trail");
            case PLAN_BATCH, DELIVER, PUSH, MESH, ESCALATE, DV_ROUTE, REFERRAL_ROUTE, PLAN_PURGE, INBOX_PURGE, AUDIT_PURGE, AUDIT_CONFIGURATION, DEMO_PLAN_LOAD,
                    SESSION_END ->
                    Decision.deny(ROLE_NOT_PERMITTED, "recorded by the gateway, never asked for by a caller");
        };
    }

    private static Decision anyOf(Caller caller, Set<Role> permitted, String what) {
        for (Role role : permitted) {
            if (caller.has(role)) {
                return Decision.allow("role " + role.claimValue() + " may perform " + what);
            }
        }
        return Decision.deny(ROLE_NOT_PERMITTED, "roles [" + caller.rolesAsText() + "] may not perform " + what);
    }

    private static Decision ownOrganisation(Caller caller, Role role, Resource resource, String what) {
        if (!caller.has(role)) {
            return Decision.deny(ROLE_NOT_PERMITTED, "only " + role.claimValue() + " may act on " + what);
        }
        if (resource.ownerOrg() == null) {
            // nothing by that id (or not with that child): refused as another organisation's would be
            return Decision.deny(OTHER_ORGANISATION, "organisation " + caller.orgId() + " has no " + resource.describe());
        }
        if (!caller.belongsTo(resource.ownerOrg())) {
            return Decision.deny(OTHER_ORGANISATION,
                    "organisation " + caller.orgId() + " may not act on " + resource.describe() + " of " + resource.ownerOrg());
        }
        return Decision.allow(role.claimValue() + " of " + caller.orgId() + " acting on its own " + resource.kind());
    }

    /** A referring role, acting for its own organisation's referrals (none by that id: refused as another's would be). */
    private static Decision referrer(Caller caller, Resource referral) {
        Decision byRole = anyOf(caller, REFERRER_ROLES, "referrals");
        if (!byRole.allowed()) {
            return byRole;
        }
        if (referral.ownerOrg() == null || !caller.belongsTo(referral.ownerOrg())) {
            return Decision.deny(OTHER_ORGANISATION, "organisation " + caller.orgId() + " did not make " + referral.describe());
        }
        return Decision.allow("referrer " + caller.orgId() + " acting on its own " + referral.kind());
    }

    /** The receiving authority pulls a plan in after the transfer conference; the owner cannot "transfer" to itself. */
    private static Decision transferIn(Caller caller, Resource plan) {
        if (!caller.has(SOCIAL_CARE) || caller.orgId() == null) {
            return Decision.deny(ROLE_NOT_PERMITTED, "only social-care of a receiving local authority may transfer a plan in");
        }
        if (caller.orgId().equals(plan.ownerOrg())) {
            return Decision.deny(OTHER_ORGANISATION, "the plan is already held by " + caller.orgId());
        }
        return Decision.allow("social-care of " + caller.orgId() + " transfers in " + plan.describe() + " from " + plan.ownerOrg());
    }

    private static Decision receivingOrganisation(Caller caller, Role role, Resource resource) {
        if (!caller.has(role)) {
            return Decision.deny(ROLE_NOT_PERMITTED, "only " + role.claimValue() + " of a receiving organisation may act on " + resource.describe());
        }
        if (caller.orgId() == null || !resource.recipients().contains(caller.orgId())) {
            return Decision.deny(OTHER_ORGANISATION, "organisation " + caller.orgId() + " did not receive " + resource.describe());
        }
        return Decision.allow(role.claimValue() + " of receiving organisation " + caller.orgId());
    }

    /** Social care of an authority that holds or held a plan for the child (the resource's recipients). */
    private static Decision holdingAuthority(Caller caller, Resource child) {
        if (caller.has(SOCIAL_CARE) && caller.orgId() != null && child.recipients().contains(caller.orgId())) {
            return Decision.allow("social-care of " + caller.orgId() + ", which holds or held a plan for " + child.describe());
        }
        return caller.has(SOCIAL_CARE)
                ? Decision.deny(OTHER_ORGANISATION, "organisation " + caller.orgId() + " holds no plan for " + child.describe())
                : Decision.deny(ROLE_NOT_PERMITTED, "only the auditor or social-care of an authority holding a plan may read who accessed "
                        + child.describe());
    }

    private static Decision ownInbox(Caller caller, Resource resource) {
        Decision byRole = anyOf(caller, INBOX_ROLES, "inbox access");
        if (!byRole.allowed()) {
            return byRole;
        }
        if (resource.ownerOrg() == null || !caller.belongsTo(resource.ownerOrg())) {
            return Decision.deny(OTHER_ORGANISATION, "an inbox is readable only by its own organisation");
        }
        return Decision.allow("own organisation's inbox");
    }
}
