package cn.sunlight.document;

import cn.sunlight.document.DocModel.Align;
import cn.sunlight.document.DocModel.Block;
import cn.sunlight.document.DocModel.Cell;
import cn.sunlight.document.DocModel.Para;
import cn.sunlight.document.DocModel.Row;
import cn.sunlight.document.DocModel.Rule;
import cn.sunlight.document.DocModel.Run;
import cn.sunlight.document.DocModel.Style;
import cn.sunlight.document.DocModel.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * Lays out a {@link DocModel.Doc}'s blocks on A4 pages and draws them, then adds the page-number footers.
 * One instance per document.
 */
final class PdfComposer {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN_X = 56.7f;       // 20 mm
    static final float MARGIN_TOP = 62.4f;     // 22 mm
    static final float MARGIN_BOTTOM = 62.4f;
    static final float LINE_HEIGHT = 1.5f;
    static final float FOOTER_SIZE = 9f;
    static final float FOOTER_BASELINE = 31f;
    static final float CELL_PAD_X = 4f;
    static final float CELL_PAD_Y = 3f;
    static final float BORDER = 0.5f;
    static final float HEADER_FILL = 0.92f;
    static final float CELL_PARA_GAP = 2f;
    static final float SYNTHETIC_BOLD_STROKE = 0.03f;
    /** Columns whose unwrapped content is at most this fraction of the table width are not wrapped. */
    static final float SHORT_COLUMN = 0.2f;

    private final PDDocument doc;
    private final Fonts fonts;
    private final float left = MARGIN_X;
    private final float width = PAGE.getWidth() - 2 * MARGIN_X;
    private final float top = PAGE.getHeight() - MARGIN_TOP;
    private final float bottom = MARGIN_BOTTOM;

    private PDPageContentStream cs;
    private float y;
    private boolean pageEmpty;
    private boolean strokedText;   // text rendering mode of the current content stream is fill+stroke
    private final List<PDPage> pages = new ArrayList<>();

    PdfComposer(PDDocument doc, Fonts fonts) {
        this.doc = doc;
        this.fonts = fonts;
    }

    int pageCount() {
        return pages.size();
    }

    /** Lays out and draws all blocks, then the footers "第 N 页 / 共 M 页". */
    void compose(List<Block> blocks) throws IOException {
        newPage();
        try {
            float gapAfterPrevious = 0;
            for (Block b : blocks) {
                switch (b) {
                    case Para p -> {
                        paragraph(p, gapAfterPrevious);
                        gapAfterPrevious = p.spaceAfter();
                    }
                    case Rule r -> {
                        rule(r, gapAfterPrevious);
                        gapAfterPrevious = 6f;
                    }
                    case Table t -> {
                        table(t, gapAfterPrevious);
                        gapAfterPrevious = 8f;
                    }
                }
            }
        } finally {
            cs.close();
        }
        footers();
    }

    // ---------------------------------------------------------------- pages

