package org.safeguarding.gateway.security.identity;

import org.safeguarding.gateway.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, for entry points that the framework does not hand one to. */
public final class Callers {

    private Callers() {}

    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return Caller.ANONYMOUS;
    }
}
