package org.safeguarding.gateway.core.register.batch;

import java.util.List;
import org.safeguarding.gateway.core.model.Plan;

/** Where a batch's valid records go: the CP register, one chunk per transaction. */
public interface PlanBatchStore {

    /** What became of one plan of a chunk. */
    enum Applied {
        /** A new plan. */
        CREATED,
        /** A plan of the same local authority, changed. */
        UPDATED,
        /** Already on the register exactly as sent: nothing written (a re-upload is a no-op). */
        UNCHANGED,
        /** The register holds this planId for another local authority: left as it is. */
        HELD_BY_OTHER_AUTHORITY
    }

    /**
     * Applies a chunk of plans with distinct ids, all or nothing, and never overwrites a plan held by
     * another local authority.
     *
     * @return what became of each plan, in the order given
     */
    List<Applied> apply(List<Plan> plans);
}
