package org.safeguarding.gateway.core.documents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import org.safeguarding.gateway.security.CodedException;

/**
 * Decides what a file really is from its bytes (never from its name or declared type), allows
 * PDF, DOCX and plain text only, and makes a file name safe to show and save.
 */
public final class ContentInspector {

    public enum AllowedType {
        PDF("application/pdf", ".pdf"),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        TEXT("text/plain; charset=utf-8", ".txt");

        private final String mediaType;
        private final String extension;

        AllowedType(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    /** Thrown for content that is none of the allowed types. */
    public static class UnsupportedContent extends CodedException {
        public UnsupportedContent(String message) {
            super(Kind.UNSUPPORTED_MEDIA_TYPE, message);
        }
    }

    private static final int MAX_NAME = 100;
    private static final int MAX_ZIP_ENTRIES = 10_000;

    private ContentInspector() {}

    public static AllowedType sniff(byte[] content) {
        if (startsWith(content, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return AllowedType.PDF;
        }
        if (startsWith(content, new byte[] {'P', 'K', 3, 4})) {
            if (isWordDocument(content)) {
                return AllowedType.DOCX;
            }
            throw new UnsupportedContent("the file is a ZIP archive but not a Word (DOCX) document");
        }
        if (isPlainText(content)) {
            return AllowedType.TEXT;
        }
        throw new UnsupportedContent("only PDF, DOCX and plain UTF-8 text are accepted");
    }

    /** The base name only, letters, digits and {@code . _ - space}, at most 100 characters, with the type's extension. */
    public static String safeFileName(String declared, AllowedType type) {
        String name = declared == null ? "" : declared;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        name = name.replaceAll("[^A-Za-z0-9._ -]", "_").replaceAll("\\.{2,}", ".").replaceAll("_{2,}", "_").strip();
        name = name.replaceAll("^[.\\s_-]+", "");
        if (!name.toLowerCase(Locale.ROOT).endsWith(type.extension())) {
            int dot = name.lastIndexOf('.');
            name = (dot > 0 ? name.substring(0, dot) : name).strip() + type.extension();
        }
        if (name.equals(type.extension())) {
            name = "document" + type.extension();
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME - type.extension().length()).strip() + type.extension();
        }
        return name;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads only the ZIP central directory's entry names (nothing is inflated, so a compression
     * bomb costs nothing): a DOCX has [Content_Types].xml and a word/ part.
     */
    static boolean isWordDocument(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        int entries = Short.toUnsignedInt(b.getShort(end + 10));
        long offset = Integer.toUnsignedLong(b.getInt(end + 16));
        if (entries > MAX_ZIP_ENTRIES || offset >= zip.length) {
            return false;
        }
        boolean contentTypes = false;
        boolean wordPart = false;
        int p = (int) offset;
        for (int n = 0; n < entries; n++) {
            if (p + 46 > zip.length || b.getInt(p) != 0x02014b50) {
                return false;
            }
            int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(p + 32));
            if (p + 46 + nameLength > zip.length) {
                return false;
            }
            String name = new String(zip, p + 46, nameLength, StandardCharsets.UTF_8);
            contentTypes |= name.equals("[Content_Types].xml");
            wordPart |= name.startsWith("word/");
            p += 46 + nameLength + extraLength + commentLength;
        }
        return contentTypes && wordPart;
    }

    static boolean isPlainText(byte[] content) {
        if (content.length == 0) {
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            return text.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f);
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
