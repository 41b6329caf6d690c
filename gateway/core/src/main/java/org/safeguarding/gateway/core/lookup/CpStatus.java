package org.safeguarding.gateway.core.lookup;

import java.util.List;
import org.safeguarding.gateway.core.model.NhsNumber;

/** The answer to "does this child have a plan, and whom do I ring?". Empty plans: no plan. */
public record CpStatus(NhsNumber nhsNumber, List<PlanStatus> plans) {}
