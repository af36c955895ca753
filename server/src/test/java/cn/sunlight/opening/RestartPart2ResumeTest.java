package cn.sunlight.opening;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Shell;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Second half: a different test profile makes Quarkus stop and start again, on the same database
 * (Flyway does not clean it this time). The opening that Part 1 left in its decryption stage resumes
 * from the database: the rest of the bidders decrypt, the host reads out and closes with a signed record.
 */
@QuarkusTest
@TestProfile(RestartPart2ResumeTest.Restarted.class)
class RestartPart2ResumeTest {

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.flyway.clean-at-start", "false");
        }
    }

    @Inject
    PlatformClock clock;

    @Test
    void theOpeningResumesAfterARestart() throws Exception {
        Path handoffFile = RestartPart1OpeningTest.HANDOFF;
        Assumptions.assumeTrue(Files.exists(handoffFile), "runs after RestartPart1OpeningTest in the same suite");
        JsonNode handoff = CanonicalJson.mapper().readTree(Files.readString(handoffFile));
        long id = handoff.get("tenderId").asLong();
        String host = handoff.get("hostToken").asText();
        Duration offset = Duration.ofSeconds(handoff.get("offsetSeconds").asLong());
        clock.advance(offset);
        try {
            given().get("/api/tenders/" + id + "/opening").then().statusCode(200)
                    .body("stage", equalTo("DECRYPTION")).body("openedBids", equalTo(1)).body("standingBids", equalTo(3));
            given().get("/api/tenders/" + id).then().body("status", equalTo("OPENING"));
            for (int i = 1; i < 3; i++) {
                JsonNode b = handoff.get("bidders").get(i);
                Api.as(b.get("token").asText()).body(Map.of("contentKey", b.get("contentKey").asText()))
                        .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200).body("status", equalTo("DECRYPTED"));
            }
            Api.as(host).post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
            Api.as(host).post("/api/tenders/" + id + "/opening/confirmation").then().statusCode(200);
            for (JsonNode b : handoff.get("bidders")) {
                Api.as(b.get("token").asText()).body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + id + "/opening/lots/1/confirm")
                        .then().statusCode(200);
            }
            Api.as(host).post("/api/tenders/" + id + "/opening/close").then().statusCode(200).body("stage", equalTo("CLOSED"));
            byte[] pdf = Api.as(host).get("/api/tenders/" + id + "/opening/record.pdf").then().statusCode(200).extract().asByteArray();
            Path file = Files.createTempFile("resumed-record", ".pdf");
            Files.write(file, pdf);
            assertTrue(Shell.ok(null, "pdfsig", file.toString()).contains("Signature is Valid"));
            String text = Shell.ok(null, "pdftotext", "-enc", "UTF-8", file.toString(), "-").replaceAll("\\s+", "");
            for (JsonNode b : handoff.get("bidders")) {
                assertTrue(text.contains(b.get("name").asText().replaceAll("\\s+", "")));
            }
        } finally {
            clock.advance(offset.negated());
            Files.deleteIfExists(handoffFile);
        }
    }
}
