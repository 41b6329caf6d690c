package org.safeguarding.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CONTRACT.md's role table, row by row, and deny by default. */
class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy();
    private static final Resource CHILD = Resource.child("9997709144");

    private static Caller caller(String org, Role... roles) {
        return new Caller("sub", "user", roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), org);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void onlyHealthRolesMayLookUp(Role role) {
        boolean expected = EnumSet.of(Role.UNSCHEDULED_CARE, Role.SAFEGUARDING_HEALTH, Role.GP, Role.COMMUNITY_HEALTH).contains(role);
        assertThat(policy.decide(caller("org", role), Action.CP_LOOKUP, CHILD).allowed()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void onlySafeguardingHealthMayReadSilently(Role role) {
        assertThat(policy.decide(caller("org", role), Action.CP_LOOKUP_SILENT, CHILD).allowed())
                .isEqualTo(role == Role.SAFEGUARDING_HEALTH);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void accessHistoryIsForUnscheduledCareAndSafeguardingHealth(Role role) {
        assertThat(policy.decide(caller("org", role), Action.ACCESS_HISTORY_READ, CHILD).allowed())
                .isEqualTo(role == Role.UNSCHEDULED_CARE || role == Role.SAFEGUARDING_HEALTH);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void onlyAuditorsReadTheTrail(Role role) {
        assertThat(policy.decide(caller("org", role), Action.AUDIT_VERIFY, Resource.auditTrail()).allowed())
                .isEqualTo(role == Role.AUDITOR);
        assertThat(policy.decide(caller("org", role), Action.AUDIT_READ, CHILD).allowed()).isEqualTo(role == Role.AUDITOR);
        assertThat(policy.decide(caller("org", role), Action.AUDIT_EXPORT, Resource.auditTrail()).allowed()).isEqualTo(role == Role.AUDITOR);
    }

    @Test
    void socialCareWritesOnlyItsOwnAuthoritysPlans() {
        Resource derbyPlan = Resource.plan("P1", "la-derby", "9997709144");
        assertThat(policy.decide(caller("la-derby", Role.SOCIAL_CARE), Action.PLAN_WRITE, derbyPlan).allowed()).isTrue();
        Decision other = policy.decide(caller("la-nottingham", Role.SOCIAL_CARE), Action.PLAN_WRITE, derbyPlan);
        assertThat(other.allowed()).isFalse();
        assertThat(other.code()).isEqualTo(AccessPolicy.OTHER_ORGANISATION);
        assertThat(policy.decide(caller("la-derby", Role.POLICE), Action.PLAN_WRITE, derbyPlan).code())
                .isEqualTo(AccessPolicy.ROLE_NOT_PERMITTED);
        assertThat(policy.decide(caller(null, Role.SOCIAL_CARE), Action.PLAN_DELETE, derbyPlan).allowed())
                .as("a token without org_id owns nothing").isFalse();
    }

    @Test
    void anInboxIsReadOnlyByItsOwnOrganisationAndOnlyByRolesWithAnInbox() {
        assertThat(policy.decide(caller("gp-derby-central", Role.GP), Action.INBOX_READ, Resource.inbox("gp-derby-central")).allowed()).isTrue();
        assertThat(policy.decide(caller("gp-derby-central", Role.GP), Action.INBOX_READ, Resource.inbox("la-derby")).allowed()).isFalse();
        assertThat(policy.decide(caller("ae-royal-derby", Role.UNSCHEDULED_CARE), Action.INBOX_READ, Resource.inbox("ae-royal-derby")).allowed())
                .as("A&E's own inbox: the feedback on its referrals").isTrue();
        assertThat(policy.decide(caller("ae-royal-derby", Role.UNSCHEDULED_CARE), Action.INBOX_READ, Resource.inbox("la-derby")).allowed())
                .isFalse();
        assertThat(policy.decide(caller("gateway-ops", Role.GATEWAY_ADMIN), Action.INBOX_READ, Resource.inbox("gateway-ops")).allowed())
                .as("operators never see child data").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void aCallerWithoutRolesIsDeniedEverything(Action action) {
        Decision decision = policy.decide(caller("ae-royal-derby"), action, CHILD);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(AccessPolicy.NO_ROLE);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void authenticationIsNeverAGrant(Role role) {
        assertThat(policy.decide(caller("org", role), Action.AUTHENTICATE, CHILD).allowed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void theAccessReportIsForTheAuditorAndTheAuthoritiesHoldingAPlan(Role role) {
        Resource heldByDerby = Resource.childHeldBy("9997709144", Set.of("la-derby"));
        assertThat(policy.decide(caller("la-derby", role), Action.ACCESS_REPORT_READ, heldByDerby).allowed())
                .isEqualTo(role == Role.AUDITOR || role == Role.SOCIAL_CARE);
        assertThat(policy.decide(caller("ig-derby", role), Action.ACCESS_REPORT_READ, heldByDerby).allowed())
                .as("the auditor reads any child's report, whoever holds the plan").isEqualTo(role == Role.AUDITOR);
    }

    @Test
    void anAuthorityWithoutAPlanForTheChildMayNotSeeWhoLookedAtIt() {
        Resource heldByDerby = Resource.childHeldBy("9997709144", Set.of("la-derby", "la-leicester"));
        assertThat(policy.decide(caller("la-leicester", Role.SOCIAL_CARE), Action.ACCESS_REPORT_READ, heldByDerby).allowed())
                .as("an authority that held an earlier plan").isTrue();
        Decision other = policy.decide(caller("la-nottingham", Role.SOCIAL_CARE), Action.ACCESS_REPORT_READ, heldByDerby);
        assertThat(other.allowed()).isFalse();
        assertThat(other.code()).isEqualTo(AccessPolicy.OTHER_ORGANISATION);
        assertThat(policy.decide(caller(null, Role.SOCIAL_CARE), Action.ACCESS_REPORT_READ, heldByDerby).allowed())
                .as("a token without org_id holds nothing").isFalse();
        assertThat(policy.decide(caller("la-derby", Role.SOCIAL_CARE), Action.ACCESS_REPORT_READ, CHILD).allowed())
                .as("a child with no plan on the register: no authority holds it").isFalse();
        assertThat(policy.decide(caller("ae-royal-derby", Role.UNSCHEDULED_CARE), Action.ACCESS_REPORT_READ, heldByDerby).code())
                .isEqualTo(AccessPolicy.ROLE_NOT_PERMITTED);
    }

    @Test
    void referrersReferAndReadTheirOwnAndOnlyTheReceivingAuthorityDecides() {
        Resource bySchool = Resource.referral("r-1", "school-derby-primary", "la-derby", "9993828963");
        for (Role role : Role.values()) {
            boolean refers = AccessPolicy.REFERRER_ROLES.contains(role);
            assertThat(policy.decide(caller("school-derby-primary", role), Action.REFERRAL_SUBMIT, bySchool).allowed()).as(role.name())
                    .isEqualTo(refers);
        }
        assertThat(policy.decide(caller("school-derby-primary", Role.SCHOOL), Action.REFERRAL_READ, bySchool).allowed()).isTrue();
        assertThat(policy.decide(caller("school-other", Role.SCHOOL), Action.REFERRAL_READ, bySchool).code())
                .isEqualTo(AccessPolicy.OTHER_ORGANISATION);
        assertThat(policy.decide(caller("la-derby", Role.SOCIAL_CARE), Action.REFERRAL_READ, bySchool).allowed()).isTrue();
        assertThat(policy.decide(caller("la-derby", Role.SOCIAL_CARE), Action.REFERRAL_DECIDE, bySchool).allowed()).isTrue();
        assertThat(policy.decide(caller("la-nottingham", Role.SOCIAL_CARE), Action.REFERRAL_DECIDE, bySchool).code())
                .isEqualTo(AccessPolicy.OTHER_ORGANISATION);
        assertThat(policy.decide(caller("la-nottingham", Role.SOCIAL_CARE), Action.REFERRAL_DECIDE, Resource.referral(null, null, null, null))
                .code()).as("no such referral: the same refusal").isEqualTo(AccessPolicy.OTHER_ORGANISATION);
        assertThat(policy.decide(caller("school-derby-primary", Role.SCHOOL), Action.REFERRAL_DECIDE, bySchool).code())
                .isEqualTo(AccessPolicy.ROLE_NOT_PERMITTED);
        assertThat(policy.decide(caller("gateway-ops", Role.GATEWAY_ADMIN), Action.REFERRAL_READ, bySchool).allowed()).isFalse();
    }
}
