package cn.sunlight.document;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The fonts of one document being rendered: regular and bold TrueType fonts, loaded with subset embedding
 * (the bold one only when first used). Without a bold font file, bold text is drawn with the regular font,
 * filled and stroked ("synthetic bold"). Caches glyph availability and advance widths per code point.
 * Not thread-safe: one instance per document.
 */
final class Fonts {

    /** Drawn instead of a character the font has no glyph for. */
    private static final int[] REPLACEMENTS = {0x25A1, '?'};

    private final PDDocument doc;
    private final Path boldPath;
    private final PDType0Font regular;
    private PDType0Font bold;
    private final Map<Integer, Float> regularAdvance = new HashMap<>();
    private final Map<Integer, Float> boldAdvance = new HashMap<>();
    private final float ascent;
    private final float descent;

    /**
     * @param boldPath the bold font file, or null to use synthetic bold
     */
    Fonts(PDDocument doc, Path regularPath, Path boldPath) throws IOException {
        this.doc = doc;
        this.boldPath = boldPath;
        this.regular = PDType0Font.load(doc, regularPath.toFile());
        PDFontDescriptor fd = regular.getFontDescriptor();
        float a = fd == null ? 0 : fd.getAscent() / 1000f;
        float d = fd == null ? 0 : -fd.getDescent() / 1000f;
        if (a <= 0.3f || a > 1.5f || d < 0 || d > 0.6f) {
            a = 0.88f;
            d = 0.12f;
        }
        this.ascent = a;
        this.descent = d;
    }

    PDType0Font font(boolean wantBold) throws IOException {
        if (!wantBold || boldPath == null) {
            return regular;
        }
        if (bold == null) {
            bold = PDType0Font.load(doc, boldPath.toFile());
        }
        return bold;
    }

    /** Whether bold text is simulated by stroking the regular font. */
    boolean syntheticBold(boolean wantBold) {
        return wantBold && boldPath == null;
    }

    /** Ascent above the baseline, as a fraction of the font size. */
    float ascent() {
        return ascent;
    }

    /** Descent below the baseline (positive), as a fraction of the font size. */
    float descent() {
        return descent;
    }

    /** Advance width at size 1 (points per point of font size), or NaN when the font lacks the glyph. */
    float advance(int cp, boolean wantBold) throws IOException {
        Map<Integer, Float> cache = wantBold && boldPath != null ? boldAdvance : regularAdvance;
        Float w = cache.get(cp);
        if (w == null) {
            PDType0Font f = font(wantBold);
            try {
                w = f.getStringWidth(new String(Character.toChars(cp))) / 1000f;
            } catch (IllegalArgumentException | IOException noGlyph) {
                w = Float.NaN;
            }
            cache.put(cp, w);
        }
        return w;
    }

    /** The code point to draw for {@code cp}: itself when the font has it, else a replacement mark. */
    int printable(int cp, boolean wantBold) throws IOException {
        if (!Float.isNaN(advance(cp, wantBold))) {
            return cp;
        }
        for (int r : REPLACEMENTS) {
            if (!Float.isNaN(advance(r, wantBold))) {
                return r;
            }
        }
        return ' ';
    }
}
