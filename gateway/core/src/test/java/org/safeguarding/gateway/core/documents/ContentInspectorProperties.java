package org.safeguarding.gateway.core.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** What a file is comes from its bytes; what it is called is made safe whatever was sent. */
class ContentInspectorProperties {

    @Property
    void aSanitisedNameIsAlwaysSafe(@ForAll @StringLength(max = 300) String declared, @ForAll ContentInspector.AllowedType type) {
        String name = ContentInspector.safeFileName(declared, type);
        assertThat(name).matches("[A-Za-z0-9][A-Za-z0-9._ -]*").doesNotContain("..").hasSizeLessThanOrEqualTo(100)
                .endsWith(type.extension());
    }

    @Property
    void sniffingNeverFailsOtherThanByRefusing(@ForAll byte[] content) {
        try {
            assertThat(ContentInspector.sniff(content)).isNotNull();
        } catch (ContentInspector.UnsupportedContent refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Example
    void pdfDocxAndTextAreRecognised() throws IOException {
        assertThat(ContentInspector.sniff("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ContentInspector.AllowedType.PDF);
        assertThat(ContentInspector.sniff(zip("[Content_Types].xml", "word/document.xml"))).isEqualTo(ContentInspector.AllowedType.DOCX);
        assertThat(ContentInspector.sniff("Conference minutes\r\n\tAgreed actions: …".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ContentInspector.AllowedType.TEXT);
    }

    @Example
    void otherZipsImagesAndBinaryAreRefused() throws IOException {
        assertThatThrownBy(() -> ContentInspector.sniff(zip("[Content_Types].xml", "xl/workbook.xml")))
                .isInstanceOf(ContentInspector.UnsupportedContent.class);
        assertThatThrownBy(() -> ContentInspector.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
                .isInstanceOf(ContentInspector.UnsupportedContent.class);
        assertThatThrownBy(() -> ContentInspector.sniff("MZ\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(ContentInspector.UnsupportedContent.class);
        assertThatThrownBy(() -> ContentInspector.sniff(new byte[] {(byte) 0xC3, 0x28}))
                .as("invalid UTF-8").isInstanceOf(ContentInspector.UnsupportedContent.class);
    }

    @Example
    void namesLosePathsAndGainTheRealExtension() {
        assertThat(ContentInspector.safeFileName("C:\\Users\\sw\\minutes final.docx", ContentInspector.AllowedType.DOCX))
                .isEqualTo("minutes final.docx");
        assertThat(ContentInspector.safeFileName("report.exe", ContentInspector.AllowedType.PDF)).isEqualTo("report.pdf");
        assertThat(ContentInspector.safeFileName(null, ContentInspector.AllowedType.TEXT)).isEqualTo("document.txt");
        assertThat(ContentInspector.safeFileName("Zoë's plan.pdf", ContentInspector.AllowedType.PDF)).isEqualTo("Zoe_s plan.pdf");
    }

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
