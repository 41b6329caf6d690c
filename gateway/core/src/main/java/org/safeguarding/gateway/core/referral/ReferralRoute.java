package org.safeguarding.gateway.core.referral;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.scheduling.Timers;

/**
 * referral. A partner's referral is accepted by {@link Referrals#accept} (decide, check, match, store with its routing
 * message, one commit); this route gives the authority its copy, carries its decision back to the referrer as written
 * feedback, and escalates a referral undecided past its due time to the authority, once.
 */
public class ReferralRoute extends RouteBuilder {

    public static final String DECISION = "direct:referral-decision";
    public static final String OVERDUE = "direct:referral-overdue";
    private static final String REFERRAL = "referral";
    private static final String DECIDED = "referralDecision";

    private final FrontDoor frontDoor;
    private final long overduePollMillis;

    public ReferralRoute(FrontDoor frontDoor, long overduePollMillis) {
        this.frontDoor = frontDoor;
        this.overduePollMillis = overduePollMillis;
    }

    @Override
    public void configure() {
        from("jms:queue:" + Referrals.ROUTING_QUEUE + "?transacted=true").routeId("referral").routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(frontDoor, "received"))         // the referral, unless it was routed already
                .filter(body().isNotNull())
                .setProperty(REFERRAL, body())
                .setBody(method(frontDoor, "copyForAuthority")) // the referral in full, with what the register knows of the children
                .to(SecureCopyRoute.URI)                        // signed, encrypted to the authority
                .bean(frontDoor, "commitRouting(${exchangeProperty." + REFERRAL + "}, ${body})");

        from(DECISION).routeId("referral-decision").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(frontDoor, "decide"))           // the receiving authority's decision, checked (a second one 409)
                .setProperty(DECIDED, body())
                .setBody(method(frontDoor, "feedbackForReferrer")) // the decision, the feedback, whom to contact: nothing else
                .to(SecureCopyRoute.URI)
                .bean(frontDoor, "commitDecision(${exchangeProperty." + DECIDED + "}, ${body})");

        from(Timers.every("referral-overdue", overduePollMillis)).routeId("referral-overdue-timer").routePolicyRef(Timers.ON_ONE_NODE).to(OVERDUE);

        from(OVERDUE).routeId("referral-overdue").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(frontDoor, "overdue"))          // undecided past the due time, not yet escalated
                .split(body())
                    .setProperty(REFERRAL, body())
                    .setBody(method(frontDoor, "overdueNotice"))
                    .to(SecureCopyRoute.URI)                    // to the authority's own inbox
                    .bean(frontDoor, "commitOverdue(${exchangeProperty." + REFERRAL + "}, ${body})")
                .end();
    }
}
