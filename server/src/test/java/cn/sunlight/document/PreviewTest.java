package cn.sunlight.document;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Writes the sample announcement to target/documents/ for a human to look at. */
class PreviewTest {

    @Test
    void writesSampleAnnouncement() throws Exception {
        DocumentTemplates templates = new DocumentTemplates(DocumentTestSupport.engine(), DocumentTestSupport.TEMPLATES);
        String html = templates.render("tender-announcement", DocumentTestSupport.sampleData());
        Path dir = Files.createDirectories(Path.of("target", "documents"));
        Files.writeString(dir.resolve("tender-announcement.html"), html);
        long t0 = System.nanoTime();
        byte[] pdf = DocumentTestSupport.renderer().render(html);
        System.out.printf("announcement: %d bytes in %d ms%n", pdf.length, (System.nanoTime() - t0) / 1_000_000);
        Files.write(dir.resolve("tender-announcement.pdf"), pdf);
        assertTrue(pdf.length > 1000);
    }
}
