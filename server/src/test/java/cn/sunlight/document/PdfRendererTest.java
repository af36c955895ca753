package cn.sunlight.document;

import static cn.sunlight.document.DocumentTestSupport.pages;
import static cn.sunlight.document.DocumentTestSupport.pdftotext;
import static cn.sunlight.document.DocumentTestSupport.renderer;
import static cn.sunlight.document.DocumentTestSupport.run;
import static cn.sunlight.document.DocumentTestSupport.squeeze;
import static cn.sunlight.document.DocumentTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfRendererTest {

    /** 20 mm, the left and right page margins of templates/print.css. */
    private static final float MARGIN_X = 20 / 25.4f * 72;
    /** Closing punctuation that must never start a line (GB/T 15834, JIS X 4051 kinsoku). */
    private static final String NO_LINE_START = "，。、；：？！）》」』”’】〕…";
    /** Opening punctuation that must never end a line. */
    private static final String NO_LINE_END = "（《「『“‘【〔";

    private static PdfRenderer renderer;
    private static String announcementXhtml;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        renderer = renderer();
        announcementXhtml = new DocumentTemplates(DocumentTestSupport.engine(), DocumentTestSupport.TEMPLATES)
                .render("tender-announcement", DocumentTestSupport.sampleData());
    }

    private static String doc(String title, String body) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\"><head><meta charset=\"UTF-8\"/>"
                + "<title>" + title + "</title><style>p { color: red }</style></head><body>" + body + "</body></html>";
    }

    // ------------------------------------------------------------ the announcement

    @Test
    void announcementTextExtractsWithPdftotext() throws Exception {
        Path pdf = write(tmp, "announcement.pdf", renderer.render(announcementXhtml));
        String text = pdftotext(pdf);
        String flat = squeeze(text);
        Map<String, Object> t = DocumentTestSupport.sampleTender();
        assertTrue(flat.contains("滨江新区第一中学教学楼建设工程施工招标"), "title");
        assertTrue(flat.contains("招标公告"), "document kind");
        assertTrue(flat.contains("杭州市滨江新区教育发展有限公司"), "tendering unit");
        assertTrue(flat.contains(squeeze((String) t.get("bidDeadline"))), "deadline");
        assertTrue(flat.contains("教学楼主体结构及装饰装修工程"), "lot name");
        assertTrue(flat.contains("室外附属及景观绿化工程"), "lot name");
        assertTrue(flat.contains("不见面开标"));
        assertTrue(flat.contains("招标投标法第二十四条"), "applicable rules");
        List<String> pages = pages(text);
        for (int i = 0; i < pages.size(); i++) {
            assertTrue(squeeze(pages.get(i)).contains("第" + (i + 1) + "页/共" + pages.size() + "页"), "footer of page " + (i + 1));
        }
    }

    @Test
    void fontsAreEmbeddedSubsetCidTrueType() throws Exception {
        Path pdf = write(tmp, "announcement.pdf", renderer.render(announcementXhtml));
        assertTrue(java.nio.file.Files.size(pdf) < java.nio.file.Files.size(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT)) / 20,
                "a subset, not the whole font: " + java.nio.file.Files.size(pdf));
        String out = run("pdffonts", pdf.toString());
        List<String> fonts = out.lines().skip(2).filter(l -> !l.isBlank()).toList();
        assertEquals(2, fonts.size(), out);           // regular and bold
        for (String line : fonts) {
            assertTrue(line.contains("LXGWWenKai"), line);
            assertTrue(line.contains("CID TrueType"), line);
            assertTrue(line.contains("Identity-H"), line);
            assertTrue(line.matches(".*Identity-H\\s+yes\\s+yes\\s+yes\\s+.*"), "emb/sub/uni: " + line);
        }
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            var font = d.getPage(0).getResources().getFont(d.getPage(0).getResources().getFontNames().iterator().next());
            assertEquals("Type0", font.getCOSObject().getNameAsString(org.apache.pdfbox.cos.COSName.SUBTYPE));
        }
    }

    @Test
    void documentInformation() throws Exception {
        Instant when = Instant.parse("2025-11-28T02:00:00Z");
        PdfRenderer fixed = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT),
                Path.of(PdfRenderer.DEFAULT_BOLD_FONT), Clock.fixed(when, ZoneOffset.UTC));
        try (PDDocument d = Loader.loadPDF(fixed.render(announcementXhtml))) {
            PDDocumentInformation info = d.getDocumentInformation();
            assertEquals("滨江新区第一中学教学楼建设工程施工招标 招标公告", info.getTitle());
            assertEquals("Sunlight", info.getProducer());
            Calendar created = info.getCreationDate();
            assertEquals(when.toEpochMilli(), created.getTimeInMillis());
            assertEquals("zh-CN", d.getDocumentCatalog().getLanguage());
            assertEquals(595.276f, d.getPage(0).getMediaBox().getWidth(), 0.1f);   // A4
            assertEquals(841.89f, d.getPage(0).getMediaBox().getHeight(), 0.1f);
        }
        String info = run("pdfinfo", write(tmp, "a.pdf", fixed.render(announcementXhtml)).toString());
        assertTrue(info.contains("滨江新区第一中学教学楼建设工程施工招标 招标公告"), info);
        assertTrue(info.matches("(?s).*Producer:\\s+Sunlight.*"), info);
    }

    @Test
    void sameInputAndInstantGiveTheSameBytes() {
        Clock clock = Clock.fixed(Instant.parse("2025-11-28T02:00:00Z"), ZoneOffset.UTC);
        PdfRenderer a = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), Path.of(PdfRenderer.DEFAULT_BOLD_FONT), clock);
        PdfRenderer b = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), Path.of(PdfRenderer.DEFAULT_BOLD_FONT), clock);
        byte[] first = a.render(announcementXhtml);
        assertArrayEquals(first, a.render(announcementXhtml));
        assertArrayEquals(first, b.render(announcementXhtml), "a fresh renderer, the same font subset and /ID");
        PdfRenderer later = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), Path.of(PdfRenderer.DEFAULT_BOLD_FONT),
                Clock.offset(clock, java.time.Duration.ofSeconds(1)));
        assertFalse(java.util.Arrays.equals(first, later.render(announcementXhtml)), "the clock dates the file");
    }

    // ------------------------------------------------------------ tables

    @Test
    void longTableSpansPagesWithFootersAndRepeatedHeader() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            rows.append("<tr><td>").append(i).append("</td><td>投标人").append(i)
                    .append(" 有限公司</td><td>¥").append(1000 + i).append(",000.00</td><td>")
                    .append(i % 7 == 0 ? "工期 365 日历天，质量合格，项目经理 张三（一级建造师）" : "合格").append("</td></tr>");
        }
        String xhtml = doc("开标记录", "<h1>开标记录</h1><table><thead><tr><th width=\"10%\">序号</th><th width=\"35%\">投标人</th>"
                + "<th width=\"20%\">投标报价</th><th width=\"35%\">其他开标内容</th></tr></thead><tbody>" + rows + "</tbody></table><p>记录完毕。</p>");
        Path pdf = write(tmp, "table.pdf", renderer.render(xhtml));
        String text = pdftotext(pdf);
        List<String> pages = pages(text);
        assertTrue(pages.size() >= 5, "pages: " + pages.size());
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            assertTrue(squeeze(page).contains("第" + (i + 1) + "页/共" + pages.size() + "页"), "footer on page " + (i + 1));
            String flat = squeeze(page);
            assertTrue(flat.contains("序号") && flat.contains("投标报价") && flat.contains("其他开标内容"),
                    "header row repeated on page " + (i + 1));
            assertEquals(1, flat.split("投标报价", -1).length - 1, "one header on page " + (i + 1));
        }
        String flat = squeeze(text);
        for (int i = 1; i <= 300; i++) {
            assertTrue(flat.contains("投标人" + i + "有限公司"), "row " + i);
        }
        assertTrue(flat.contains("记录完毕。"));
        assertWithinMargins(pdf);
    }

    @Test
    void rowTallerThanAPageIsSplit() throws Exception {
        String longCell = "很长的资格要求说明。".repeat(900);
        String xhtml = doc("长单元格", "<table><tr><th width=\"20%\">资格要求</th><td>" + longCell + "</td></tr><tr><td>下一行</td><td>结束</td></tr></table>");
        Path pdf = write(tmp, "tall.pdf", renderer.render(xhtml));
        String text = pdftotext(pdf);
        assertTrue(pages(text).size() >= 2);
        String flat = squeeze(text);
        assertTrue(flat.contains("下一行") && flat.contains("结束"));
        // the footers sit between the pieces of the split cell: count a character of the cell text
        assertEquals(900, flat.chars().filter(c -> c == '很').count());
        assertWithinMargins(pdf);
    }

    @Test
    void rowspanAndColumnWidthsFromTheMarkup() throws Exception {
        String xhtml = doc("合并单元格", "<table><colgroup><col width=\"20%\"/><col width=\"80%\"/></colgroup>"
                + "<tr><th rowspan=\"2\">第一标段</th><td>教学楼主体结构</td></tr><tr><td>装饰装修</td></tr>"
                + "<tr><th>第二标段</th><td>景观绿化</td></tr></table>");
        Path pdf = write(tmp, "rowspan.pdf", renderer.render(xhtml));
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            List<TextPosition> glyphs = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition p) {
                    glyphs.add(p);
                }
            };
            stripper.getText(d);
            float x1 = xOf(glyphs, '教');
            float x2 = xOf(glyphs, '装');
            float x3 = xOf(glyphs, '景');
            assertEquals(x1, x2, 0.5f, "the row under a rowspan starts in the second column");
            assertEquals(x1, x3, 0.5f);
            float contentWidth = d.getPage(0).getMediaBox().getWidth() - 2 * MARGIN_X;
            assertTrue(x1 - MARGIN_X > 0.18f * contentWidth && x1 - MARGIN_X < 0.25f * contentWidth,
                    "second column starts at about 20%: " + (x1 - MARGIN_X) / contentWidth);
        }
    }

    private static float xOf(List<TextPosition> glyphs, char c) {
        return glyphs.stream().filter(p -> p.getUnicode().equals(String.valueOf(c))).findFirst().orElseThrow().getXDirAdj();
    }

    // ------------------------------------------------------------ the print stylesheet

    @Test
    void thePrintStylesheetSetsThePageAndFooter() throws Exception {
        Path css = tmp.resolve("print.css");
        java.nio.file.Files.writeString(css, "@page { size: A5 landscape; margin: 10mm;"
                + " @bottom-right { content: \"Seite \" counter(page) \" von \" counter(pages); font-family: document-cjk; } }"
                + " body { font-family: document-cjk; }");
        PdfRenderer custom = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), Path.of(PdfRenderer.DEFAULT_BOLD_FONT),
                css, Clock.systemUTC());
        Path pdf = write(tmp, "a5.pdf", custom.render(doc("样式", "<p>正文</p>")));
        String flat = squeeze(pdftotext(pdf));
        assertTrue(flat.contains("Seite1von1"), flat);
        assertFalse(flat.contains("第1页"), flat);
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            assertEquals(595.276f, d.getPage(0).getMediaBox().getWidth(), 0.1f);   // A5 landscape: 210 mm wide
            assertEquals(419.53f, d.getPage(0).getMediaBox().getHeight(), 0.1f);
        }
        PdfRenderer none = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), null, tmp.resolve("gone.css"),
                Clock.systemUTC());
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> none.render(doc("x", "")));
        assertTrue(e.getMessage().contains("gone.css"), e.getMessage());
    }

    @Test
    void templateStylesApplyUnderThePrintStylesheet() throws Exception {
        // the template's browser layout (max-width, auto margins) must not narrow the page
        String xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title><style>"
                + "body { max-width: 10em; margin: 5em auto; } .warn { color: #c00; }</style></head><body><p>"
                + "公告正文".repeat(60) + "</p><p class=\"warn\">红色</p></body></html>";
        Path pdf = write(tmp, "styled.pdf", renderer.render(xhtml));
        List<float[]> boxes = assertWithinMargins(pdf);
        float right = (float) boxes.stream().mapToDouble(b -> b[0] + b[2]).max().orElseThrow();
        assertTrue(right > 595.276f - MARGIN_X - 12, "text runs to the right margin: " + right);
    }

    @Test
    void externalResourcesAreNeverLoaded() throws Exception {
        Path css = tmp.resolve("evil.css");
        java.nio.file.Files.writeString(css, "body::before { content: \"LEAKED\"; }");
        Path img = tmp.resolve("x.png");
        java.nio.file.Files.write(img, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        String xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title>"
                + "<link rel=\"stylesheet\" href=\"" + css.toUri() + "\"/>"
                + "<style>@import url(\"" + css.toUri() + "\");</style></head>"
                + "<body><p>正文</p><img src=\"" + img.toUri() + "\" alt=\"\"/><img src=\"http://127.0.0.1:9/x.png\"/></body></html>";
        String flat = squeeze(pdftotext(write(tmp, "external.pdf", renderer.render(xhtml))));
        assertTrue(flat.contains("正文"), flat);
        assertFalse(flat.contains("LEAKED"), flat);
    }

    // ------------------------------------------------------------ input checks

    @Test
    void malformedXhtmlIsRejected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> renderer.render("<html><body>\n<p>未闭合的段落</body></html>", out));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("Malformed XHTML at line 2"), e.getMessage());
        assertEquals(0, out.size(), "nothing written");
        assertThrows(InvalidDocumentException.class, () -> renderer.render(doc("x", "<p>a&nbsp;b</p>")));
        assertThrows(InvalidDocumentException.class, () -> renderer.render("<p>a</p><p>b</p>"));
        assertThrows(InvalidDocumentException.class, () -> renderer.render(""));
        assertThrows(InvalidDocumentException.class, () -> renderer.render("招标公告"));
    }

    @Test
    void externalEntitiesAreNeverFetched() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<html><body><p>[&x;]</p></body></html>";
        try {
            String text = pdftotext(write(tmp, "xxe.pdf", renderer.render(xxe)));
            assertFalse(text.contains("root:"), text);
        } catch (InvalidDocumentException rejected) {
            // rejecting it is fine too
        }
    }

    // ------------------------------------------------------------ line breaking

    @Test
    void latinAndMixedTextWrapWithinTheMargins() throws Exception {
        String latin = "Sealed bids are encrypted offline with AES-256-GCM and submitted before the deadline; "
                .repeat(12);
        String mixed = "投标文件须使用Sunlight平台投标工具加密（AES-256-GCM / SM4），截止时间2025年12月22日09:30之前递交，"
                .repeat(10);
        String token = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8".repeat(3);
        String xhtml = doc("换行", "<p>" + latin + "</p><p>" + mixed + "</p><p>规则版本：" + token + "</p>"
                + "<ul><li>" + latin + "<ol><li>" + mixed + "</li></ol></li></ul>"
                + "<table><tr><td>" + latin + "</td><td>" + mixed + "</td><td>" + token + "</td></tr></table>");
        Path pdf = write(tmp, "wrap.pdf", renderer.render(xhtml));
        List<float[]> boxes = assertWithinMargins(pdf);
        long lines = boxes.stream().map(b -> Math.round(b[1])).distinct().count();
        assertTrue(lines > 30, "text wrapped onto many lines: " + lines);
        String flat = squeeze(pdftotext(pdf));
        assertTrue(flat.contains(squeeze(latin.strip())), "no word lost or split");
        assertTrue(flat.contains("AES-256-GCM"));
        assertTrue(flat.contains(token.substring(0, 40)));
    }

    @Test
    void longChineseParagraphWrapsInsideThePageWidth() throws Exception {
        String text = "依法必须进行招标的项目，招标人应当自收到评标报告之日起三日内公示中标候选人，公示期不得少于三日"
                + "投标人或者其他利害关系人对依法必须进行招标的项目的评标结果有异议的应当在中标候选人公示期间提出";
        String para = text.repeat(25);   // about 2,400 characters, no spaces: only CJK break opportunities
        Path pdf = write(tmp, "cjk.pdf", renderer.render(doc("长段落", "<p>" + para + "</p>"
                + "<table><tr><td width=\"30%\">" + para.substring(0, 300) + "</td><td>" + text + "</td></tr></table>")));
        List<float[]> boxes = assertWithinMargins(pdf);
        long lines = boxes.stream().map(b -> Math.round(b[1])).distinct().count();
        assertTrue(lines > 50, "wrapped onto many lines: " + lines);
        float right = (float) boxes.stream().mapToDouble(b -> b[0] + b[2]).max().orElseThrow();
        assertTrue(right > 595.276f - MARGIN_X - 12, "full lines reach the right margin: " + right);
        String flat = squeeze(pdftotext(pdf)).replaceAll("第\\d+页/共\\d+页", "");
        assertTrue(flat.contains(para), "every character kept, in order");
    }

    @Test
    void chinesePunctuationStaysWithItsText() throws Exception {
        String text = "投标人应当在投标截止时间前，通过平台在线递交加密的投标文件；逾期送达的，平台拒收（见《招标投标法》第二十八条）。"
                .repeat(20);
        Path pdf = write(tmp, "punct.pdf", renderer.render(doc("标点", "<p>" + text + "</p>")));
        List<String> lines = pdftotext(pdf).lines().map(String::strip).filter(l -> !l.isBlank() && !l.startsWith("第"))
                .toList();
        assertTrue(lines.size() > 5);
        for (String line : lines) {
            assertFalse(NO_LINE_START.indexOf(line.charAt(0)) >= 0, "starts with closing punctuation: " + line);
            assertFalse(NO_LINE_END.indexOf(line.charAt(line.length() - 1)) >= 0, "ends with opening punctuation: " + line);
        }
    }

    // ------------------------------------------------------------ fonts

    @Test
    void boldFallsBackToRegularWhenTheBoldFileIsMissing() throws Exception {
        PdfRenderer noBold = new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), tmp.resolve("missing-Bold.ttf"));
        Path pdf = write(tmp, "nobold.pdf", noBold.render(doc("粗体", "<h1>标题</h1><p><strong>加粗</strong>正文</p>")));
        String fonts = run("pdffonts", pdf.toString());
        assertEquals(1, fonts.lines().skip(2).filter(l -> !l.isBlank()).count(), fonts);
        assertTrue(squeeze(pdftotext(pdf)).contains("加粗正文"));
    }

    @Test
    void missingRegularFontIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PdfRenderer(tmp.resolve("none.ttf"), null));
        assertTrue(e.getMessage().contains("none.ttf"));
    }

    @Test
    void charactersWithoutAGlyphAreReplacedNotFatal() throws Exception {
        Path pdf = write(tmp, "glyph.pdf", renderer.render(doc("缺字", "<p>前😀后&#160;x&#x200B;y&#x85;z</p>")));
        String flat = squeeze(pdftotext(pdf));
        assertTrue(flat.contains("前") && flat.contains("后"), flat);
    }

    @Test
    void subsetCoversTheSupportedMarkup() throws Exception {
        String xhtml = doc("标记", "<h1>一级标题</h1><h2>二级 <small>Second</small></h2><h3>三级</h3>"
                + "<p>普通<b>粗体</b><strong>加粗</strong><em>强调</em><span>行内</span><br/>换行后</p><hr/>"
                + "<div class=\"meta\">小字说明</div><ul><li>无序一<ul><li>嵌套</li></ul></li><li></li></ul>"
                + "<ol start=\"3\"><li><p>有序三</p><p>第二段</p></li></ol>"
                + "<table><caption>表题</caption><tr><th colspan=\"2\">合并表头</th></tr><tr><td>甲</td><td>乙</td></tr>"
                + "<tr><td>只有一格</td></tr><tr><td><table><tr><td>嵌套表</td><td>单元</td></tr></table></td><td>丙</td></tr></table>"
                + "<p class=\"right\">右对齐</p><p style=\"text-align: center\">居中</p><script>bad()</script>");
        Path pdf = write(tmp, "markup.pdf", renderer.render(xhtml));
        String flat = squeeze(pdftotext(pdf));
        for (String s : List.of("一级标题", "二级Second", "三级", "普通粗体加粗强调行内", "换行后", "小字说明", "无序一", "嵌套",
                "3.有序三", "第二段", "表题", "合并表头", "只有一格", "嵌套表单元", "右对齐", "居中")) {
            assertTrue(flat.contains(s), s + " in " + flat);
        }
        assertFalse(flat.contains("bad()"));
        assertFalse(flat.contains("color"));
        assertWithinMargins(pdf);
    }

    @Test
    void emptyBodyGivesOnePage() throws Exception {
        try (PDDocument d = Loader.loadPDF(renderer.render("<html><head><title>空</title></head><body/></html>"))) {
            assertEquals(1, d.getNumberOfPages());
        }
        String empties = doc("空表", "<table></table><table><tr></tr><tbody/></table><ul></ul><p></p><p><br/></p><h2/>");
        try (PDDocument d = Loader.loadPDF(renderer.render(empties))) {
            assertEquals(1, d.getNumberOfPages());
        }
    }

    /** Every glyph lies inside the left/right margins (PDFBox text positions); returns {x, y, w} boxes. */
    private static List<float[]> assertWithinMargins(Path pdf) throws IOException {
        List<float[]> boxes = new ArrayList<>();
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            float pageWidth = d.getPage(0).getMediaBox().getWidth();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition p) {
                    boxes.add(new float[] {p.getXDirAdj(), p.getYDirAdj() + getCurrentPageNo() * 10000f, p.getWidthDirAdj()});
                    super.processTextPosition(p);
                }
            };
            stripper.getText(d);
            float min = MARGIN_X - 0.5f;
            float max = pageWidth - MARGIN_X + 0.5f;
            for (float[] b : boxes) {
                assertTrue(b[0] >= min && b[0] + b[2] <= max,
                        "glyph at x=" + b[0] + " width " + b[2] + " outside [" + min + ", " + max + "]");
            }
        }
        assertFalse(boxes.isEmpty());
        return boxes;
    }
}
