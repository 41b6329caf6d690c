package org.safeguarding.gateway.core.flow;

/**
 * Thrown by an effect handed to {@code AuditTrail.append(entry, effect)} when there is nothing to do after all (another
 * node, or an earlier attempt before a crash, did it): the audit writer then rolls the pair back, so neither the effect
 * nor its record is written twice.
 */
public final class AlreadyDone extends RuntimeException {

    public AlreadyDone() {
        super(null, null, false, false);
    }
}
