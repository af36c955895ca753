package cn.sunlight.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import java.util.logging.Level;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Renders XHTML to an A4 PDF with <a href="https://github.com/openhtmltopdf/openhtmltopdf">openhtmltopdf</a>
 * (CSS 2.1 with paged media, on PDFBox 3), embedding a subset of a CJK TrueType font.
 * <p>
 * The page set-up is the print stylesheet {@code print.css} in the templates directory (operator-editable, read on
 * every call): {@code @page} size and margins, the footer "第 N 页 / 共 M 页", repeating table headers, line breaking.
 * It is added after the template's own {@code <style>}, so it wins where both set the same property.
 * See docs/documents.md.
 * <p>
 * The input is parsed here first, as plain XML without DTDs or external entities, so a template that is not
 * well-formed fails with its line and column ({@link InvalidDocumentException}); the renderer then fetches nothing
 * (no external CSS, image, font or file: every external resource is refused).
 * <p>
 * Output is deterministic for a given input, fonts, stylesheet and clock instant: the info dates come from the
 * clock, the {@code /ID} is derived from the content, and the font subset's tag from the glyphs it holds.
 * Thread-safe: each call builds its own renderer and document.
 */
@ApplicationScoped
public class PdfRenderer {

    public static final String DEFAULT_REGULAR_FONT = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    public static final String DEFAULT_BOLD_FONT = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf";
    /** The print stylesheet, in the templates directory. */
    public static final String STYLESHEET = "print.css";
    /** The CSS font family the configured font is registered under (print.css uses it). */
    public static final String FONT_FAMILY = "document-cjk";
    public static final String PRODUCER = "Sunlight";

    private static final Logger LOG = Logger.getLogger(PdfRenderer.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String XHTML_NS = "http://www.w3.org/1999/xhtml";

    static {
        // openhtmltopdf logs its progress at INFO through its own console handler: route it to our log instead,
        // progress at DEBUG, CSS and layout problems at WARN
        XRLog.setLoggerImpl(new JbossXrLogger());
    }

    private final Path regularFont;
    private final Path boldFont;   // null: bold text is set in the regular font
    private final Path stylesheet;
    private final Clock clock;

    @Inject
    PdfRenderer(@ConfigProperty(name = "sunlight.documents.font.regular", defaultValue = DEFAULT_REGULAR_FONT)
                String regularFont,
                @ConfigProperty(name = "sunlight.documents.font.bold", defaultValue = DEFAULT_BOLD_FONT)
                String boldFont,
                @ConfigProperty(name = "sunlight.templates.dir", defaultValue = "templates") String templatesDir) {
        this(Path.of(regularFont), boldFont.isBlank() ? null : Path.of(boldFont),
                Path.of(templatesDir).resolve(STYLESHEET), Clock.systemUTC());
    }

    /**
     * For use without CDI, with the stylesheet {@code templates/print.css} (relative to the working directory).
     *
     * @param regularFont a TrueType (glyf) font file with CJK coverage
     * @param boldFont    its bold face; null or a missing file means bold text uses the regular font
     */
    public PdfRenderer(Path regularFont, Path boldFont) {
        this(regularFont, boldFont, Clock.systemUTC());
    }

    /** As {@link #PdfRenderer(Path, Path)}, with the clock that dates documents (fixed clock: byte-identical output). */
    public PdfRenderer(Path regularFont, Path boldFont, Clock clock) {
        this(regularFont, boldFont, Path.of("templates", STYLESHEET), clock);
    }

    /** As {@link #PdfRenderer(Path, Path, Clock)}, with the print stylesheet to apply. */
    public PdfRenderer(Path regularFont, Path boldFont, Path stylesheet, Clock clock) {
        this.regularFont = Objects.requireNonNull(regularFont, "regularFont");
        if (!Files.isReadable(regularFont)) {
            throw new IllegalStateException("Document font not found or unreadable: " + regularFont
                    + " (config sunlight.documents.font.regular)");
        }
        if (boldFont != null && !Files.isReadable(boldFont)) {
            LOG.warnf("Bold document font %s not found; bold text uses the regular font", boldFont);
            boldFont = null;
        }
        this.boldFont = boldFont;
        this.stylesheet = Objects.requireNonNull(stylesheet, "stylesheet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Renders XHTML to PDF bytes.
     *
     * @throws InvalidDocumentException when the input is not well-formed XML
     * @throws UncheckedIOException     when a font or the stylesheet cannot be read
     */
    public byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        render(xhtml, out);
        return out.toByteArray();
    }

    /**
     * Renders XHTML to PDF, writing it to {@code out} (not closed). Nothing is written when the input is
     * rejected.
     *
     * @throws InvalidDocumentException when the input is not well-formed XML
     * @throws UncheckedIOException     when a font or the stylesheet cannot be read, or {@code out} fails
     */
    public void render(String xhtml, OutputStream out) {
        Document dom = parse(xhtml);
        String css = readStylesheet();
        Element html = dom.getDocumentElement();
        String title = addPrintStylesheet(dom, css);
        String lang = html.getAttribute("lang");
        if (lang.isEmpty()) {
            lang = html.getAttributeNS(XMLConstants.XML_NS_URI, "lang");
        }

        PdfRendererBuilder builder = new PdfRendererBuilder()
                .useFastMode()
                .withW3cDocument(dom, stylesheet.toAbsolutePath().getParent().toUri().toString())
                .useDefaultPageSize(210, 297, PdfRendererBuilder.PageSizeUnits.MM)
                .withProducer(PRODUCER)
                // templates are operator-editable: nothing is fetched from disk or network while rendering
                .useExternalResourceAccessControl((uri, type) -> false,
                        ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                .useExternalResourceAccessControl((uri, type) -> false,
                        ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        // also the fallback for any other family a template names: every glyph comes from the CJK font
        EnumSet<FSFontUseCase> uses = EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.FALLBACK_PRE);
        builder.useFont(regularFont.toFile(), FONT_FAMILY, 400, FontStyle.NORMAL, true, uses);
        if (boldFont != null) {
            builder.useFont(boldFont.toFile(), FONT_FAMILY, 700, FontStyle.NORMAL, true, uses);
        }

        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            PDDocument doc = renderer.createPDFKeepOpen();
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone(ZONE), Locale.ROOT);
            created.setTimeInMillis(clock.millis());
            PDDocumentInformation info = new PDDocumentInformation();
            if (!title.isEmpty()) {
                info.setTitle(title);
            }
            info.setProducer(PRODUCER);
            info.setCreator(PRODUCER);
            info.setCreationDate(created);
            info.setModificationDate(created);
            doc.setDocumentInformation(info);
            doc.getDocumentCatalog().setLanguage(lang.isEmpty() ? "zh-CN" : lang);
            PDViewerPreferences prefs = new PDViewerPreferences(new COSDictionary());
            prefs.setDisplayDocTitle(true);
            doc.getDocumentCatalog().setViewerPreferences(prefs);
            setDocumentId(doc, xhtml + css, created.getTimeInMillis());
            doc.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render PDF: " + e.getMessage(), e);
        }
    }

    private String readStylesheet() {
        try {
            return Files.readString(stylesheet, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the print stylesheet " + stylesheet.toAbsolutePath()
                    + " (config sunlight.templates.dir)", e);
        }
    }

    /**
     * Appends {@code <style media="print">css</style>} as the last child of {@code <head>} (created if missing), so
     * the print rules come after the template's own; returns the document title.
     */
    private static String addPrintStylesheet(Document dom, String css) {
        Element html = dom.getDocumentElement();
        String ns = html.getNamespaceURI() == null ? null : XHTML_NS;
        Element head = null;
        for (Node n = html.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "head".equals(e.getLocalName())) {
                head = e;
                break;
            }
        }
        if (head == null) {
            head = dom.createElementNS(ns, "head");
            html.insertBefore(head, html.getFirstChild());
        }
        Element style = dom.createElementNS(ns, "style");
        style.setAttribute("media", "print");
        style.appendChild(dom.createTextNode(css));
        head.appendChild(style);
        NodeList titles = head.getElementsByTagNameNS("*", "title");
        return titles.getLength() == 0 ? "" : titles.item(0).getTextContent().strip().replaceAll("\\s+", " ");
    }

