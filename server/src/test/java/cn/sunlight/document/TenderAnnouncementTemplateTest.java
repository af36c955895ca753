package cn.sunlight.document;

import static cn.sunlight.document.DocumentTestSupport.engineWithoutReflection;
import static cn.sunlight.document.DocumentTestSupport.sampleData;
import static cn.sunlight.document.DocumentTestSupport.sampleRules;
import static cn.sunlight.document.DocumentTestSupport.sampleTender;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The announcement template renders well-formed XHTML from maps and lists alone (as in Quarkus). */
class TenderAnnouncementTemplateTest {

    private final DocumentTemplates templates = new DocumentTemplates(engineWithoutReflection(),
            DocumentTestSupport.TEMPLATES);

    @Test
    void rendersAllSectionsAsWellFormedXhtml() {
        String html = templates.render("tender-announcement", sampleData());
        assertDoesNotThrow(() -> PdfRenderer.parse(html));
        assertTrue(html.contains("<title>滨江新区第一中学教学楼建设工程施工招标 招标公告</title>"), html);
        for (String section : List.of("一、项目概况", "二、招标范围及标段划分", "三、投标人资格要求", "四、招标文件的获取",
                "五、投标文件的递交", "六、开标", "七、联系方式", "八、监督部门", "九、适用规则")) {
            assertTrue(html.contains(section), section);
        }
        for (String value : List.of("杭州市滨江新区教育发展有限公司", "浙江正衡工程咨询有限公司", "教学楼主体结构及装饰装修工程",
                "室外附属及景观绿化工程", "2025年12月22日 09:30", "¥37,200,000.00", "不见面开标", "共划分 2 个标段",
                "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8", "招标投标法 第二十四条",
                "建筑工程施工总承包贰级")) {
            assertTrue(html.contains(value), value);
        }
        assertFalse(html.contains("采购公告"));
    }

    @Test
    void optionalFieldsMayBeNullOrEmpty() {
        Map<String, Object> t = sampleTender();
        t.put("agent", null);
        t.put("ceilingPrice", null);
        t.put("qualifications", "");
        String html = templates.render("tender-announcement", Map.of("t", t, "rules", List.of()));
        assertDoesNotThrow(() -> PdfRenderer.parse(html));
        assertFalse(html.contains("招标代理机构"));
        assertFalse(html.contains("委托"));
        assertTrue(html.contains("未设置 / none"));
        assertTrue(html.contains("投标人的资格要求详见招标文件"));
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        Map<String, Object> t = sampleTender();
        t.remove("agent");
        t.remove("ceilingPrice");
        t.remove("qualifications");
        String html = templates.render("tender-announcement", Map.of("t", t, "rules", sampleRules()));
        assertDoesNotThrow(() -> PdfRenderer.parse(html));
        assertFalse(html.contains("招标代理机构"));
    }

    @Test
    void governmentProcurementIsACaiGouGongGao() {
        Map<String, Object> t = sampleTender();
        t.put("tradeType", "政府采购");
        String html = templates.render("tender-announcement", Map.of("t", t, "rules", sampleRules()));
        assertTrue(html.contains("采购公告"));
        assertTrue(html.contains("采购人杭州市滨江新区教育发展有限公司"));
    }

    @Test
    void dataIsEscaped() throws Exception {
        Map<String, Object> t = sampleTender();
        t.put("title", "A&B <script>alert('x')</script> \"工程\"");
        t.put("lots", List.of(DocumentTestSupport.lot("1", "</td></tr></table>", "&amp;")));
        String html = templates.render("tender-announcement", Map.of("t", t, "rules", sampleRules()));
        assertDoesNotThrow(() -> PdfRenderer.parse(html));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("A&amp;B &lt;script&gt;"));
        assertEquals("A&B <script>alert('x')</script> \"工程\" 招标公告", DocumentTestSupport.pdfTitle(DocumentTestSupport.renderer().render(html)));
    }

    @Test
    void defaultDirectoryHoldsTheAnnouncement() {
        DocumentTemplates t = new DocumentTemplates(DocumentTestSupport.engine(), Path.of("templates"));
        assertTrue(t.directory().isAbsolute());
        assertDoesNotThrow(() -> t.template("tender-announcement"));
    }

    @Test
    void templateIsUtf8WithoutBom() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("templates/tender-announcement.html"));
        assertFalse(bytes.length > 2 && (bytes[0] & 0xff) == 0xef, "no BOM before the DOCTYPE");
    }
}
