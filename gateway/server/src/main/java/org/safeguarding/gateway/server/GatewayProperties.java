package org.safeguarding.gateway.server;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings (prefix {@code gateway}).
 *
 * @param dataDirectory      where the embedded database, broker journal and generated keys live
 * @param issuerUri          the only token issuer trusted (the agencies' Keycloak realm)
 * @param audience           the audience every token must carry
 * @param tokenClockSkew     how far token times may drift from ours before a token counts as expired
 * @param visibilityDays     how long an ended plan stays visible to lookups (status inactive)
 * @param outboxPollMillis   how often the outbox relay looks for committed messages
 * @param maxJsonBytes       the largest JSON request body accepted (413 above)
 * @param maxDocumentBytes   the largest document accepted for distribution (413 above)
 * @param maxBatchBytes      the largest CSV file accepted by {@code POST /api/v1/plans/batch} (413 above)
 * @param demoData           a folder with agencies.json and plans.json loaded at start; empty for none
 * @param calendar           working days for deadlines
 * @param delivery           how copies are pushed to agencies' own systems and escalated
 * @param audit              signed checkpoints of the audit trail
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @NotNull Path dataDirectory,
        @NotBlank String issuerUri,
        @NotBlank String audience,
        @NotNull Duration tokenClockSkew,
        @Min(0) int visibilityDays,
        @Min(10) long outboxPollMillis,
        @Min(1024) long maxJsonBytes,
        @Min(1024) long maxDocumentBytes,
        @Min(1024) long maxBatchBytes,
        Path demoData,
        @NotNull @Valid Calendar calendar,
        @NotNull @Valid Delivery delivery,
        @NotNull @Valid Audit audit) {

    /**
     * @param zone            the partnership's time zone
     * @param holidays        bank holidays and other non-working days (yyyy-MM-dd)
     * @param schoolClosures  school holidays beyond those: days (yyyy-MM-dd) or ranges (yyyy-MM-dd..yyyy-MM-dd)
     * @param schoolDayStarts when a school day starts: a school must know of a police notification by then
     */
    public record Calendar(@NotNull ZoneId zone, List<LocalDate> holidays, List<String> schoolClosures, @NotNull LocalTime schoolDayStarts) {
        public Calendar {
            holidays = holidays == null ? List.of() : List.copyOf(holidays);
            schoolClosures = schoolClosures == null ? List.of() : List.copyOf(schoolClosures);
        }

        /** Bank holidays plus every day of every school closure. */
        public Set<LocalDate> schoolHolidays() {
            Set<LocalDate> days = new HashSet<>(holidays);
            for (String closure : schoolClosures) {
                String[] range = closure.split("\\.\\.");
                LocalDate from = LocalDate.parse(range[0].strip());
                LocalDate to = range.length > 1 ? LocalDate.parse(range[1].strip()) : from;
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    days.add(day);
                }
            }
            return days;
        }
    }

    /**
     * @param pushTimeout          how long one push may take
     * @param trustedCertificates  optional PEM file of extra certificates trusted for agencies' HTTPS endpoints
     * @param escalationPollMillis how often overdue copies are looked for
     */
    public record Delivery(@NotNull Duration pushTimeout, Path trustedCertificates, @Min(100) long escalationPollMillis) {}

    /**
     * @param checkpointEveryRecords the trail's tail is signed after this many new records...
     * @param checkpointEvery        ...or after this long, whichever comes first
     * @param checkpointPollMillis   how often the checkpoint route looks
     * @param timeStampAuthority     an RFC 3161 TSA; when set, every checkpoint's signature is time-stamped
     * @param timeStampTimeout       how long the TSA may take
     * @param auditAllowedLookups    false only for the benchmark that measures what the audit write costs a lookup
     */
    public record Audit(@Min(1) long checkpointEveryRecords, @NotNull Duration checkpointEvery, @Min(100) long checkpointPollMillis,
            URI timeStampAuthority, @NotNull Duration timeStampTimeout, boolean auditAllowedLookups) {}
}
