package org.safeguarding.gateway.core.dv;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.dv.NoticeFormat.Audience;

/**
 * The one notice format for each audience DV routing sends to, checked when the gateway starts: a gateway assembled
 * without the adapter that formats one audience's notices, or with two adapters for one audience, refuses to start,
 * rather than fail the first notification that needs the missing format or send by whichever format came last.
 */
public final class NoticeFormats {

    private final Map<Audience, NoticeFormat> byAudience;

    /** @throws IllegalStateException naming each audience without a format (and the adapter that usually gives it), or the two formats for one */
    public NoticeFormats(List<NoticeFormat> formats) {
        Map<Audience, NoticeFormat> found = new EnumMap<>(Audience.class);
        for (NoticeFormat format : formats) {
            NoticeFormat other = found.putIfAbsent(format.audience(), format);
            if (other != null) {
                throw new IllegalStateException("two notice formats for " + format.audience() + ": " + other.getClass().getName()
                        + " and " + format.getClass().getName() + "; DV routing needs exactly one per audience");
            }
        }
        String missing = Arrays.stream(Audience.values()).filter(a -> !found.containsKey(a))
                .map(a -> a + " (usually from " + usualAdapter(a) + ")").collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("DV routing needs a notice format for every audience, and none is provided for "
                    + missing + ": assemble the gateway with that adapter");
        }
        this.byAudience = Collections.unmodifiableMap(found);
    }

    public NoticeFormat format(Audience audience) {
        return byAudience.get(audience);
    }

    static String usualAdapter(Audience audience) {
        return switch (audience) {
            case LOCAL_AUTHORITY -> "adapters/social-care";
            case SCHOOL -> "adapters/school";
            case HEALTH_VISITING -> "adapters/health-visiting";
        };
    }
}
