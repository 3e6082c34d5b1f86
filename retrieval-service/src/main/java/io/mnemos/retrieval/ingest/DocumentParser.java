package io.mnemos.retrieval.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts plain text from plain text, Markdown, HTML and PDF files with Apache Tika (only its text, HTML and PDF parser
 * modules are on the class path, not the ~60-format standard package).
 *
 * <p>The format is detected from the content (magic bytes) and the file name; a declared content type is used as a
 * hint only. Markdown is read as UTF-8 text and its markup is removed here (Tika has no Markdown parser); its first
 * heading becomes the title. Thread-safe.
 *
 * @throws UnsupportedDocumentException (from {@link #parse}) for any other format
 * @throws MalformedDocumentException (from {@link #parse}) for broken or encrypted files, files with no text, or text
 *     longer than {@code maxChars}
 */
public final class DocumentParser {

    /** Default cap on extracted characters (about 1.5M words). */
    public static final int DEFAULT_MAX_CHARS = 10_000_000;

    private static final Set<String> MARKDOWN = Set.of("text/markdown", "text/x-web-markdown", "text/x-markdown");
    private static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml");

    private final Detector detector = TikaConfig.getDefaultConfig().getDetector();
    private final Parser txt = new TXTParser();
    private final Parser html = new JSoupParser();
    private final Parser pdf = new PDFParser();
    private final int maxChars;

    public DocumentParser() {
        this(DEFAULT_MAX_CHARS);
    }

    public DocumentParser(int maxChars) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        this.maxChars = maxChars;
    }

    /**
     * Parses a file.
     *
     * @param in the content; read fully, not closed
     * @param fileName the original file name (used for detection and as fallback title); may be null
     * @param declaredContentType the client's content type (a hint; {@code application/octet-stream} and null mean
     *     unknown)
     */
    public ParsedDocument parse(InputStream in, String fileName, String declaredContentType) {
        String mediaType = "application/octet-stream";
        try (TikaInputStream tis = TikaInputStream.get(new BufferedInputStream(in))) {
            mediaType = detect(tis, fileName, declaredContentType);
            String fallbackTitle = fileName == null ? "" : stripExtension(fileName);
            if (MARKDOWN.contains(mediaType)) {
                return parseMarkdown(tis, fallbackTitle, mediaType);
            }
            Parser parser;
            if (HTML.contains(mediaType)) {
                parser = html;
            } else if (mediaType.equals("application/pdf")) {
                parser = pdf;
            } else if (mediaType.equals("text/plain")) {
                parser = txt;
            } else {
                throw new UnsupportedDocumentException(
                        "Unsupported document type " + mediaType + " (supported: text, Markdown, HTML, PDF)",
                        mediaType);
            }
            return parseWithTika(parser, tis, fallbackTitle, mediaType);
        } catch (IOException e) {
            throw new MalformedDocumentException("Could not read the document: " + e.getMessage(), mediaType, e);
        }
    }

    private String detect(TikaInputStream tis, String fileName, String declared) throws IOException {
        Metadata md = new Metadata();
        if (fileName != null) {
            md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (declared != null && !declared.isBlank() && !declared.startsWith("application/octet-stream")) {
            md.set(Metadata.CONTENT_TYPE, declared);
        }
        MediaType type = detector.detect(tis, md);
        String base = type.getBaseType().toString();
        // A declared Markdown type or a .md name wins over "text/plain" (both are plain text to the magic detector).
        boolean mdName = fileName != null
                && (fileName.toLowerCase(Locale.ROOT).endsWith(".md")
                        || fileName.toLowerCase(Locale.ROOT).endsWith(".markdown"));
        boolean mdDeclared = declared != null
                && MARKDOWN.contains(declared.split(";")[0].trim().toLowerCase(Locale.ROOT));
        if ((mdName || mdDeclared) && (base.equals("text/plain") || MARKDOWN.contains(base))) {
            return "text/markdown";
        }
        if (base.startsWith("text/") && !HTML.contains(base) && !MARKDOWN.contains(base) && isPlainTextLike(base)) {
            return "text/plain";
        }
        return base;
    }

    private static boolean isPlainTextLike(String base) {
        // Source code, CSV and the like are text Tika can read verbatim; treat them as plain text.
        return !base.equals("text/rtf");
    }

    private ParsedDocument parseWithTika(Parser parser, TikaInputStream tis, String fallbackTitle, String mediaType)
            throws IOException {
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        Metadata md = new Metadata();
        ParseContext ctx = new ParseContext();
        ctx.set(Parser.class, parser);
        try {
            parser.parse(tis, handler, md, ctx);
        } catch (EncryptedDocumentException e) {
            throw new MalformedDocumentException("The document is encrypted", mediaType, e);
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new MalformedDocumentException(
                        "The document has more than " + maxChars + " characters of text", mediaType, e);
            }
            throw new MalformedDocumentException("Could not parse the document: " + e.getMessage(), mediaType, e);
        } catch (TikaException | RuntimeException e) {
            throw new MalformedDocumentException("Could not parse the document: " + e.getMessage(), mediaType, e);
        }
        String text = normalise(handler.toString());
        if (text.isBlank()) {
            throw new MalformedDocumentException(
                    "The document has no extractable text (a scanned PDF needs OCR first)", mediaType, null);
        }
        String title = md.get(TikaCoreProperties.TITLE);
        title = title == null || title.isBlank() ? fallbackTitle : title.strip();
        Map<String, String> meta = new LinkedHashMap<>();
        for (String name : md.names()) {
            String v = md.get(name);
            if (v != null && !v.isBlank() && v.length() <= 256 && !name.startsWith("X-TIKA")) {
                meta.put(name, v.strip());
            }
        }
        return new ParsedDocument(title, text, mediaType, meta);
    }

    private ParsedDocument parseMarkdown(InputStream in, String fallbackTitle, String mediaType) throws IOException {
        byte[] bytes = in.readNBytes(maxChars * 4 + 1);
        if (bytes.length > maxChars * 4) {
            throw new MalformedDocumentException(
                    "The document has more than " + maxChars + " characters of text", mediaType, null);
        }
        String raw = new String(bytes, StandardCharsets.UTF_8);
        if (raw.indexOf('\u0000') >= 0) {
            throw new MalformedDocumentException("The Markdown file contains binary data", mediaType, null);
        }
        MarkdownText md = MarkdownText.strip(raw);
        String text = normalise(md.text());
        if (text.isBlank()) {
            throw new MalformedDocumentException("The document has no text", mediaType, null);
        }
        String title = md.title().isBlank() ? fallbackTitle : md.title();
        return new ParsedDocument(title, text, mediaType, Map.of());
    }

    /** Collapses runs of spaces, keeps paragraph breaks (blank lines), trims. */
    static String normalise(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n').replace('\u00a0', ' ');
        t = t.replaceAll("[ \\t\\x0B\\f]+", " ");
        t = t.replaceAll(" *\n *", "\n");
        t = t.replaceAll("\n{3,}", "\n\n");
        return t.strip();
    }

    private static String stripExtension(String fileName) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Minimal Markdown → text: drops markup, keeps the words. */
    record MarkdownText(String title, String text) {
        private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
        private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
        private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
        private static final Pattern REF_LINK = Pattern.compile("\\[([^\\]]+)]\\[[^\\]]*]");
        private static final Pattern LINK_DEF = Pattern.compile("^\\s*\\[[^\\]]+]:\\s+\\S+.*$");
        private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|~~)(\\S(?:.*?\\S)?)\\1");
        private static final Pattern INLINE_CODE = Pattern.compile("`([^`]*)`");
        private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
        private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*+]|\\d+[.)])\\s+");
        private static final Pattern QUOTE = Pattern.compile("^\\s*>+\\s?");
        private static final Pattern RULE = Pattern.compile("^\\s*([-*_])(\\s*\\1){2,}\\s*$");
        private static final Pattern TABLE_SEP =
                Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

        static MarkdownText strip(String raw) {
            StringBuilder out = new StringBuilder(raw.length());
            String title = "";
            boolean inFence = false;
            String[] lines = raw.replace("\r\n", "\n").split("\n", -1);
            int start = 0;
            // YAML front matter
            if (lines.length > 0 && lines[0].strip().equals("---")) {
                for (int i = 1; i < lines.length; i++) {
                    if (lines[i].strip().equals("---")) {
                        start = i + 1;
                        break;
                    }
                }
            }
            for (int i = start; i < lines.length; i++) {
                String line = lines[i];
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    inFence = !inFence;
                    out.append('\n');
                    continue;
                }
                if (inFence) {
                    out.append(line).append('\n');
                    continue;
                }
                if (RULE.matcher(line).matches()
                        || TABLE_SEP.matcher(line).matches()
                        || LINK_DEF.matcher(line).matches()) {
                    out.append('\n');
                    continue;
                }
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    String heading = inline(h.group(1));
                    if (title.isEmpty()) {
                        title = heading;
                    }
                    // a heading is its own paragraph, ended like a sentence so the splitter keeps it apart
                    out.append('\n')
                            .append(heading)
                            .append(endsLikeSentence(heading) ? "" : ".")
                            .append("\n\n");
                    continue;
                }
                line = QUOTE.matcher(line).replaceFirst("");
                line = LIST_MARK.matcher(line).replaceFirst("");
                line = line.replace('|', ' ');
                out.append(inline(line)).append('\n');
            }
            return new MarkdownText(title, out.toString());
        }

        private static boolean endsLikeSentence(String s) {
            return !s.isEmpty() && ".!?:".indexOf(s.charAt(s.length() - 1)) >= 0;
        }

        private static String inline(String s) {
            String t = IMAGE.matcher(s).replaceAll("$1");
            t = LINK.matcher(t).replaceAll("$1");
            t = REF_LINK.matcher(t).replaceAll("$1");
            t = INLINE_CODE.matcher(t).replaceAll("$1");
            t = HTML_TAG.matcher(t).replaceAll("");
            for (int i = 0; i < 2; i++) {
                t = EMPHASIS.matcher(t).replaceAll("$2");
            }
            return t.strip();
        }
    }
}
