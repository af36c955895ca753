package cn.sunlight.tender;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class AnnouncementTest {

    @Inject
    PlatformClock clock;

    @Test
    void announcementPdfCarriesExtractableChineseText() throws Exception {
        var host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
        body.put("title", "阳光市滨江大道改造工程施工招标");
        long id = Api.draft(host, body);
        given().get("/api/tenders/" + id + "/announcement.pdf").then().statusCode(404);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);

        given().get("/api/tenders/" + id + "/announcement.html").then().statusCode(200)
                .body(containsString("阳光市滨江大道改造工程施工招标"));
        byte[] pdf = given().get("/api/tenders/" + id + "/announcement.pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        Path file = Files.createTempFile("announcement", ".pdf");
        Files.write(file, pdf);
        String text = run("pdftotext", "-enc", "UTF-8", file.toString(), "-");
        assertTrue(text.contains("阳光市滨江大道改造工程施工招标"), text);
        assertTrue(text.contains(host.organisationName()), "tendering unit named");
        assertTrue(text.contains("第一标段"), "lots listed");
        assertTrue(text.contains("北京时间"), "deadline shown in Beijing time");
        String fonts = run("pdffonts", file.toString());
        assertTrue(fonts.contains("CID TrueType") && fonts.lines().skip(2).allMatch(l -> l.contains(" yes ")), fonts);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
