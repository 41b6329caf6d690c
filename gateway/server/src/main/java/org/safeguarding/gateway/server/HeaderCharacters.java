package org.safeguarding.gateway.server;

/**
 * The firewall's rule for header names and values, as Spring Security states it
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: assigned code points, no control characters), without
 * the regular expression. Every header is checked each time anything reads it, and HAPI reads all of
 * them on every FHIR request, so the regex version, run over a 1.5 kB bearer token, cost a quarter of
 * a lookup's CPU. Printable ASCII, which is nearly everything, takes the short path.
 */
final class HeaderCharacters {

    private HeaderCharacters() {}

    static boolean allowed(String text) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            if (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
