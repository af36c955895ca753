package cn.sunlight.document;

import static cn.sunlight.document.DocumentTestSupport.engineWithoutReflection;
import static cn.sunlight.document.DocumentTestSupport.openingLine;
import static cn.sunlight.document.DocumentTestSupport.pdftotext;
import static cn.sunlight.document.DocumentTestSupport.renderer;
import static cn.sunlight.document.DocumentTestSupport.sampleOpeningRecord;
import static cn.sunlight.document.DocumentTestSupport.squeeze;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The opening record template renders well-formed XHTML from maps and lists alone (as in Quarkus). */
class OpeningRecordTemplateTest {

    private final DocumentTemplates templates = new DocumentTemplates(engineWithoutReflection(),
            DocumentTestSupport.TEMPLATES);

    @TempDir
    Path work;

    private String render(Map<String, Object> r) {
        String html = templates.render("opening-record", Map.of("r", r));
        assertDoesNotThrow(() -> PdfRenderer.parse(html));
        return html;
    }

    @Test
    void rendersAllSectionsAsWellFormedXhtml() {
        String html = render(sampleOpeningRecord());
        assertTrue(html.contains("<title>滨江新区第一中学教学楼建设工程施工招标 开标记录</title>"), html);
        for (String section : List.of("开标记录", "Bid opening record", "一、项目信息", "Project information",
                "二、开标情况", "三、解密失败及超过最高投标限价的情况", "四、异议及答复", "Objections and answers",
                "五、开标依据", "第 1 标段（包）：教学楼主体结构及装饰装修工程", "第 2 标段（包）：室外附属及景观绿化工程")) {
            assertTrue(html.contains(section), section);
        }
        for (String header : List.of("序号", "投标人", "投标报价", "其他唱标内容", "解密状态", "确认")) {
            assertTrue(html.contains(header), header);
        }
        for (String value : List.of("SL-GC-2025-0042", "SL-KB-2025-0042-01", "杭州市滨江新区教育发展有限公司",
                "浙江正衡工程咨询有限公司", "2025年12月22日 09:30", "2025年12月22日 10:47:12", "王建国", "李敏",
                "¥37,200,000.00", "开标完成", "浙江宏远建设集团有限公司", "¥29,386,500.00", "工期：540 日历天<br/>质量标准：合格",
                "项目经理：陈志刚</td>", "已解密", "解密失败", "有异议", "未确认", "视为撤销其投标文件",
                "宁波甬江建设有限公司：投标报价 ¥37,480,000.00 <strong>超过最高投标限价</strong> ¥37,200,000.00",
                "开标时不对投标文件的有效性作出判定", "尚未答复", "招标投标法实施条例 第四十四条", "pdfsig", "审计日志")) {
            assertTrue(html.contains(value), value);
        }
        // the failure is listed with its consequence, once
        assertEquals(1, html.split("因投标人原因", -1).length - 1);
        assertTrue(html.contains("中建华东第八工程局有限公司：<strong>解密失败</strong>。投标人未在解密时限内"), html);
    }

    @Test
    void optionalFieldsMayBeNull() {
        Map<String, Object> r = sampleOpeningRecord();
        r.put("agent", null);
        r.put("supervisor", null);
        r.put("ceilingPrice", null);
        String html = render(r);
        assertFalse(html.contains("招标代理机构"));
        assertFalse(html.contains("监督人 Supervisor："));
        assertTrue(html.contains("未设置 / none"));
        assertTrue(html.contains("<strong>超过最高投标限价</strong>。"), "no ceiling figure to quote");
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        Map<String, Object> r = sampleOpeningRecord();
        r.remove("agent");
        r.remove("supervisor");
        r.remove("ceilingPrice");
        String html = render(r);
        assertFalse(html.contains("招标代理机构"));
    }

    @Test
    void failedOpeningWithoutObjectionsOrRules() throws Exception {
        Map<String, Object> r = sampleOpeningRecord();
        r.put("status", "流标（有效投标不足 3 家）");
        Map<String, Object> lot = new LinkedHashMap<>();
        lot.put("number", 1);
        lot.put("name", "教学楼主体结构及装饰装修工程");
        lot.put("lines", List.of(openingLine(1, "浙江宏远建设集团有限公司", "¥29,386,500.00", List.of(), "已解密", null,
                false, "已确认")));
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("number", 2);
        empty.put("name", "室外附属及景观绿化工程");
        empty.put("lines", List.of());
        r.put("lots", List.of(lot, empty));
        r.put("objections", List.of());
        r.put("rulesCitations", List.of());
        String html = render(r);
        assertTrue(html.contains("<strong>流标（有效投标不足 3 家）</strong>"));
        assertTrue(html.contains("本标段无投标人递交投标文件"));
        assertTrue(html.contains("开标过程中没有投标人提出异议"));
        assertFalse(html.contains("<li>第 1 标段"), "nothing to list under failures");
        assertEquals("滨江新区第一中学教学楼建设工程施工招标 开标记录", DocumentTestSupport.pdfTitle(renderer().render(html)));
        assertTrue(renderer().render(html).length > 1000);
    }

    @Test
    void dataIsEscaped() {
        Map<String, Object> r = sampleOpeningRecord();
        r.put("title", "A&B <script>alert('x')</script>");
        r.put("objections", List.of(DocumentTestSupport.objection("</td></tr></table>", "&amp;", "<b>x</b>")));
        String html = render(r);
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<b>x</b>"));
        assertTrue(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
    }

    @Test
    void rendersToPdfWithExtractableText() throws Exception {
        byte[] pdf = renderer().render(render(sampleOpeningRecord()));
        Path file = DocumentTestSupport.write(work, "opening-record.pdf", pdf);
        String text = squeeze(pdftotext(file));
        for (String s : List.of("开标记录", "浙江宏远建设集团有限公司", "¥29,386,500.00", "湖州南太湖生态建设有限公司",
                "¥8,302,600.00", "超过最高投标限价", "尚未答复")) {
            assertTrue(text.contains(s), s);
        }
    }

    @Test
    void templateIsUtf8WithoutBom() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("templates/opening-record.html"));
        assertFalse(bytes.length > 2 && (bytes[0] & 0xff) == 0xef, "no BOM before the DOCTYPE");
    }
}
