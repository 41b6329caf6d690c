package org.safeguarding.gateway.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/** Synthetic plans and NHS numbers (999 test range, valid check digits) for tests that need fresh children. */
public final class Plans {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500_000));

    private Plans() {}

    /** A valid 999-range NHS number no other test uses. */
    public static String freshNhsNumber() {
        while (true) {
            String first9 = String.format("999%06d", NEXT.getAndIncrement() % 1_000_000);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first9.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return first9 + check;
            }
        }
    }

    public static String json(String nhsNumber, String type, String localAuthority) {
        return """
                {"nhsNumber":"%s","type":"%s","startDate":"2026-01-05","localAuthority":"%s",
                 "child":{"givenName":"Test","familyName":"Child","birthDate":"2021-04-01"},
                 "coreGroup":["gp-derby-central","school-derby-primary"]}
                """.formatted(nhsNumber, type, localAuthority);
    }

    /** A plan with its own dates (endDate omitted when null) and the child's birth date. */
    public static String json(String nhsNumber, String localAuthority, LocalDate start, LocalDate end, LocalDate birthDate) {
        String ended = end == null ? "" : "\"endDate\":\"" + end + "\",";
        return """
                {"nhsNumber":"%s","type":"CPP","startDate":"%s",%s"localAuthority":"%s",
                 "child":{"givenName":"Test","familyName":"Child","birthDate":"%s"}}
                """.formatted(nhsNumber, start, ended, localAuthority, birthDate);
    }

    /**
     * A fresh child given a plan of la-derby by its social worker, as most tests of lookups and inboxes begin.
     *
     * @param why what the plan's 201 shows, for the assertion's message
     * @return the child's NHS number
     */
    public static String registeredInDerby(Api api, String why) {
        String nhs = freshNhsNumber();
        assertThat(api.put("/api/v1/plans/" + id(), Tokens.user("sw.derby"), json(nhs, "CPP", "la-derby")).status()).as(why).isEqualTo(201);
        return nhs;
    }

    public static String id() {
        return "T-" + NEXT.getAndIncrement();
    }
}
