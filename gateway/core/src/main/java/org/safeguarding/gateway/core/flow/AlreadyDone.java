package org.safeguarding.gateway.core.flow;

import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * Thrown by an effect handed to {@code AuditTrail.append(entry, effect)} when there is nothing to do after all (another
 * node, or an earlier attempt before a crash, did it): the audit writer then rolls the pair back, so neither the effect
 * nor its record is written twice.
 */
public final class AlreadyDone extends RuntimeException {

    public AlreadyDone() {
        super(null, null, false, false);
    }

    /** The effect and its audit record in one commit; nothing (neither) when the effect finds it was done already. */
    public static void recordUnlessDone(AuditTrail audit, AuditEntry entry, Runnable effect) {
        try {
            audit.append(entry, effect);
        } catch (AlreadyDone done) {
            // done before: a redelivery after a crash, another node, or a repeated answer; recorded then
        }
    }
}
