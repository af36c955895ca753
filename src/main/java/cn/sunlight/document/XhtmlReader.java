package cn.sunlight.document;

import cn.sunlight.document.DocModel.Align;
import cn.sunlight.document.DocModel.Block;
import cn.sunlight.document.DocModel.Cell;
import cn.sunlight.document.DocModel.Doc;
import cn.sunlight.document.DocModel.Para;
import cn.sunlight.document.DocModel.Row;
import cn.sunlight.document.DocModel.Rule;
import cn.sunlight.document.DocModel.Run;
import cn.sunlight.document.DocModel.Style;
import cn.sunlight.document.DocModel.Table;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads well-formed XHTML with the JDK's XML parser and turns the supported subset into a {@link Doc}.
 * Whitespace collapses as in HTML ({@code white-space: normal}); a line break in the source between two
 * CJK characters disappears instead of becoming a space (CSS Text 3 segment-break rule).
 */
final class XhtmlReader {

    static final float BASE_SIZE = 10.5f;      // 五号
    static final float META_SIZE = 9f;         // 小五
    static final float META_GRAY = 0.35f;
    static final float LIST_INDENT = 2 * BASE_SIZE;

    private static final Set<String> IGNORED = Set.of("head", "title", "style", "script", "template", "img",
            "svg", "object", "iframe", "meta", "link", "input", "button", "select", "textarea", "audio", "video",
            "canvas", "map", "noscript");
    private static final Set<String> CONTAINERS = Set.of("html", "body", "div", "section", "article", "header",
            "footer", "main", "nav", "aside", "address", "figure", "figcaption", "form", "fieldset", "dl",
            "details", "summary", "center", "blockquote", "dd", "dt", "pre", "legend", "caption");
    private static final Pattern WIDTH_PERCENT = Pattern.compile("(?:^|;)\\s*width\\s*:\\s*([0-9.]+)\\s*%");
    private static final Pattern TEXT_ALIGN = Pattern.compile("(?:^|;)\\s*text-align\\s*:\\s*(left|center|right)");
    private static final Pattern FONT_WEIGHT = Pattern.compile("(?:^|;)\\s*font-weight\\s*:\\s*(bold|normal|[0-9]+)");

    /** Inherited state while walking the tree. */
    private record Ctx(Style style, Align align, float indent, boolean inCell, float paraAfter) {
        Ctx style(Style s) {
            return new Ctx(s, align, indent, inCell, paraAfter);
        }

        Ctx align(Align a) {
            return a == null ? this : new Ctx(style, a, indent, inCell, paraAfter);
        }

        Ctx indent(float i) {
            return new Ctx(style, align, i, inCell, paraAfter);
        }

        Ctx paraAfter(float p) {
            return new Ctx(style, align, indent, inCell, p);
        }
    }

    private String title = "";
    private String lang = "";

    private XhtmlReader() {
    }

    /**
     * Parses {@code xhtml} and converts it.
     *
     * @throws InvalidDocumentException when the input is not well-formed XML
     */
    static Doc read(String xhtml) {
        if (xhtml == null) {
            throw new InvalidDocumentException("XHTML input is null", -1, -1, null);
        }
        org.w3c.dom.Document dom = parseXml(xhtml);
        XhtmlReader reader = new XhtmlReader();
        Sink sink = new Sink();
        reader.root(dom.getDocumentElement(), sink);
        sink.flush();
        return new Doc(reader.title, reader.lang, List.copyOf(sink.blocks));
    }

    static org.w3c.dom.Document parseXml(String xhtml) {
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

    private void root(Element root, Sink sink) {
        Ctx ctx = new Ctx(new Style(false, BASE_SIZE, 0f), Align.LEFT, 0f, false, 0.6f * BASE_SIZE);
        lang = root.getAttribute("lang");
        if (lang.isEmpty()) {
            lang = root.getAttributeNS(XMLConstants.XML_NS_URI, "lang");
        }
        if (!"html".equals(name(root))) {
            element(root, ctx, sink);
            return;
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "head".equals(name(e))) {
                head(e);
            } else {
                walk(n, ctx, sink);
            }
        }
    }

