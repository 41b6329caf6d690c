package org.safeguarding.gateway.server;

import java.time.Clock;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.dv.ChildMatcher;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.referral.FrontDoor;
import org.safeguarding.gateway.core.referral.ReferralRoute;
import org.safeguarding.gateway.core.referral.ReferralStore;
import org.safeguarding.gateway.core.referral.Referrals;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Referrals from any partner to a local authority's front door: intake, routing, the decision with its feedback, overdue. */
@Configuration(proxyBeanMethods = false)
public class ReferralConfiguration {

    @Bean
    ReferralStore referralStore(JdbcClient jdbc) {
        return new ReferralStore(jdbc);
    }

    /** The working calendar decides the due time: a referral on Friday afternoon is due by the end of Monday, or Tuesday after a bank holiday. */
    @Bean
    Referrals referrals(AccessControl access, ReferralStore store, PlanRegister register, AgencyDirectory agencies, SiblingGroups siblings,
            Outbox outbox, FlowCall flows, WorkingCalendar calendar, ReferralProperties properties, JsonMapper json, Clock clock) {
        return new Referrals(access, store, new ChildMatcher(register, agencies, siblings), agencies, outbox, flows, calendar,
                properties.decisionWorkingDays(), json, clock);
    }

    @Bean
    FrontDoor frontDoor(Referrals referrals, ReferralStore store, AgencyDirectory agencies, SecureCopies copies, WorkingCalendar calendar,
            JsonMapper json, Clock clock) {
        return new FrontDoor(referrals, store, agencies, copies, calendar, json, clock);
    }

    @Bean
    ReferralRoute referralRoute(FrontDoor frontDoor, ReferralProperties properties) {
        return new ReferralRoute(frontDoor, properties.overduePoll().toMillis());
    }
}
