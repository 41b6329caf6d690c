package org.safeguarding.gateway.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many messages of one type an inbox holds, exactly, however many: an inbox page's total is exact only up to 10,000,
 * and the dv bench fills inboxes with tens of thousands. So the tally walks the inbox's pages by cursor ({@code ?before=}
 * the previous page's {@code next}) and remembers every message id it has seen. After the first walk it reads only from
 * the newest message down to {@link #OVERLAP} before the newest it saw last time: a copy is dated when it is sealed and may
 * commit a moment after a later one, so the overlap finds those too, and counting while messages arrive costs a few pages
 * a call, not the inbox. {@link #recount} walks the whole inbox again, for a figure that rests on no such assumption.
 */
final class InboxTally {

    /**
     * Longer than a copy takes from its seal to its commit (the bench's whole p99 from the 202 to both inboxes, queueing
     * included, is about 1 s), and short: each count re-reads what arrived in it (at 430/s, some 5 pages).
     */
    static final Duration OVERLAP = Duration.ofSeconds(2);
    private static final int PAGE = 200;
    private static final Pattern MESSAGE = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"type\":\"[^\"]*\",\"createdAt\":\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    private static final Pattern REFERENCE = Pattern.compile("\"reference\":\"([^\"]+)\"");

    interface Pages {
        String get(String url) throws IOException, InterruptedException;
    }

    private final String inbox;
    private final Pages pages;
    /** Every message seen, by id: the notification's or document's id it carries (its reference), or "" for none. */
    private final Map<String, String> seen = new HashMap<>();
    private Instant newestSeen;

    /** @param inbox the inbox's URL with its {@code ?type=} */
    InboxTally(String inbox, Pages pages) {
        this.inbox = inbox + "&size=" + PAGE;
        this.pages = pages;
    }

    /** Every message in the inbox now, by a walk down to the overlap. */
    synchronized long count() throws IOException, InterruptedException {
        Instant stopBefore = newestSeen == null ? null : newestSeen.minus(OVERLAP);
        String before = null;
        do {
            String page = pages.get(inbox + (before == null ? "" : "&before=" + before));
            Matcher m = MESSAGE.matcher(page);
            Instant oldestOnPage = null;
            while (m.find()) {
                int nextMessage = page.indexOf("{\"id\":", m.end());
                Matcher reference = REFERENCE.matcher(page).region(m.end(), nextMessage < 0 ? page.length() : nextMessage);
                seen.put(m.group(1), reference.find() ? reference.group(1) : "");
                oldestOnPage = Instant.parse(m.group(2));
                if (newestSeen == null || oldestOnPage.isAfter(newestSeen)) {
                    newestSeen = oldestOnPage;
                }
            }
            Matcher next = NEXT.matcher(page);
            before = next.find() && (stopBefore == null || !oldestOnPage.isBefore(stopBefore)) ? next.group(1) : null;
        } while (before != null);
        return seen.size();
    }

    /** How many copies of each notification or document the messages counted so far carry: more than one is a duplicate. */
    synchronized Map<String, Integer> copiesByReference() {
        Map<String, Integer> copies = new HashMap<>();
        seen.values().forEach(reference -> copies.merge(reference, 1, Integer::sum));
        return copies;
    }

    /** Every message in the inbox now, by a walk of all of it. */
    synchronized long recount() throws IOException, InterruptedException {
        seen.clear();
        newestSeen = null;
        return count();
    }
}