    private void head(Element head) {
        for (Node n = head.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "title".equals(name(e)) && title.isEmpty()) {
                title = e.getTextContent().replaceAll("[ \t\r\n\f]+", " ").strip();
            }
        }
    }

    private void walk(Node n, Ctx ctx, Sink sink) {
        switch (n.getNodeType()) {
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> sink.text(n.getNodeValue(), ctx);
            case Node.ELEMENT_NODE -> element((Element) n, ctx, sink);
            case Node.ENTITY_REFERENCE_NODE -> children(n, ctx, sink);
            default -> {
                // comments, processing instructions
            }
        }
    }

    private void children(Node parent, Ctx ctx, Sink sink) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            walk(n, ctx, sink);
        }
    }

    private void element(Element e, Ctx parent, Sink sink) {
        String name = name(e);
        if (IGNORED.contains(name)) {
            return;
        }
        Ctx ctx = attributes(e, parent);
        switch (name) {
            case "br" -> sink.lineBreak(ctx);
            case "hr" -> sink.add(new Rule(ctx.indent()));
            case "h1" -> heading(e, ctx, sink, 18f, 0f, 12f, Align.CENTER);
            case "h2" -> heading(e, ctx, sink, 14f, 14f, 6f, null);
            case "h3", "h4", "h5", "h6" -> heading(e, ctx, sink, 12f, 10f, 4f, null);
            case "p" -> block(e, ctx, sink, 0f, ctx.inCell() ? 0f : 0.6f * ctx.style().size(), false);
            case "ul", "ol" -> list(e, ctx, sink, "ol".equals(name));
            case "li" -> item(e, ctx.indent(ctx.indent() + LIST_INDENT), sink, "•");
            case "table", "thead", "tbody", "tfoot", "tr" -> {
                if (ctx.inCell() || !"table".equals(name)) {
                    // nested tables are flattened: one paragraph per row
                    sink.flush();
                    children(e, ctx, sink);
                    sink.flush();
                } else {
                    table(e, ctx, sink);
                }
            }
            case "td", "th" -> { // only reached inside a flattened nested table
                children(e, "th".equals(name) ? ctx.style(ctx.style().bold(true)) : ctx, sink);
                sink.text(" ", ctx);
            }
            case "strong", "b" -> children(e, ctx.style(ctx.style().bold(true)), sink);
            case "small" -> children(e, ctx.style(ctx.style().sized(Math.max(7f, ctx.style().size() * 0.75f))
                    .gray(META_GRAY)), sink);
            default -> {
                if (CONTAINERS.contains(name)) {
                    Ctx c = ctx;
                    if ("blockquote".equals(name) || "dd".equals(name)) {
                        c = c.indent(c.indent() + LIST_INDENT);
                    } else if ("center".equals(name)) {
                        c = c.align(Align.CENTER);
                    } else if ("dt".equals(name)) {
                        c = c.style(c.style().bold(true));
                    }
                    sink.flush();
                    children(e, c, sink);
                    sink.flush();
                } else {
                    children(e, ctx, sink); // inline: span, a, em, i, u, code, time, abbr, sup, sub, label, ...
                }
            }
        }
    }

    private void heading(Element e, Ctx ctx, Sink sink, float size, float before, float after, Align defaultAlign) {
        Align explicit = explicitAlign(e);
        Ctx c = ctx.style(ctx.style().bold(true).sized(size));
        if (explicit == null && defaultAlign != null) {
            c = c.align(defaultAlign);
        }
        if (ctx.inCell()) {
            c = c.style(c.style().sized(ctx.style().size()));
            before = 0f;
            after = 0f;
        }
        sink.begin(new ParaBuilder(c.style(), c.align(), c.indent(), before, after, !ctx.inCell()));
        children(e, c, sink);
        sink.flush();
    }

    private void block(Element e, Ctx ctx, Sink sink, float before, float after, boolean keep) {
        sink.begin(new ParaBuilder(ctx.style(), ctx.align(), ctx.indent(), before, after, keep));
        children(e, ctx, sink);
        sink.flush();
    }

    private void list(Element e, Ctx ctx, Sink sink, boolean ordered) {
        sink.flush();
        int number = 1;
        String start = e.getAttribute("start");
        if (!start.isBlank()) {
            try {
                number = Integer.parseInt(start.strip());
            } catch (NumberFormatException ignored) {
                // keep 1
            }
        }
        Ctx inner = ctx.indent(ctx.indent() + LIST_INDENT).paraAfter(0.2f * ctx.style().size());
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element li && "li".equals(name(li))) {
                item(li, attributes(li, inner), sink, ordered ? (number++) + "." : "•");
            } else {
                walk(n, inner, sink);
            }
        }
        sink.flush();
        // space after the whole list, like a paragraph
        if (!ctx.inCell() && !sink.blocks.isEmpty() && sink.blocks.get(sink.blocks.size() - 1) instanceof Para p) {
            sink.blocks.set(sink.blocks.size() - 1, new Para(p.runs(), p.baseStyle(), p.align(), p.indent(),
                    p.marker(), p.spaceBefore(), Math.max(p.spaceAfter(), 0.6f * ctx.style().size()),
                    p.keepWithNext()));
        }
    }

    private void item(Element li, Ctx ctx, Sink sink, String marker) {
        sink.flush();
        sink.pendingMarker = marker;
        children(li, ctx.paraAfter(0.2f * ctx.style().size()), sink);
        sink.flush();
        if (sink.pendingMarker != null) {
            sink.blocks.add(new Para(List.of(), ctx.style(), ctx.align(), ctx.indent(), marker, 0f,
                    0.2f * ctx.style().size(), false));
            sink.pendingMarker = null;
        }
    }

    private void table(Element e, Ctx ctx, Sink sink) {
        sink.flush();
        List<Row> rows = new ArrayList<>();
        int headerRows = 0;
        boolean theadSeen = false;
        Para caption = null;
        Map<Integer, Float> percent = new HashMap<>();
        int colIndex = 0;
        Ctx cellCtx = new Ctx(ctx.style(), Align.LEFT, 0f, true, 0f);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            switch (name(c)) {
                case "caption" -> {
                    Sink cs = new Sink();
                    Ctx cc = attributes(c, ctx.style(ctx.style().bold(true)).align(Align.CENTER).paraAfter(4f));
                    children(c, cc, cs);
                    cs.flush();
                    for (Block b : cs.blocks) {
                        if (b instanceof Para p && caption == null) {
                            caption = p;
                        }
                    }
                }
                case "colgroup", "col" -> {
                    List<Element> cols = new ArrayList<>();
                    if ("col".equals(name(c))) {
                        cols.add(c);
                    } else {
                        for (Node k = c.getFirstChild(); k != null; k = k.getNextSibling()) {
                            if (k instanceof Element ke && "col".equals(name(ke))) {
                                cols.add(ke);
                            }
                        }
                    }
                    for (Element col : cols) {
                        int span = intAttr(col, "span", 1);
                        Float w = percentWidth(col);
                        for (int i = 0; i < span; i++, colIndex++) {
                            if (w != null) {
                                percent.put(colIndex, w / span);
                            }
                        }
                    }
                }
                case "thead" -> {
                    boolean first = rows.isEmpty();
                    rowsOf(c, cellCtx, rows);
                    if (first && !theadSeen) {
                        headerRows = rows.size();
                    }
                    theadSeen = true;
                }
                case "tbody", "tfoot" -> rowsOf(c, cellCtx, rows);
                case "tr" -> addRow(rows, row(c, cellCtx));
                default -> {
                    // anything else directly inside a table is ignored
                }
            }
        }
        if (!theadSeen) {
            while (headerRows < rows.size() && !rows.get(headerRows).cells().isEmpty()
                    && rows.get(headerRows).cells().stream().allMatch(Cell::header)) {
                headerRows++;
            }
            if (headerRows == rows.size()) {
                headerRows = 0;
            }
        }
        if (percent.isEmpty()) {
            Element firstRow = firstRow(e);
            if (firstRow != null) {
                int col = 0;
                for (Node n = firstRow.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element td && isCell(td)) {
                        int span = intAttr(td, "colspan", 1);
                        Float w = percentWidth(td);
                        if (w != null) {
                            for (int i = 0; i < span; i++) {
                                percent.put(col + i, w / span);
                            }
                        }
                        col += span;
                    }
                }
            }
        }
        int columns = 0;
        for (Row r : rows) {
            columns = Math.max(columns, r.cells().stream().mapToInt(Cell::colspan).sum());
        }
        List<Float> widths = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            widths.add(percent.get(i));
        }
        if (!rows.isEmpty()) {
            sink.add(new Table(List.copyOf(rows), headerRows, percent.isEmpty() ? List.of()
                    : java.util.Collections.unmodifiableList(widths), ctx.indent(), caption));
        } else if (caption != null) {
            sink.add(caption);
        }
    }

    private static Element firstRow(Element table) {
        for (Node n = table.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                String nm = name(c);
                if ("tr".equals(nm)) {
                    return c;
                }
                if ("thead".equals(nm) || "tbody".equals(nm)) {
                    for (Node k = c.getFirstChild(); k != null; k = k.getNextSibling()) {
                        if (k instanceof Element tr && "tr".equals(name(tr))) {
                            return tr;
                        }
                    }
                }
            }
        }
        return null;
    }

    private void rowsOf(Element group, Ctx cellCtx, List<Row> rows) {
        for (Node n = group.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element tr && "tr".equals(name(tr))) {
                addRow(rows, row(tr, cellCtx));
            }
        }
    }

    private static void addRow(List<Row> rows, Row row) {
        if (!row.cells().isEmpty()) {
            rows.add(row);
        }
    }

    private Row row(Element tr, Ctx cellCtx) {
        List<Cell> cells = new ArrayList<>();
        Ctx rowCtx = attributes(tr, cellCtx);
        for (Node n = tr.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element td) || !isCell(td)) {
                continue;
            }
            boolean header = "th".equals(name(td));
            Ctx c = header ? rowCtx.style(rowCtx.style().bold(true)).align(Align.CENTER) : rowCtx;
            c = attributes(td, c);
            Sink cs = new Sink();
            children(td, c, cs);
            cs.flush();
            List<Para> paras = new ArrayList<>();
            for (Block b : cs.blocks) {
                if (b instanceof Para p) {
                    paras.add(p);
                }
            }
            cells.add(new Cell(List.copyOf(paras), header, Math.max(1, intAttr(td, "colspan", 1))));
        }
        return new Row(List.copyOf(cells));
    }

    private static boolean isCell(Element e) {
        String n = name(e);
        return "td".equals(n) || "th".equals(n);
    }

    /** Applies {@code class}, {@code style} and {@code align} attributes. */
    private static Ctx attributes(Element e, Ctx ctx) {
        Ctx c = ctx;
        String cls = e.getAttribute("class");
        if (!cls.isBlank()) {
            for (String token : cls.strip().split("\\s+")) {
                if ("meta".equals(token) || "small".equals(token)) {
                    c = c.style(c.style().sized(Math.min(META_SIZE, c.style().size())).gray(META_GRAY));
                } else if ("bold".equals(token)) {
                    c = c.style(c.style().bold(true));
                }
            }
        }
        String style = e.getAttribute("style").toLowerCase(Locale.ROOT);
        if (!style.isBlank()) {
            Matcher m = FONT_WEIGHT.matcher(style);
            if (m.find()) {
                String w = m.group(1);
                boolean bold = "bold".equals(w) || (Character.isDigit(w.charAt(0)) && Integer.parseInt(w) >= 600);
                c = c.style(c.style().bold(bold));
            }
        }
        return c.align(explicitAlign(e));
    }

    private static Align explicitAlign(Element e) {
        String cls = e.getAttribute("class");
        Align a = null;
        if (!cls.isBlank()) {
            for (String token : cls.strip().split("\\s+")) {
                switch (token) {
                    case "center", "text-center" -> a = Align.CENTER;
                    case "right", "text-right" -> a = Align.RIGHT;
                    case "left", "text-left" -> a = Align.LEFT;
                    default -> {
                    }
                }
            }
        }
        Matcher m = TEXT_ALIGN.matcher(e.getAttribute("style").toLowerCase(Locale.ROOT));
        if (m.find()) {
            a = Align.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        }
        String attr = e.getAttribute("align").strip().toLowerCase(Locale.ROOT);
        if (a == null && (attr.equals("center") || attr.equals("right") || attr.equals("left"))) {
            a = Align.valueOf(attr.toUpperCase(Locale.ROOT));
        }
        return a;
    }

    private static Float percentWidth(Element e) {
        String w = e.getAttribute("width").strip();
        try {
            if (w.endsWith("%")) {
                return Float.parseFloat(w.substring(0, w.length() - 1).strip());
            }
            Matcher m = WIDTH_PERCENT.matcher(e.getAttribute("style").toLowerCase(Locale.ROOT));
            if (m.find()) {
                return Float.parseFloat(m.group(1));
            }
        } catch (NumberFormatException ignored) {
            // not a percentage
        }
        return null;
    }

    private static int intAttr(Element e, String attr, int dflt) {
        String v = e.getAttribute(attr).strip();
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            return dflt;
        }
    }

    private static String name(Element e) {
        String n = e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
        return n.toLowerCase(Locale.ROOT);
    }

    /** Collects blocks and the paragraph currently open for inline content. */
    private static final class Sink {
        final List<Block> blocks = new ArrayList<>();
        private ParaBuilder open;
        String pendingMarker;

        private ParaBuilder open(Ctx ctx) {
            if (open == null) {
                open = new ParaBuilder(ctx.style(), ctx.align(), ctx.indent(), 0f, ctx.paraAfter(), false);
                open.marker = takeMarker();
            }
            return open;
        }

        void begin(ParaBuilder pb) {
            flush();
            pb.marker = takeMarker();
            open = pb;
        }

        private String takeMarker() {
            String m = pendingMarker;
            pendingMarker = null;
            return m;
        }

        void text(String s, Ctx ctx) {
            if (open == null && s.isBlank()) {
                return;
            }
            open(ctx).append(s, ctx.style());
        }

        void lineBreak(Ctx ctx) {
            open(ctx).lineBreak(ctx.style());
        }

        void add(Block b) {
            flush();
            blocks.add(b);
        }

        void flush() {
            if (open != null) {
                Para p = open.build();
                if (p != null) {
                    blocks.add(p);
                }
                open = null;
            }
        }
    }

    /** Builds one paragraph's runs, collapsing whitespace. */
    private static final class ParaBuilder {
        private final Style base;
        private final Align align;
        private final float indent;
        private final float before;
        private final float after;
        private final boolean keep;
        String marker;
        private final List<Run> runs = new ArrayList<>();
        private StringBuilder cur;
        private Style curStyle;
        private boolean pendingSpace;
        private boolean pendingNewline;
        private Style pendingSpaceStyle;
        private int lastCp = -1; // last code point on the current line, -1 at a line start

        ParaBuilder(Style base, Align align, float indent, float before, float after, boolean keep) {
            this.base = base;
            this.align = align;
            this.indent = indent;
            this.before = before;
            this.after = after;
            this.keep = keep;
        }

        void append(String s, Style st) {
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') {
                    if (lastCp >= 0) {
                        if (!pendingSpace) {
                            pendingSpace = true;
                            pendingNewline = false;
                            pendingSpaceStyle = st;
                        }
                        pendingNewline |= cp == '\n' || cp == '\r';
                    }
                    continue;
                }
                if (pendingSpace) {
                    if (!(pendingNewline && LineBreaker.isCjk(lastCp) && LineBreaker.isCjk(cp))) {
                        emit(' ', pendingSpaceStyle);
                    }
                    pendingSpace = false;
                }
                emit(cp, st);
                lastCp = cp;
            }
        }

        void lineBreak(Style st) {
            pendingSpace = false;
            closeRun();
            runs.add(new Run("\n", st));
            lastCp = -1;
        }

        private void emit(int cp, Style st) {
            if (cur == null || !st.equals(curStyle)) {
                closeRun();
                cur = new StringBuilder();
                curStyle = st;
            }
            cur.appendCodePoint(cp);
        }

        private void closeRun() {
            if (cur != null && !cur.isEmpty()) {
                runs.add(new Run(cur.toString(), curStyle));
            }
            cur = null;
        }

        Para build() {
            closeRun();
            if (runs.isEmpty() && marker == null) {
                return null;
            }
            return new Para(List.copyOf(runs), base, align, indent, marker, before, after, keep);
        }
    }
}
