package cn.sunlight.demo;

import cn.sunlight.crypto.Pem;
import cn.sunlight.support.Api;
import cn.sunlight.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 18: the demo's stage code runs against a test instance and every stage is checked through the API — each made
 * by the platform's own code (opening record signed, tampered bid recorded, publicity, complaint, award, contract,
 * auction result replayable, 流标), none of them in the public lists.
 */
@QuarkusTest
class DemoStagesTest {

    @Inject
    DemoData demo;

    @Test
    void everyStageIsReachedByThePlatformsOwnCodeAndShowsThroughTheApi(@TempDir Path dir) throws Exception {
        var s = DemoFixture.get(demo).stages();

        // Opened: signed opening record, the tampered bid recorded as failed with its Art. 31 consequence.
        given().get("/api/tenders/" + s.opened().id()).then().body("status", equalTo("EVALUATION")).body("sandbox", equalTo(true));
        given().get("/api/tenders/" + s.opened().id() + "/opening").then().statusCode(200).body("lines.size()", equalTo(4))
                .body("lines.findAll { it.status == 'FAILED' }.size()", equalTo(1))
                .body("lines.find { it.status == 'FAILED' }.consequence", equalTo("REVOKED"));
        Path record = dir.resolve("record.pdf");
        String tenderer = Api.login("tenderer", Api.PASSWORD);
        Files.write(record, Api.as(tenderer).get("/api/tenders/" + s.opened().id() + "/opening/record.pdf").then().statusCode(200)
                .extract().asByteArray());
        assertTrue(Shell.ok(dir, "pdftotext", "-enc", "UTF-8", record.toString(), "-").contains("沙箱"));
        assertTrue(Shell.ok(dir, "pdfsig", record.toString()).contains("Signature is Valid"));

        // In publicity, with a complaint accepted and not yet decided.
        given().get("/api/tenders/" + s.publicity().id()).then().body("status", equalTo("PUBLICITY"));
        given().get("/api/tenders/" + s.publicity().id() + "/publicity").then().statusCode(200).body("endsAt", notNullValue());
        String sup = Api.login("supervisor", Api.PASSWORD);
        Api.as(sup).get("/api/supervision/complaints").then().statusCode(200)
                .body("find { it.id == " + s.complaintId() + " }.acceptedAt", notNullValue())
                .body("find { it.id == " + s.complaintId() + " }.decidedAt", nullValue());

        // Awarded: notices, result announcement and contract.
        given().get("/api/tenders/" + s.contracted().id()).then().body("status", equalTo("CONTRACTED"));
        given().get("/api/tenders/" + s.contracted().id() + "/award").then().statusCode(200).body("[0].contractedAt", notNullValue());
        given().get("/api/tenders/" + s.contracted().id() + "/award/announcement.pdf").then().statusCode(200);
        Api.as(tenderer).get("/api/tenders/" + s.contracted().id() + "/award/lots/1/notice.pdf").then().statusCode(200);

        // The finished auction: its export replays to the declared result under the platform CA.
        String agent = Api.login("agent", Api.PASSWORD);
        Api.as(agent).get("/api/tenders/" + s.auction().id() + "/auction").then().statusCode(200).body("phase", equalTo("CLOSED"));
        byte[] export = Api.as(agent).get("/api/tenders/" + s.auction().id() + "/auction/export").then().statusCode(200).extract().asByteArray();
        var ca = Pem.readCertificate(given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString());
        var replay = cn.sunlight.auction.verify.AuctionReplay.replay(new ByteArrayInputStream(export), ca, System.out);
        assertTrue(replay.ok(), replay.message());

        // 流标: two bids where three are needed.
        given().get("/api/tenders/" + s.failed().id()).then().body("status", equalTo("FAILED"));

        // None of them in the public lists; all in the sandbox's own.
        List<Integer> ids = List.of((int) s.opened().id(), (int) s.publicity().id(), (int) s.contracted().id(), (int) s.auction().id(),
                (int) s.failed().id());
        List<Integer> publicIds = given().get("/api/tenders").then().statusCode(200).extract().path("id");
        List<Integer> sandboxIds = given().get("/api/sandbox/tenders?limit=200").then().statusCode(200).extract().path("id");
        for (Integer id : ids) {
            assertFalse(publicIds.contains(id), "sandbox tender " + id + " in the public list");
            assertTrue(sandboxIds.contains(id), "sandbox tender " + id + " missing from the sandbox list");
        }
    }
}
