package org.safeguarding.gateway.security;

/** The policy's answer; {@code code} is stable and machine-readable, {@code reason} is for people. */
public record Decision(boolean allowed, String code, String reason) {

    public static Decision allow(String reason) {
        return new Decision(true, "ALLOWED", reason);
    }

    public static Decision deny(String code, String reason) {
        return new Decision(false, code, reason);
    }
}
