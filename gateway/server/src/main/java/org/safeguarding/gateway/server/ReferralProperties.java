package org.safeguarding.gateway.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Referrals ({@code gateway.referrals.*}).
 *
 * @param decisionWorkingDays by the end of how many working days after receipt the authority decides (Working Together to
 *                            Safeguard Children 2023: one)
 * @param overduePoll         how often undecided referrals past their due time are looked for
 */
@ConfigurationProperties("gateway.referrals")
public record ReferralProperties(Integer decisionWorkingDays, Duration overduePoll) {

    public ReferralProperties {
        decisionWorkingDays = decisionWorkingDays == null ? 1 : decisionWorkingDays;
        overduePoll = overduePoll == null ? Duration.ofMinutes(1) : overduePoll;
        if (decisionWorkingDays < 1 || decisionWorkingDays > 10) {
            throw new IllegalArgumentException("gateway.referrals.decision-working-days must be 1 to 10, not " + decisionWorkingDays);
        }
    }
}