    /** A fixed /ID from the content and date, so the same input gives the same file. */
    private void setDocumentId(PDDocument doc, String content, long millis) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            sha.update(Long.toString(millis).getBytes(StandardCharsets.US_ASCII));
            sha.update(regularFont.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            byte[] id = Arrays.copyOf(sha.digest(), 16);
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().getTrailer().setItem(COSName.ID, ids);
            doc.setDocumentId(millis);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** openhtmltopdf's log, into ours. */
    private static final class JbossXrLogger implements XRLogger {
        @Override
        public void log(String where, Level level, String msg) {
            log(where, level, msg, null);
        }

        @Override
        public void log(String where, Level level, String msg, Throwable th) {
            if (level.intValue() >= Level.WARNING.intValue()) {
                LOG.warnf(th, "PDF layout (%s): %s", where, msg);
            } else {
                LOG.debugf(th, "PDF layout (%s): %s", where, msg);
            }
        }

        @Override
        public void setLevel(String logger, Level level) {
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic d) {
            return d.getLevel().intValue() >= Level.WARNING.intValue() || LOG.isDebugEnabled();
        }
    }

    /**
     * Parses XHTML as namespace-aware XML, never fetching a DTD or entity.
     *
     * @throws InvalidDocumentException naming the line and column when it is not well-formed
     */
    static Document parse(String xhtml) {
        if (xhtml == null) {
            throw new InvalidDocumentException("XHTML input is null", -1, -1, null);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setValidating(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            // never fetch anything: an external DTD or entity resolves to nothing
            b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new InputSource(new StringReader(xhtml)));
        } catch (SAXParseException e) {
            throw new InvalidDocumentException("Malformed XHTML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (SAXException e) {
            throw new InvalidDocumentException("Malformed XHTML: " + e.getMessage(), -1, -1, e);
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("Cannot set up the XML parser", e);
        }
    }
}
