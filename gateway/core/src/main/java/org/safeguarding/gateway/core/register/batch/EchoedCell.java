package org.safeguarding.gateway.core.register.batch;

/**
 * The text of a cell of an uploaded file, as an outcome repeats it (a rejected record's planId, a local authority or header
 * it did not accept): never a live spreadsheet formula. Outcomes are JSON, which is inert, but an authority's staff open
 * them in spreadsheets, and a cell that came in as {@code =HYPERLINK(...)} must not go back out as one (OWASP, "CSV
 * injection"). A cell is a formula to a spreadsheet when it starts with {@code = + - @}, a tab or a carriage return, also
 * after leading white space, which spreadsheets skip, and in the full-width forms some locales' spreadsheets take for the
 * same; OWASP's remedy is a single quote in front, which spreadsheets show as text and which leaves the rest of the text as it
 * came. Written here, not taken from a library: the CSV libraries at hand (Commons CSV, Jackson's CSV) do not do it, and the
 * rule is these few lines.
 */
public final class EchoedCell {

    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private EchoedCell() {}

    /** The text, or the text behind a single quote when a spreadsheet would take it for a formula; null stays null. */
    public static String inert(String text) {
        return text != null && readAsFormula(text) ? "'" + text : text;
    }

    private static boolean readAsFormula(String text) {
        if (text.startsWith("\t") || text.startsWith("\r")) {
            return true;
        }
        int first = 0;
        while (first < text.length() && (Character.isWhitespace(text.charAt(first)) || Character.isSpaceChar(text.charAt(first)))) {
            first++;
        }
        return first < text.length() && FORMULA_STARTS.indexOf(text.charAt(first)) >= 0;
    }
}
