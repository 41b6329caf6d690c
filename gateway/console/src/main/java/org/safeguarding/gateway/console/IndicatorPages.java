package org.safeguarding.gateway.console;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.indicators.Indicators;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The board's indicators for one authority ({@code GET /api/v1/indicators}, decided and recorded alike): social care
 * sees its own authority's, the auditor chooses one. Charts are SVG drawn here (the Content-Security-Policy allows no
 * inline style, and no chart library is needed for bars); each has its table beside it, the same figures in words.
 */
@Controller
class IndicatorPages {

    /** The chart's drawing area, in SVG user units; labels sit outside it. */
    static final int CHART_WIDTH = 640;
    static final int BAR_HEIGHT = 24;
    static final int LABEL_WIDTH = 170;

    private final Indicators indicators;
    private final AgencyDirectory agencies;

    IndicatorPages(Indicators indicators, AgencyDirectory agencies) {
        this.indicators = indicators;
        this.agencies = agencies;
    }

    /** One bar: its label, its value, its drawn length and its position (in SVG units). */
    record Bar(String label, long value, int length, int y) {}

    /** A horizontal bar chart's bars, scaled to the largest value; a chart of zeros draws no bars. */
    record Chart(List<Bar> bars, int height, long max) {
        static Chart of(Map<String, Long> values) {
            long max = values.values().stream().mapToLong(Long::longValue).max().orElse(0);
            List<Bar> bars = new ArrayList<>();
            int y = 0;
            for (Map.Entry<String, Long> e : values.entrySet()) {
                int length = max == 0 ? 0 : (int) Math.round((double) (CHART_WIDTH - LABEL_WIDTH - 60) * e.getValue() / max);
                bars.add(new Bar(e.getKey(), e.getValue(), length, y));
                y += BAR_HEIGHT + 8;
            }
            return new Chart(bars, Math.max(y, BAR_HEIGHT), max);
        }
    }

    @GetMapping("/indicators")
    String indicators(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String la, Model model) {
        Caller caller = user.caller();
        List<Agency> authorities = agencies.all().stream().filter(a -> Agency.LOCAL_AUTHORITY.equals(a.type())).toList();
        String chosen = la != null ? la : caller.has(Role.AUDITOR) && !authorities.isEmpty() ? authorities.get(0).id() : caller.orgId();
        Indicators.Report report = indicators.forAuthority(caller, chosen, null);
        Map<String, Long> weeks = new LinkedHashMap<>();
        report.accessNotificationsPerWeek().forEach(w -> weeks.put("Week of " + w.weekStarting().format(
                DateTimeFormatter.ofPattern("d MMM yyyy")), w.accessNotifications()));
        Map<String, Long> outcomes = new LinkedHashMap<>();
        report.dvOutcomes().forEach((decision, n) -> outcomes.put(LookupPages.sentence(decision.replace('-', ' ')), n));
        Indicators.Acknowledgement minutes = report.minutesAcknowledgement();
        model.addAttribute("report", report);
        model.addAttribute("authorityName", authorities.stream().filter(a -> a.id().equals(chosen)).map(Agency::name).findFirst().orElse(chosen));
        model.addAttribute("authorities", caller.has(Role.AUDITOR) ? authorities : List.of());
        model.addAttribute("weeks", Chart.of(weeks));
        model.addAttribute("outcomes", Chart.of(outcomes));
        Map<String, Long> copies = new LinkedHashMap<>();
        copies.put("Acknowledged", minutes.acknowledged());
        copies.put("Awaiting acknowledgement", minutes.awaiting());
        model.addAttribute("minutes", Chart.of(copies));
        model.addAttribute("chartWidth", CHART_WIDTH);
        model.addAttribute("labelWidth", LABEL_WIDTH);
        model.addAttribute("barHeight", BAR_HEIGHT);
        return "indicators";
    }
}
