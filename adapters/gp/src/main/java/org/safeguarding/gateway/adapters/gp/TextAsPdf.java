package org.safeguarding.gateway.adapters.gp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A plain-text document as a PDF: Send Document's attachment is a PDF, and a GP system files nothing else. Plain A4
 * pages in Helvetica, lines wrapped at the margin, a new page when one is full. Helvetica is one of the PDF standard 14
 * fonts, so nothing is embedded and every reader has it; what it cannot encode is shown as '?' rather than refused,
 * since the copy must still reach the practice.
 */
final class TextAsPdf {

    private static final float FONT_SIZE = 11;
    private static final float LEADING = 14;
    private static final float MARGIN = 56;
    private static final PDRectangle PAGE = PDRectangle.A4;

    private TextAsPdf() {}

    static byte[] render(String text) {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        String lineEnds = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = wrap(encodable(font, lineEnds), font, PAGE.getWidth() - 2 * MARGIN);
        int perPage = Math.max(1, (int) ((PAGE.getHeight() - 2 * MARGIN) / LEADING));
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            // an empty text still makes one (blank) page: a PDF without pages is not a document
            for (int first = 0; first < Math.max(1, lines.size()); first += perPage) {
                PDPage page = new PDPage(PAGE);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, FONT_SIZE);
                    content.setLeading(LEADING);
                    content.newLineAtOffset(MARGIN, PAGE.getHeight() - MARGIN - FONT_SIZE);
                    for (String line : lines.subList(first, Math.min(lines.size(), first + perPage))) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the text could not be written as a PDF", e);
        }
    }

    /** The text with tabs as spaces, other controls dropped, and each character Helvetica cannot encode as '?'. */
    static String encodable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append('\n');
            } else if (c == '\t') {
                out.append("    ");
            } else if (c == 0xFEFF || Character.isISOControl(c)) {
                // a byte-order mark or a control character (\r among them: line ends are \n by now) shows nothing
            } else if (canEncode(font, c)) {
                out.appendCodePoint(c);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static boolean canEncode(PDType1Font font, int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** Lines no wider than {@code width}: broken at spaces where a line has them, within a word where it has none. */
    static List<String> wrap(String text, PDType1Font font, float width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            String rest = paragraph.stripTrailing();
            if (rest.isEmpty()) {
                lines.add("");
                continue;
            }
            while (!rest.isEmpty()) {
                int end = fitting(rest, font, width);
                int space = rest.lastIndexOf(' ', end);
                if (end < rest.length() && space > 0) {
                    end = space;
                }
                lines.add(rest.substring(0, end).stripTrailing());
                rest = rest.substring(end).stripLeading();
            }
        }
        // the text's own final line end is not an extra blank line
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** How many chars of {@code line} fit in {@code width} (at least one code point, so wrapping always moves on). */
    private static int fitting(String line, PDType1Font font, float width) {
        float used = 0;
        int i = 0;
        while (i < line.length()) {
            int c = line.codePointAt(i);
            float w = width(font, c);
            if (used + w > width && i > 0) {
                return i;
            }
            used += w;
            i += Character.charCount(c);
        }
        return i;
    }

    private static float width(PDType1Font font, int codePoint) {
        try {
            return font.getStringWidth(new String(Character.toChars(codePoint))) / 1000 * FONT_SIZE;
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }
}
