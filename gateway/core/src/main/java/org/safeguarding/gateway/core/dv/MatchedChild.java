package org.safeguarding.gateway.core.dv;

import java.util.List;

/**
 * A child of a notification after matching and enrichment. {@code method} and {@code confidence}
 * say how sure the match is; an unmatched or ambiguous child is routed on what the police gave,
 * never on a guess.
 *
 * @param nhsNumber      as given, or as found by an exact demographic match; null when unknown
 * @param planId         the child's current plan, when there is one
 * @param localAuthority the plan's authority, else the authority covering the child's (or incident's) postcode
 * @param siblings       other children with plans known to be linked to this one (later: sibling groups)
 */
public record MatchedChild(
        int index,
        DvNotification.Child child,
        String nhsNumber,
        Method method,
        Confidence confidence,
        String planId,
        String localAuthority,
        boolean underFive,
        List<String> siblings) {

    public enum Method { NHS_NUMBER, DEMOGRAPHICS, NONE }

    public enum Confidence { HIGH, MEDIUM, NONE, AMBIGUOUS }

    public boolean onPlan() {
        return planId != null;
    }
}
