package cn.sunlight.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Renders a documented XHTML subset to an A4 PDF with PDFBox, embedding subsets of a CJK TrueType font.
 *
 * <h2>Supported XHTML</h2>
 * The input must be well-formed XML (the XHTML namespace is optional; HTML named entities such as
 * {@code &nbsp;} are not declared in XML: use numeric references like {@code &#160;}).
 * <ul>
 * <li>{@code <head>}: only {@code <title>} is used (PDF title); {@code <style>}, {@code <script>} and the
 * rest are ignored.</li>
 * <li>Blocks: {@code h1} (centred, 18 pt), {@code h2} (14 pt), {@code h3}–{@code h6} (12 pt), {@code p},
 * {@code ul}/{@code ol}/{@code li} (nested, {@code ol start}), {@code table}, {@code hr}, and containers
 * {@code div section article header footer main nav aside address figure blockquote dl dt dd center}.</li>
 * <li>Inline: {@code strong}/{@code b} (bold), {@code small} (smaller, grey), {@code br}; any other element
 * ({@code span a em i u code time …}) renders its text in the surrounding style.</li>
 * <li>Tables: {@code caption}, {@code colgroup}/{@code col}, {@code thead}/{@code tbody}/{@code tfoot},
 * {@code tr}, {@code th} (bold, shaded, centred) and {@code td}, {@code colspan} (no {@code rowspan}).
 * Bordered grid; column widths are shared by all rows, taken from {@code width="NN%"} on {@code col} or
 * first-row cells, else from the content; cell text wraps; a row taller than a page is split;
 * {@code thead} rows (or leading all-{@code th} rows) repeat after a page break. Nested tables are
 * flattened to one paragraph per row.</li>
 * <li>Attributes: {@code class="meta"} or {@code class="small"} (9 pt grey small print),
 * {@code class="bold"}, {@code class="center|right|left"}, {@code style="text-align: …; font-weight: …;
 * width: NN%"}, {@code align}.</li>
 * <li>Images, forms, scripts and media are skipped. {@code pre} does not keep whitespace.</li>
 * </ul>
 * Line breaking: see {@link LineBreaker}. Every page has the footer "第 N 页 / 共 M 页".
 *
 * <p>Output is deterministic for a given input, fonts and clock instant: the document ID is derived
 * from the content. Thread-safe: each call works on its own {@link PDDocument}.
 */
@ApplicationScoped
public class PdfRenderer {

    public static final String DEFAULT_REGULAR_FONT = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    public static final String DEFAULT_BOLD_FONT = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf";
    public static final String PRODUCER = "Sunlight";

    private static final Logger LOG = Logger.getLogger(PdfRenderer.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Path regularFont;
    private final Path boldFont;   // null: synthetic bold from the regular font
    private final Clock clock;

    @Inject
    PdfRenderer(@ConfigProperty(name = "sunlight.documents.font.regular", defaultValue = DEFAULT_REGULAR_FONT)
                String regularFont,
                @ConfigProperty(name = "sunlight.documents.font.bold", defaultValue = DEFAULT_BOLD_FONT)
                String boldFont) {
        this(Path.of(regularFont), boldFont.isBlank() ? null : Path.of(boldFont), Clock.systemUTC());
    }

    /**
     * For use without CDI.
     *
     * @param regularFont a TrueType (glyf) font file with CJK coverage
     * @param boldFont    its bold face; null or a missing file means bold is simulated from the regular font
     */
    public PdfRenderer(Path regularFont, Path boldFont) {
        this(regularFont, boldFont, Clock.systemUTC());
    }

    /** As {@link #PdfRenderer(Path, Path)}, with the clock that dates documents (fixed clock: byte-identical output). */
    public PdfRenderer(Path regularFont, Path boldFont, Clock clock) {
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
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Renders XHTML to PDF bytes.
     *
     * @throws InvalidDocumentException when the input is not well-formed XML
     * @throws UncheckedIOException     when a font cannot be read
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
     * @throws UncheckedIOException     when a font cannot be read or {@code out} fails
     */
    public void render(String xhtml, OutputStream out) {
        DocModel.Doc model = XhtmlReader.read(xhtml);
        try (PDDocument doc = new PDDocument()) {
            Fonts fonts = new Fonts(doc, regularFont, boldFont);
            new PdfComposer(doc, fonts).compose(model.blocks());

            Calendar created = new GregorianCalendar(TimeZone.getTimeZone(ZONE), Locale.ROOT);
            created.setTimeInMillis(clock.millis());
            PDDocumentInformation info = doc.getDocumentInformation();
            if (!model.title().isEmpty()) {
                info.setTitle(model.title());
            }
            info.setProducer(PRODUCER);
            info.setCreator(PRODUCER);
            info.setCreationDate(created);
            info.setModificationDate(created);
            doc.getDocumentCatalog().setLanguage(model.lang().isEmpty() ? "zh-CN" : model.lang());
            PDViewerPreferences prefs = new PDViewerPreferences(new org.apache.pdfbox.cos.COSDictionary());
            prefs.setDisplayDocTitle(true);
            doc.getDocumentCatalog().setViewerPreferences(prefs);
            setDocumentId(doc, xhtml, created.getTimeInMillis());
            doc.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render PDF: " + e.getMessage(), e);
        }
    }

    /** A fixed /ID from the content and date, so the same input gives the same file. */
    private void setDocumentId(PDDocument doc, String xhtml, long millis) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(xhtml.getBytes(StandardCharsets.UTF_8));
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
}
