package io.mnemos.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser();

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainText() {
        ParsedDocument d = parser.parse(in("Hello world.\n\nSecond   paragraph here."), "notes.txt", "text/plain");
        assertThat(d.mediaType()).isEqualTo("text/plain");
        assertThat(d.title()).isEqualTo("notes");
        assertThat(d.text()).isEqualTo("Hello world.\n\nSecond paragraph here.");
    }

    @Test
    void markdownMarkupIsRemovedAndFirstHeadingIsTheTitle() {
        String md =
                """
                ---
                author: someone
                ---
                # Vector search *basics*

                Lucene builds an [HNSW](https://example.org/hnsw) graph with **quantized** vectors.

                - first item
                - second `item`

                ```java
                int x = 1;
                ```
                """;
        ParsedDocument d = parser.parse(in(md), "guide.md", null);
        assertThat(d.mediaType()).isEqualTo("text/markdown");
        assertThat(d.title()).isEqualTo("Vector search basics");
        assertThat(d.text())
                .contains("Lucene builds an HNSW graph with quantized vectors.")
                .contains("first item")
                .contains("second item")
                .contains("int x = 1;")
                .doesNotContain("](")
                .doesNotContain("**")
                .doesNotContain("author:");
    }

    @Test
    void html() {
        String html = "<html><head><title>Page title</title><script>var x=1;</script></head>"
                + "<body><h1>Heading</h1><p>Some <b>bold</b> text.</p><p>Another paragraph.</p></body></html>";
        ParsedDocument d = parser.parse(in(html), "page.html", "text/html");
        assertThat(d.mediaType()).isEqualTo("text/html");
        assertThat(d.title()).isEqualTo("Page title");
        assertThat(d.text())
                .contains("Some bold text.")
                .contains("Another paragraph.")
                .doesNotContain("var x");
    }

    @Test
    void pdfDetectedFromContentEvenWithoutName() throws IOException {
        byte[] pdf = pdf("Quantized HNSW keeps recall high.", "A PDF title");
        ParsedDocument d = parser.parse(new ByteArrayInputStream(pdf), null, "application/octet-stream");
        assertThat(d.mediaType()).isEqualTo("application/pdf");
        assertThat(d.title()).isEqualTo("A PDF title");
        assertThat(d.text()).contains("Quantized HNSW keeps recall high.");
    }

    @Test
    void unsupportedFormatIsRejected() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(png), "image.png", "image/png"))
                .isInstanceOf(UnsupportedDocumentException.class)
                .satisfies(e ->
                        assertThat(((DocumentParseException) e).mediaType()).isEqualTo("image/png"));
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(zip), "x.zip", null))
                .isInstanceOf(UnsupportedDocumentException.class);
    }

    @Test
    void brokenPdfAndEmptyDocumentsAreMalformed() {
        byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog garbage".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(broken), "broken.pdf", "application/pdf"))
                .isInstanceOf(MalformedDocumentException.class)
                .extracting(e -> ((DocumentParseException) e).mediaType())
                .isEqualTo("application/pdf");
        assertThatThrownBy(() -> parser.parse(in("   \n "), "empty.txt", "text/plain"))
                .isInstanceOf(MalformedDocumentException.class);
    }

    @Test
    void tooLongTextIsMalformed() {
        DocumentParser small = new DocumentParser(20);
        assertThatThrownBy(() -> small.parse(in("word ".repeat(100)), "a.txt", "text/plain"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("more than 20");
    }

    static byte[] pdf(String text, String title) throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            doc.setDocumentInformation(info);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText(text);
                cs.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