    private void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        pages.add(page);
        cs = new PDPageContentStream(doc, page);
        strokedText = false;
        y = top;
        pageEmpty = true;
    }

    private void footers() throws IOException {
        int total = pages.size();
        for (int i = 0; i < total; i++) {
            String text = "第 " + (i + 1) + " 页 / 共 " + total + " 页";
            try (PDPageContentStream fcs = new PDPageContentStream(doc, pages.get(i),
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                float w = 0;
                StringBuilder shown = new StringBuilder();
                for (int k = 0; k < text.length(); ) {
                    int cp = fonts.printable(text.codePointAt(k), false);
                    k += Character.charCount(text.codePointAt(k));
                    shown.appendCodePoint(cp);
                    w += fonts.advance(cp, false) * FOOTER_SIZE;
                }
                fcs.beginText();
                fcs.setFont(fonts.font(false), FOOTER_SIZE);
                fcs.setNonStrokingColor(0.4f);
                fcs.newLineAtOffset((PAGE.getWidth() - w) / 2, FOOTER_BASELINE);
                fcs.showText(shown.toString());
                fcs.endText();
            }
        }
    }

    // ---------------------------------------------------------------- paragraphs

    /** A paragraph's characters: code points for breaking, glyphs to draw, styles and widths. */
    private record Atoms(int[] cls, int[] glyphs, Style[] styles, float[] widths) {
        int size() {
            return cls.length;
        }
    }

    private record Line(int start, int end, float width, float height, float maxSize) {
    }

    /** A paragraph broken into lines for a given width. */
    private record Laid(Para para, Atoms atoms, List<Line> lines) {
        float height() {
            float h = 0;
            for (Line l : lines) {
                h += l.height();
            }
            return h;
        }
    }

    private Atoms atoms(Para p) throws IOException {
        List<Integer> cls = new ArrayList<>();
        List<Integer> glyphs = new ArrayList<>();
        List<Style> styles = new ArrayList<>();
        List<Float> widths = new ArrayList<>();
        for (Run run : p.runs()) {
            Style st = run.style();
            if ("\n".equals(run.text())) {
                cls.add(LineBreaker.NEWLINE);
                glyphs.add(LineBreaker.NEWLINE);
                styles.add(st);
                widths.add(0f);
                continue;
            }
            String s = run.text();
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isISOControl(cp) || cp == 0x00AD || cp == 0x200B || cp == 0xFEFF
                        || Character.getType(cp) == Character.FORMAT) {
                    continue;
                }
                int klass = cp;
                int glyph = cp;
                if (cp == 0x00A0 || cp == 0x202F) {
                    klass = 0x00A0;   // glue: not a break opportunity
                    glyph = ' ';
                } else if (cp == 0x3000) {
                    glyph = fonts.printable(cp, st.bold()) == cp ? cp : ' ';
                } else if (cp != ' ') {
                    glyph = fonts.printable(cp, st.bold());
                }
                cls.add(klass);
                glyphs.add(glyph);
                styles.add(st);
                widths.add(fonts.advance(glyph, st.bold()) * st.size());
            }
        }
        int n = cls.size();
        int[] c = new int[n];
        int[] g = new int[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = cls.get(i);
            g[i] = glyphs.get(i);
            w[i] = widths.get(i);
        }
        return new Atoms(c, g, styles.toArray(new Style[0]), w);
    }

    private Laid layout(Para p, float availableWidth) throws IOException {
        Atoms a = atoms(p);
        List<Line> lines = new ArrayList<>();
        for (int[] r : LineBreaker.breakLines(a.cls(), a.widths(), Math.max(1f, availableWidth - p.indent()))) {
            float w = 0;
            float max = 0;
            for (int i = r[0]; i < r[1]; i++) {
                w += a.widths()[i];
                max = Math.max(max, a.styles()[i].size());
            }
            if (max == 0) {
                max = p.baseStyle().size();
            }
            lines.add(new Line(r[0], r[1], w, max * LINE_HEIGHT, max));
        }
        if (lines.isEmpty() && p.marker() != null) {
            float s = p.baseStyle().size();
            lines.add(new Line(0, 0, 0, s * LINE_HEIGHT, s));
        }
        return new Laid(p, a, lines);
    }

    private void paragraph(Para p, float gapAfterPrevious) throws IOException {
        Laid l = layout(p, width);
        if (l.lines().isEmpty()) {
            return;
        }
        float gap = pageEmpty ? 0 : Math.max(gapAfterPrevious, p.spaceBefore());
        if (p.keepWithNext() && !pageEmpty) {
            // a heading is not left alone at the foot of a page
            float need = gap + l.height() + p.spaceAfter() + 2 * XhtmlReader.BASE_SIZE * LINE_HEIGHT;
            if (y - need < bottom) {
                newPage();
                gap = 0;
            }
        }
        y -= gap;
        boolean first = true;
        for (Line line : l.lines()) {
            if (y - line.height() < bottom - 0.01f && !pageEmpty) {
                newPage();
            }
            drawLine(l, line, first, left, width, y);
            y -= line.height();
            pageEmpty = false;
            first = false;
        }
    }

    private void drawLine(Laid l, Line line, boolean first, float x0, float avail, float lineTop)
            throws IOException {
        Para p = l.para();
        Atoms a = l.atoms();
        float x = x0 + p.indent();
        float free = avail - p.indent() - line.width();
        if (p.align() == Align.CENTER) {
            x += Math.max(0, free / 2);
        } else if (p.align() == Align.RIGHT) {
            x += Math.max(0, free);
        }
        float baseline = lineTop - line.height() / 2 - (fonts.ascent() - fonts.descent()) / 2 * line.maxSize();
        if (first && p.marker() != null) {
            drawMarker(p, x0 + p.indent(), baseline);
        }
        if (line.end() <= line.start()) {
            return;
        }
        boolean synthetic = false;
        for (int i = line.start(); i < line.end(); i++) {
            synthetic |= fonts.syntheticBold(a.styles()[i].bold());
        }
        if (synthetic) {
            cs.setLineWidth(line.maxSize() * SYNTHETIC_BOLD_STROKE);
        }
        cs.beginText();
        cs.newLineAtOffset(x, baseline);
        int i = line.start();
        while (i < line.end()) {
            Style st = a.styles()[i];
            StringBuilder sb = new StringBuilder();
            int j = i;
            while (j < line.end() && a.styles()[j].equals(st)) {
                sb.appendCodePoint(a.glyphs()[j]);
                j++;
            }
            applyStyle(st);
            cs.showText(sb.toString());
            i = j;
        }
        cs.endText();
    }

    private void applyStyle(Style st) throws IOException {
        cs.setFont(fonts.font(st.bold()), st.size());
        cs.setNonStrokingColor(st.gray());
        if (fonts.syntheticBold(st.bold())) {
            cs.setStrokingColor(st.gray());
            if (!strokedText) {
                cs.setRenderingMode(RenderingMode.FILL_STROKE);
                strokedText = true;
            }
        } else if (strokedText) {
            cs.setRenderingMode(RenderingMode.FILL);
            strokedText = false;
        }
    }

    private void drawMarker(Para p, float indentX, float baseline) throws IOException {
        Style st = p.baseStyle().bold(false);
        String marker = p.marker();
        if ("•".equals(marker) && fonts.printable('•', false) != '•') {
            marker = "·";
        }
        StringBuilder sb = new StringBuilder();
        float w = 0;
        for (int i = 0; i < marker.length(); ) {
            int cp = fonts.printable(marker.codePointAt(i), false);
            i += Character.charCount(marker.codePointAt(i));
            sb.appendCodePoint(cp);
            w += fonts.advance(cp, false) * st.size();
        }
        cs.beginText();
        applyStyle(st);
        cs.newLineAtOffset(indentX - w - 0.4f * st.size(), baseline);
        cs.showText(sb.toString());
        cs.endText();
    }

    // ---------------------------------------------------------------- rules

    private void rule(Rule r, float gapAfterPrevious) throws IOException {
        float gap = pageEmpty ? 0 : Math.max(gapAfterPrevious, 6f);
        y -= gap;
        if (y - 1 < bottom) {
            newPage();
        }
        cs.setStrokingColor(0.5f);
        cs.setLineWidth(0.75f);
        cs.moveTo(left + r.indent(), y - 0.5f);
        cs.lineTo(left + width, y - 0.5f);
        cs.stroke();
        y -= 1;
        pageEmpty = false;
    }

    // ---------------------------------------------------------------- tables

    private record CellLine(Laid laid, Line line, boolean firstOfPara, float gapBefore) {
    }

    private record LaidCell(float x, float w, boolean header, List<CellLine> lines) {
        float contentHeight(int from, int to) {
            float h = 0;
            for (int k = from; k < to; k++) {
                h += (k == from ? 0 : lines.get(k).gapBefore()) + lines.get(k).line().height();
            }
            return h;
        }
    }

    private record LaidRow(List<LaidCell> cells) {
        float height() {
            float h = 0;
            for (LaidCell c : cells) {
                h = Math.max(h, c.contentHeight(0, c.lines().size()));
            }
            return h + 2 * CELL_PAD_Y;
        }
    }

    private void table(Table t, float gapAfterPrevious) throws IOException {
        float x0 = left + t.indent();
        float tw = width - t.indent();
        int columns = 0;
        for (Row r : t.rows()) {
            columns = Math.max(columns, r.cells().stream().mapToInt(Cell::colspan).sum());
        }
        float[] colW = columnWidths(t, columns, tw);
        List<LaidRow> rows = new ArrayList<>();
        for (Row r : t.rows()) {
            rows.add(layoutRow(r, x0, colW));
        }
        float bodyHeight = top - bottom;
        float headerHeight = 0;
        for (int r = 0; r < t.headerRows(); r++) {
            headerHeight += rows.get(r).height();
        }
        boolean repeatHeader = t.headerRows() > 0 && headerHeight < bodyHeight / 3;

        float gap = pageEmpty ? 0 : Math.max(gapAfterPrevious, 6f);
        Laid caption = t.caption() == null ? null : layout(t.caption(), tw);
        // keep caption, header and the first body row together when they fit on a page
        float need = gap + (caption == null ? 0 : caption.height() + 4f) + headerHeight;
        if (t.headerRows() < rows.size()) {
            need += Math.min(rows.get(t.headerRows()).height(), bodyHeight / 4);
        }
        if (!pageEmpty && y - need < bottom) {
            newPage();
            gap = 0;
        }
        y -= gap;
        if (caption != null) {
            boolean first = true;
            for (Line line : caption.lines()) {
                drawLine(caption, line, first, x0, tw, y);
                y -= line.height();
                first = false;
            }
            y -= 4f;
            pageEmpty = false;
        }
        for (int r = 0; r < rows.size(); r++) {
            boolean isHeader = r < t.headerRows();
            LaidRow row = rows.get(r);
            float h = row.height();
            float fresh = bodyHeight - (repeatHeader && !isHeader ? headerHeight : 0);
            if (y - h < bottom - 0.01f && !pageEmpty && h <= fresh) {
                newPage();
                drawHeaderAgain(t, rows, repeatHeader && !isHeader);
            }
            drawRow(row, t, rows, !isHeader && repeatHeader);
        }
    }

    /** Draws a row, splitting it across pages (by lines) when it does not fit. */
    private void drawRow(LaidRow row, Table t, List<LaidRow> rows, boolean repeatHeader) throws IOException {
        int n = row.cells().size();
        int[] from = new int[n];
        boolean fresh = pageEmpty;
        while (true) {
            float avail = y - bottom - 2 * CELL_PAD_Y;
            int[] to = new int[n];
            boolean done = true;
            boolean progress = false;
            float content = 0;
            for (int c = 0; c < n; c++) {
                List<CellLine> lines = row.cells().get(c).lines();
                int k = from[c];
                float acc = 0;
                while (k < lines.size()) {
                    float lh = (k == from[c] ? 0 : lines.get(k).gapBefore()) + lines.get(k).line().height();
                    if (acc + lh > avail + 0.01f) {
                        break;
                    }
                    acc += lh;
                    k++;
                }
                if (k == from[c] && k < lines.size() && fresh) {
                    // not even one line fits on an empty page: draw it anyway
                    acc = lines.get(k).line().height();
                    k++;
                }
                to[c] = k;
                content = Math.max(content, acc);
                done &= k == lines.size();
                progress |= k > from[c];
            }
            boolean anyLeft = false;
            for (int c = 0; c < n; c++) {
                anyLeft |= from[c] < row.cells().get(c).lines().size();
            }
            if (!progress && anyLeft) {
                newPage();
                drawHeaderAgain(t, rows, repeatHeader);
                fresh = true;
                continue;
            }
            float sliceHeight = content + 2 * CELL_PAD_Y;
            drawSlice(row, from, to, sliceHeight);
            y -= sliceHeight;
            pageEmpty = false;
            if (done) {
                return;
            }
            newPage();
            drawHeaderAgain(t, rows, repeatHeader);
            fresh = true;
            from = to;
        }
    }

    private void drawHeaderAgain(Table t, List<LaidRow> rows, boolean repeatHeader) throws IOException {
        if (repeatHeader) {
            for (int k = 0; k < t.headerRows(); k++) {
                LaidRow h = rows.get(k);
                drawSlice(h, new int[h.cells().size()], ends(h), h.height());
                y -= h.height();
                pageEmpty = false;
            }
        }
    }

    private static int[] ends(LaidRow row) {
        int[] e = new int[row.cells().size()];
        for (int c = 0; c < e.length; c++) {
            e[c] = row.cells().get(c).lines().size();
        }
        return e;
    }

    private void drawSlice(LaidRow row, int[] from, int[] to, float h) throws IOException {
        float rowTop = y;
        // backgrounds
        for (LaidCell c : row.cells()) {
            if (c.header()) {
                cs.setNonStrokingColor(HEADER_FILL);
                cs.addRect(c.x(), rowTop - h, c.w(), h);
                cs.fill();
            }
        }
        // text
        for (int k = 0; k < row.cells().size(); k++) {
            LaidCell c = row.cells().get(k);
            float lineTop = rowTop - CELL_PAD_Y;
            for (int i = from[k]; i < to[k]; i++) {
                CellLine cl = c.lines().get(i);
                if (i > from[k]) {
                    lineTop -= cl.gapBefore();
                }
                drawLine(cl.laid(), cl.line(), cl.firstOfPara(), c.x() + CELL_PAD_X, c.w() - 2 * CELL_PAD_X,
                        lineTop);
                lineTop -= cl.line().height();
            }
        }
        // borders
        cs.setStrokingColor(0f);
        cs.setLineWidth(BORDER);
        for (LaidCell c : row.cells()) {
            cs.addRect(c.x(), rowTop - h, c.w(), h);
        }
        cs.stroke();
    }

    private LaidRow layoutRow(Row r, float x0, float[] colW) throws IOException {
        List<LaidCell> cells = new ArrayList<>();
        int col = 0;
        float x = x0;
        for (Cell cell : r.cells()) {
            float w = 0;
            for (int k = 0; k < cell.colspan() && col + k < colW.length; k++) {
                w += colW[col + k];
            }
            col += cell.colspan();
            List<CellLine> lines = new ArrayList<>();
            boolean firstPara = true;
            for (Para p : cell.paras()) {
                Laid l = layout(p, w - 2 * CELL_PAD_X);
                boolean firstLine = true;
                for (Line line : l.lines()) {
                    lines.add(new CellLine(l, line, firstLine, firstLine && !firstPara ? CELL_PARA_GAP : 0f));
                    firstLine = false;
                }
                firstPara = false;
            }
            cells.add(new LaidCell(x, w, cell.header(), lines));
            x += w;
        }
        // cells missing at the end of a short row are drawn empty so the grid stays closed
        while (col < colW.length) {
            cells.add(new LaidCell(x, colW[col], false, List.of()));
            x += colW[col];
            col++;
        }
        return new LaidRow(cells);
    }

    /**
     * Column widths shared by all rows: declared percentages first; the rest from each column's minimum
     * (widest unbreakable piece) and natural (unwrapped) width, filling the table width.
     */
    private float[] columnWidths(Table t, int columns, float tw) throws IOException {
        float[] min = new float[columns];
        float[] max = new float[columns];
        for (Row r : t.rows()) {
            int col = 0;
            for (Cell cell : r.cells()) {
                if (cell.colspan() == 1 && col < columns) {
                    for (Para p : cell.paras()) {
                        float[] mm = measure(p);
                        min[col] = Math.max(min[col], mm[0]);
                        max[col] = Math.max(max[col], mm[1]);
                    }
                }
                col += cell.colspan();
            }
        }
        float pad = 2 * CELL_PAD_X;
        float[] w = new float[columns];
        boolean[] fixed = new boolean[columns];
        float fixedSum = 0;
        for (int c = 0; c < columns; c++) {
            min[c] = Math.min(min[c] + pad, Math.max(pad + 12f, tw * 0.4f));
            max[c] = Math.max(max[c] + pad, min[c]);
            if (max[c] <= tw * SHORT_COLUMN) {
                min[c] = max[c]; // short content (numbers, labels) is not wrapped
            }
            Float pct = c < t.percentWidths().size() ? t.percentWidths().get(c) : null;
            if (pct != null && pct > 0) {
                w[c] = tw * pct / 100f;
                fixed[c] = true;
                fixedSum += w[c];
            }
        }
        float remaining = tw - fixedSum;
        float sumMin = 0;
        float sumMax = 0;
        int free = 0;
        for (int c = 0; c < columns; c++) {
            if (!fixed[c]) {
                sumMin += min[c];
                sumMax += max[c];
                free++;
            }
        }
        if (free == 0 || remaining <= 0) {
            // only declared widths (or too many of them): scale to the table width
            float sum = 0;
            for (int c = 0; c < columns; c++) {
                if (!fixed[c]) {
                    w[c] = min[c];
                }
                sum += w[c];
            }
            for (int c = 0; c < columns; c++) {
                w[c] = w[c] * tw / sum;
            }
            return w;
        }
        for (int c = 0; c < columns; c++) {
            if (fixed[c]) {
                continue;
            }
            if (sumMax <= remaining) {
                w[c] = max[c] + (remaining - sumMax) * max[c] / sumMax;
            } else if (sumMin >= remaining) {
                w[c] = min[c] * remaining / sumMin;
            } else {
                float spread = sumMax - sumMin;
                w[c] = min[c] + (remaining - sumMin) * (spread == 0 ? 1f / free : (max[c] - min[c]) / spread);
            }
        }
        return w;
    }

    /** {widest unbreakable piece, widest unwrapped line} of a paragraph, including its indent. */
    private float[] measure(Para p) throws IOException {
        Atoms a = atoms(p);
        float minW = 0;
        float maxW = 0;
        float piece = 0;
        float line = 0;
        for (int i = 0; i < a.size(); i++) {
            int cp = a.cls()[i];
            if (cp == LineBreaker.NEWLINE) {
                maxW = Math.max(maxW, line);
                line = 0;
                piece = 0;
                continue;
            }
            if (i > 0 && LineBreaker.canBreakBetween(a.cls()[i - 1], cp)) {
                piece = 0;
            }
            line += a.widths()[i];
            if (cp != ' ') {
                piece += a.widths()[i];
                minW = Math.max(minW, piece);
            }
        }
        maxW = Math.max(maxW, line);
        return new float[] {minW + p.indent(), maxW + p.indent()};
    }
}
