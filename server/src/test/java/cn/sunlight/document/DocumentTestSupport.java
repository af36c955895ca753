package cn.sunlight.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;

/** Shared fixtures: Qute engines configured like Quarkus's, sample data, poppler helpers. */
final class DocumentTestSupport {

    static final Path TEMPLATES = Path.of("templates");
    static final List<String> ESCAPED = List.of("text/html", "text/xml", "application/xml", "application/xhtml+xml");

    private DocumentTestSupport() {
    }

    /** An engine for plain JUnit tests: defaults, reflection, HTML escaping, strict rendering. */
    static Engine engine() {
        return Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(ESCAPED)).strictRendering(true).build();
    }

    /**
     * Without the reflection resolver, as the Quarkus runtime engine is for templates parsed at run time:
     * templates must work on maps and lists alone.
     */
    static Engine engineWithoutReflection() {
        return Engine.builder().addDefaults().addResultMapper(new HtmlEscaper(ESCAPED)).strictRendering(true)
                .build();
    }

    static PdfRenderer renderer() {
        return new PdfRenderer(Path.of(PdfRenderer.DEFAULT_REGULAR_FONT), Path.of(PdfRenderer.DEFAULT_BOLD_FONT));
    }

    static Map<String, Object> lot(Object number, String name, String budget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", number);
        m.put("name", name);
        m.put("budget", budget);
        return m;
    }

    static Map<String, Object> rule(String label, String figure, String citation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("figure", figure);
        m.put("citation", citation);
        return m;
    }

    /** A realistic engineering tender, as the tender service builds it. */
    static Map<String, Object> sampleTender() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("code", "SL-GC-2025-0042");
        t.put("title", "滨江新区第一中学教学楼建设工程施工招标");
        t.put("tradeType", "工程建设");
        t.put("method", "公开招标");
        t.put("projectName", "滨江新区第一中学教学楼建设工程");
        t.put("projectCode", "2025-330108-47-01-012345");
        t.put("region", "浙江省杭州市滨江区");
        t.put("tenderingUnit", "杭州市滨江新区教育发展有限公司");
        t.put("agent", "浙江正衡工程咨询有限公司");
        t.put("budget", "¥38,600,000.00");
        t.put("ceilingPrice", "¥37,200,000.00");
        t.put("bidBond", "¥740,000.00");
        t.put("evaluationMethod", "综合评估法");
        t.put("suite", "国际算法 international: AES-256-GCM, RSA-OAEP-SHA256, SHA-256, ECDSA P-256");
        t.put("lots", List.of(
                lot(1, "教学楼主体结构及装饰装修工程", "¥30,100,000.00"),
                lot(2, "室外附属及景观绿化工程", "¥8,500,000.00")));
        t.put("documentsIssuedAt", "2025年12月01日 09:00");
        t.put("documentsSaleEndsAt", "2025年12月08日 17:00");
        t.put("clarificationCutoff", "2025年12月11日 17:00");
        t.put("bidDeadline", "2025年12月22日 09:30");
        t.put("openingPlace", "Sunlight 电子交易平台不见面开标大厅（线上）");
        t.put("rulesVersion", "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
        t.put("rulesId", "cn-engineering/2025.1");
        t.put("publishedAt", "2025年11月28日 10:00");
        t.put("qualifications", "投标人须具备建筑工程施工总承包贰级及以上资质，并具有有效的安全生产许可证；"
                + "拟派项目经理须具备建筑工程专业二级及以上注册建造师执业资格。");
        t.put("announcementNo", "SL-GG-2025-0042-01");
        return t;
    }

    static List<Map<String, Object>> sampleRules() {
        return List.of(
                rule("招标文件发出至投标截止", "≥ 20 日", "招标投标法 第二十四条"),
                rule("招标文件发售期", "≥ 5 日", "招标投标法实施条例 第十六条"),
                rule("影响投标文件编制的澄清或修改", "截止前 ≥ 15 日", "招标投标法 第二十三条；实施条例 第二十一条"),
                rule("投标保证金", "≤ 估算价 2 %，且 ≤ 80 万元", "实施条例 第二十六条；七部委 30 号令 第三十七条"));
    }

    static Map<String, Object> sampleData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("t", sampleTender());
        data.put("rules", sampleRules());
        return data;
    }

    static Map<String, Object> item(String label, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("value", value);
        return m;
    }

    /** One line of an opening record (failure may be null). */
    static Map<String, Object> openingLine(int seq, String bidder, String price, List<Map<String, Object>> items,
            String decryption, String failure, boolean aboveCeiling, String confirmation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("bidder", bidder);
        m.put("price", price);
        m.put("items", items);
        m.put("decryption", decryption);
        m.put("failure", failure);
        m.put("aboveCeiling", aboveCeiling);
        m.put("confirmation", confirmation);
        return m;
    }

    static Map<String, Object> objection(String bidder, String text, String answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bidder", bidder);
        m.put("text", text);
        m.put("answer", answer);
        return m;
    }

    /** An opening record as the opening service builds it: two lots, a decryption failure, a price above the ceiling. */
    static Map<String, Object> sampleOpeningRecord() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tenderCode", "SL-GC-2025-0042");
        r.put("title", "滨江新区第一中学教学楼建设工程施工招标");
        r.put("tenderingUnit", "杭州市滨江新区教育发展有限公司");
        r.put("agent", "浙江正衡工程咨询有限公司");
        r.put("openingPlace", "Sunlight 电子交易平台不见面开标大厅（线上）");
        r.put("deadline", "2025年12月22日 09:30");
        r.put("startedAt", "2025年12月22日 09:30:00");
        r.put("closedAt", "2025年12月22日 10:47:12");
        r.put("host", "王建国（浙江正衡工程咨询有限公司）");
        r.put("supervisor", "李敏（滨江区住房和城乡建设局）");
        r.put("ceilingPrice", "¥37,200,000.00");
        r.put("status", "开标完成");
        Map<String, Object> lot1 = new LinkedHashMap<>();
        lot1.put("number", 1);
        lot1.put("name", "教学楼主体结构及装饰装修工程");
        lot1.put("lines", List.of(
                openingLine(1, "浙江宏远建设集团有限公司", "¥29,386,500.00",
                        List.of(item("工期", "540 日历天"), item("质量标准", "合格"), item("项目经理", "陈志刚")),
                        "已解密", null, false, "已确认"),
                openingLine(2, "杭州钱塘建工有限公司", "¥29,912,000.00",
                        List.of(item("工期", "520 日历天"), item("质量标准", "合格"), item("项目经理", "周海燕")),
                        "已解密", null, false, "有异议"),
                openingLine(3, "中建华东第八工程局有限公司", "—", List.of(), "解密失败",
                        "投标人未在解密时限内使用本单位数字证书完成解密（因投标人原因），视为撤销其投标文件。",
                        false, "未确认"),
                openingLine(4, "宁波甬江建设有限公司", "¥37,480,000.00",
                        List.of(item("工期", "500 日历天"), item("质量标准", "合格"), item("项目经理", "吴磊")),
                        "已解密", null, true, "已确认")));
        Map<String, Object> lot2 = new LinkedHashMap<>();
        lot2.put("number", 2);
        lot2.put("name", "室外附属及景观绿化工程");
        lot2.put("lines", List.of(
                openingLine(1, "杭州绿城园林景观工程有限公司", "¥8,126,340.50",
                        List.of(item("工期", "180 日历天"), item("质量标准", "合格")), "已解密", null, false, "已确认"),
                openingLine(2, "浙江山水市政园林有限公司", "¥8,240,000.00",
                        List.of(item("工期", "175 日历天"), item("质量标准", "合格")), "已解密", null, false, "已确认"),
                openingLine(3, "湖州南太湖生态建设有限公司", "¥8,302,600.00",
                        List.of(item("工期", "170 日历天"), item("质量标准", "合格")), "已解密", null, false,
                        "未确认")));
        r.put("lots", List.of(lot1, lot2));
        r.put("objections", List.of(
                objection("杭州钱塘建工有限公司", "宁波甬江建设有限公司的投标报价超过最高投标限价，应当当场宣布其投标无效。",
                        "开标时不对投标文件的有效性作出判定；报价是否超过最高投标限价由评标委员会依法评审认定。"),
                objection("中建华东第八工程局有限公司", "平台解密服务在 09:41 前后响应缓慢，请求延长解密时限。", null)));
        r.put("rulesCitations", List.of("中华人民共和国招标投标法 第三十四条、第三十五条、第三十六条",
                "中华人民共和国招标投标法实施条例 第四十四条",
                "电子招标投标办法 第二十九条、第三十一条"));
        r.put("recordNo", "SL-KB-2025-0042-01");
        return r;
    }

    /** Writes the PDF to {@code dir}, and a copy to target/test-pdfs/ for looking at after a run. */
    static Path write(Path dir, String name, byte[] pdf) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, pdf);
        Files.write(Files.createDirectories(Path.of("target", "test-pdfs")).resolve(name), pdf);
        return f;
    }

    /** Text of the PDF per {@code pdftotext -enc UTF-8 -layout?}: pages separated by form feeds. */
    static String pdftotext(Path pdf) throws IOException, InterruptedException {
        return run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-");
    }

    static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("Cannot run " + command[0] + " (Debian package poppler-utils)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " timed out");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + s);
        }
        return s;
    }

    /** The PDF's info Title. */
    static String pdfTitle(byte[] pdf) throws IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return d.getDocumentInformation().getTitle();
        }
    }

    static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    static List<String> pages(String pdftotext) {
        List<String> pages = new ArrayList<>(List.of(pdftotext.split("\f", -1)));
        if (!pages.isEmpty() && pages.get(pages.size() - 1).isBlank()) {
            pages.remove(pages.size() - 1);
        }
        return pages;
    }
}
