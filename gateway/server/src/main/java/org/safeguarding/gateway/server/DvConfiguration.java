package org.safeguarding.gateway.server;

import java.time.Clock;
import java.util.List;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.dv.ChildMatcher;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.dv.DvNotificationRoute;
import org.safeguarding.gateway.core.dv.DvOutcomes;
import org.safeguarding.gateway.core.dv.DvRouting;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.dv.DvStore;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import org.safeguarding.gateway.core.dv.NoticeFormats;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Police domestic-violence notifications: intake, matching, routing to LA, schools and health visiting, outcomes. */
@Configuration(proxyBeanMethods = false)
public class DvConfiguration {

    @Bean
    DvStore dvStore(JdbcClient jdbc) {
        return new DvStore(jdbc);
    }

    @Bean
    DvNotifications dvNotifications(AccessControl access, DvStore store, Deliveries deliveries, Outbox outbox, Inbox inbox, FlowCall flows, JsonMapper json,
            Clock clock) {
        return new DvNotifications(access, store, deliveries, outbox, inbox, flows, json, clock);
    }

    @Bean
    DvOutcomes dvOutcomes(DvNotifications notifications, DvStore store, SecureCopies copies, JsonMapper json, Clock clock) {
        return new DvOutcomes(notifications, store, copies, json, clock);
    }

    /** Made at start, so that a gateway without a notice format that routing needs (an adapter left out) does not start. */
    @Bean
    NoticeFormats noticeFormats(List<NoticeFormat> formats) {
        return new NoticeFormats(formats);
    }

    /** Schools keep term dates: their calendar is the working calendar less school holidays. */
    @Bean
    DvRouting dvRouting(DvStore store, PlanRegister register, AgencyDirectory agencies, SecureCopies copies, NoticeFormats formats,
            SiblingGroups siblings, JsonMapper json, Clock clock, GatewayProperties properties) {
        WorkingCalendar schools = new WorkingCalendar(properties.calendar().zone(), properties.calendar().schoolHolidays());
        return new DvRouting(store, new ChildMatcher(register, agencies, siblings), agencies, copies, formats, schools,
                properties.calendar().schoolDayStarts(), json, clock);
    }

    @Bean
    DvNotificationRoute dvNotificationRoute(DvRouting routing, DvOutcomes outcomes,
            @Value("${gateway.flows.dv-routing-consumers:8}") int consumers) {
        return new DvNotificationRoute(routing, outcomes, consumers);
    }
}
