package cn.sunlight.document;

import static cn.sunlight.document.DocumentTestSupport.engine;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentTemplatesTest {

    @TempDir
    Path dir;

    private DocumentTemplates templates() {
        return new DocumentTemplates(engine(), dir);
    }

    @Test
    void rendersNamedTemplateWithMapData() throws Exception {
        Files.writeString(dir.resolve("notice.html"), "<p>{t.title}：{#for l in t.lots}[{l.name}]{/for}</p>");
        Map<String, Object> data = Map.of("t", Map.of("title", "中标通知书", "lots", List.of(Map.of("name", "一标段"))));
        assertEquals("<p>中标通知书：[一标段]</p>", templates().render("notice", data));
        assertEquals("<p>中标通知书：[一标段]</p>", templates().render("notice.html", data));
    }

    @Test
    void subdirectoriesAreAllowed() throws Exception {
        Files.createDirectories(dir.resolve("award"));
        Files.writeString(dir.resolve("award/notice.html"), "<p>{x}</p>");
        assertEquals("<p>1</p>", templates().render("award/notice", Map.of("x", 1)));
    }

    @Test
    void missingTemplateIsNamed() {
        TemplateNotFoundException e = assertThrows(TemplateNotFoundException.class,
                () -> templates().render("opening-record", Map.of()));
        assertEquals("opening-record", e.templateName());
        assertTrue(e.getMessage().contains("'opening-record'"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void namesCannotLeaveTheDirectory() {
        for (String bad : List.of("../pom.xml", "/etc/passwd", "a/../../x", "", " ", "a\\b", "a//b", ".hidden")) {
            assertThrows(IllegalArgumentException.class, () -> templates().render(bad, Map.of()), bad);
        }
    }

    @Test
    void valuesAreEscapedAndForbiddenCharactersDropped() throws Exception {
        Files.writeString(dir.resolve("x.html"), "<p title=\"{a}\">{a}{#for s in list}|{s}{/for}{m.k}</p>");
        Map<String, Object> m = new HashMap<>();
        m.put("k", "v\u0001w");
        String out = templates().render("x", Map.of("a", "<b>&\"'", "list", List.of("x\u0000y", "\uD800z"), "m", m));
        assertEquals("<p title=\"&lt;b&gt;&amp;&quot;&#39;\">&lt;b&gt;&amp;&quot;&#39;|xy|zvw</p>", out);
        assertDoesNotThrow(() -> PdfRenderer.parse(out));
    }

    @Test
    void parsedTemplatesAreCachedAndReloadedWhenTheFileChanges() throws Exception {
        Path f = dir.resolve("doc.html");
        Files.writeString(f, "<p>v1 {x}</p>");
        DocumentTemplates templates = templates();
        Template first = templates.template("doc");
        assertSame(first, templates.template("doc"));
        assertEquals("<p>v1 1</p>", templates.render("doc", Map.of("x", 1)));

        Files.writeString(f, "<p>version 2 {x}</p>");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        assertNotSame(first, templates.template("doc"));
        assertEquals("<p>version 2 1</p>", templates.render("doc", Map.of("x", 1)));

        Files.delete(f);
        assertThrows(TemplateNotFoundException.class, () -> templates.render("doc", Map.of("x", 1)));
    }

    @Test
    void missingDataFailsLoudly() throws Exception {
        Files.writeString(dir.resolve("strict.html"), "<p>{t.nope}</p>");
        assertThrows(TemplateException.class, () -> templates().render("strict", Map.of("t", Map.of())));
    }

    @Test
    void refusesAnEngineThatDoesNotEscape() {
        Engine plain = Engine.builder().addDefaults().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DocumentTemplates(plain, dir));
        assertTrue(e.getMessage().contains("escape"), e.getMessage());
    }
}
