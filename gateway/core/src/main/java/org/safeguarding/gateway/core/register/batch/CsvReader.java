package org.safeguarding.gateway.core.register.batch;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming reader for RFC 4180 CSV: one record at a time, so a file of any length is read
 * in constant memory.
 *
 * <ul>
 *   <li>Fields are separated by commas; records end with CRLF, LF or a lone CR (all three are accepted,
 *       also mixed). The last record may or may not end with a line break.</li>
 *   <li>A field that starts with a double quote is quoted: it may hold commas, line breaks and doubled
 *       quotes ({@code ""} stands for one {@code "}). Line breaks inside a quoted field are kept as they are.</li>
 *   <li>A quote inside an unquoted field, anything but a comma or a line break after a closing quote, an
 *       unclosed quote at the end of the input, and a record longer than the limit make the record
 *       <em>malformed</em>: it is returned with {@link Record#malformed()} set and only the fields read
 *       whole before the fault; the reader skips to the end of that physical line, and the next call carries
 *       on with the line after it.</li>
 *   <li>An empty line is a record with one empty field (RFC 4180); callers that ignore blank lines check
 *       {@link Record#isBlank()}.</li>
 *   <li>A byte-order mark (U+FEFF) at the very start of the input is skipped.</li>
 * </ul>
 *
 * Not thread-safe. The caller closes the underlying reader by closing this one.
 */
public final class CsvReader implements Closeable {

    /** A record as read: the physical line it starts on (1-based), its fields, and what is wrong with it, if anything. */
    public record Record(long line, List<String> fields, String malformed) {

        public Record {
            fields = List.copyOf(fields);
        }

        public boolean isMalformed() {
            return malformed != null;
        }

        /** An empty line: one empty, unquoted field. */
        public boolean isBlank() {
            return malformed == null && fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    public static final int DEFAULT_MAX_RECORD_CHARS = 16 * 1024;

    private static final int EOF = -1;
    private static final int BUFFER = 64 * 1024;

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buffer = new char[BUFFER];
    private int position;
    private int limit;
    private boolean started;
    private long line = 1;

    public CsvReader(Reader in) {
        this(in, DEFAULT_MAX_RECORD_CHARS);
    }

    /** @param maxRecordChars a record with more characters than this is reported as malformed and not kept in memory */
    public CsvReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /** @return the next record, or null at the end of the input */
    public Record next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        if (peek() == EOF) {
            return null;
        }
        long startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int length = 0;
        String malformed = null;
        while (true) {
            // at the start of a field
            int c = read();
            if (c == '"') {
                // quoted field: up to the closing quote
                while (true) {
                    c = read();
                    if (c == EOF) {
                        return new Record(startLine, fields, malformed != null ? malformed : "a quoted field is not closed");
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                        } else {
                            break;
                        }
                    } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        // kept as it is; counted once (CRLF counts at its LF)
                        line++;
                    }
                    if (++length > maxRecordChars) {
                        malformed = malformed != null ? malformed : tooLong();
                    } else if (malformed == null) {
                        field.append((char) c);
                    }
                }
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    malformed = malformed != null ? malformed : "only a comma or a line break may follow a closing quote";
                    c = skipRestOfLine(c);
                }
            } else {
                // unquoted field: up to a comma or a line break
                while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    if (c == '"') {
                        malformed = malformed != null ? malformed : "a quote inside an unquoted field (quote the whole field)";
                        c = skipRestOfLine(c);
                        break;
                    }
                    if (++length > maxRecordChars) {
                        malformed = malformed != null ? malformed : tooLong();
                    } else if (malformed == null) {
                        field.append((char) c);
                    }
                    c = read();
                }
            }
            if (malformed == null) {
                fields.add(field.toString());
            }
            field.setLength(0);
            length++;
            if (c == ',') {
                continue;
            }
            if (c == '\r' || c == '\n') {
                lineBreak(c);
            }
            return new Record(startLine, fields, malformed);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String tooLong() {
        return "the record is longer than " + maxRecordChars + " characters";
    }

    /**
     * After a format error: consume the rest of the physical line and return the character that ended
     * it. Quotes are not followed here, so a stray quote cannot swallow the lines after it.
     */
    private int skipRestOfLine(int c) throws IOException {
        while (c != '\r' && c != '\n' && c != EOF) {
            c = read();
        }
        return c;
    }

    /** Counts a line break; a CR followed by LF is one break. */
    private void lineBreak(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
