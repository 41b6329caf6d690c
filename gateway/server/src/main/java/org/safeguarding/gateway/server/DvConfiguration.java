package org.safeguarding.gateway.server;

import java.time.Clock;
import java.util.List;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.dv.ChildMatcher;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.dv.DvRouting;
import org.safeguarding.gateway.core.dv.DvStore;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import org.safeguarding.gateway.core.dv.NoticeFormats;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.SiblingGroups;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Police domestic-violence notifications: intake, matching, routing to LA, schools and health visiting, outcomes. */
@Configuration(proxyBeanMethods = false)
public class DvConfiguration {

    @Bean
    DvStore dvStore(JdbcClient jdbc) {
        return new DvStore(jdbc);
    }

    @Bean
    DvNotifications dvNotifications(AccessControl access, DvStore store, Deliveries deliveries, AgencyDirectory agencies, Outbox outbox,
            CmsEnvelope cms, JsonMapper json, TransactionTemplate transaction, Clock clock) {
        return new DvNotifications(access, store, deliveries, agencies, outbox, cms, json, transaction, clock);
    }

    /** Made at start, so that a gateway without a notice format that routing needs (an adapter left out) does not start. */
    @Bean
    NoticeFormats noticeFormats(List<NoticeFormat> formats) {
        return new NoticeFormats(formats);
    }

    /** Schools keep term dates: their calendar is the working calendar less school holidays. */
    @Bean
    DvRouting dvRouting(DvStore store, PlanRegister register, AgencyDirectory agencies, Deliveries deliveries, Outbox outbox,
            CmsEnvelope cms, List<NoticeFormat> formats, SiblingGroups siblings, AuditTrail audit, JsonMapper json, Clock clock,
            GatewayProperties properties) {
        WorkingCalendar schools = new WorkingCalendar(properties.calendar().zone(), properties.calendar().schoolHolidays());
        return new DvRouting(store, new ChildMatcher(register, agencies, siblings), agencies, deliveries, outbox, cms, formats, schools,
                properties.calendar().schoolDayStarts(), audit, json, clock);
    }
}
