package cn.sunlight.opening;

import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.opening.service.DeadlineTimer;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class DeadlineAndCollusionTest {

    @Inject
    PlatformClock clock;
    @Inject
    DeadlineTimer timer;
    @Inject
    BidClosing closing;
    @Inject
    TransparencyLog log;
    @Inject
    io.agroal.api.AgroalDataSource db;

    @Test
    void theDeadlineJobClosesSubmissionAndCheckpointsTheLogAndCollusionShowsWithEvidence() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        assertEquals(deadline, timer.nextFire(id), "a Quartz trigger fires at the deadline to the millisecond");

        // a and b: bonds from one account and bids prepared on one computer; c is independent.
        Bids.Trio trio = Bids.sameAccountAndHost(id, code, "9000000.00", "9100000.00", "9200000.00");
        Party a = trio.a();
        Party b = trio.b();
        Party c = trio.c();
        Party supervisor = Api.party("SUPERVISOR");

        // Before the deadline nothing about the bids is visible, not even to the supervisor.
        assertFalse(closing.closeIfDue(id), "not due yet");
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("findAll { it.tenderId == " + id + " }.size()", equalTo(0));

        long checkpointsBefore = log.checkpoints().size();
        Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(past);
        try {
            timer.fireNow(id); // what Quartz does at the deadline
            long until = System.currentTimeMillis() + 20_000;
            while (!"CLOSED".equals(given().get("/api/tenders/" + id).then().extract().path("status"))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            given().get("/api/tenders/" + id).then().body("status", equalTo("CLOSED"));
            assertFalse(closing.closeIfDue(id), "closed exactly once");
            // The close is sealed in the log: its event gets an inclusion proof to a witness-cosigned checkpoint.
            long closeEvent;
            try (var conn = db.getConnection(); var ps = conn.prepareStatement(
                    "select id from audit_event where action = 'tender.closed' and object_id = ?")) {
                ps.setString(1, String.valueOf(id));
                var rs = ps.executeQuery();
                assertTrue(rs.next());
                closeEvent = rs.getLong(1);
            }
            long until2 = System.currentTimeMillis() + 20_000;
            int status = 0;
            while (System.currentTimeMillis() < until2 && (status = given().get("/api/log/events/" + closeEvent + "/proof").statusCode()) != 200) {
                Thread.sleep(200);
            }
            assertEquals(200, status, "the close event is covered by a checkpoint");
            var proof = given().get("/api/log/events/" + closeEvent + "/proof").then().extract().jsonPath();
            var keys = given().get("/api/log/keys").then().extract().jsonPath();
            var note = cn.sunlight.audit.log.SignedNote.parse(proof.getString("checkpoint"));
            cn.sunlight.audit.log.NoteVerifier.of(cn.sunlight.audit.log.VerifierKey.parse(keys.getString("witnessVerifierKey"))).verify(note);
            var cp = cn.sunlight.audit.log.Checkpoint.from(cn.sunlight.audit.log.NoteVerifier.of(
                    cn.sunlight.audit.log.VerifierKey.parse(keys.getString("logVerifierKey"))).verify(note));
            cn.sunlight.audit.log.ProofVerifier.verifyInclusion(proof.getLong("inclusion.index"), cp.size(),
                    java.util.Base64.getDecoder().decode(proof.getString("inclusion.leafHash")),
                    proof.getList("inclusion.proof", String.class).stream().map(java.util.Base64.getDecoder()::decode).toList(), cp.rootHash());
            assertTrue(log.checkpoints().size() > checkpointsBefore);

            var alerts = supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200);
            alerts.body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.level", equalTo("RED"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.evidence.sharedValue",
                            equalTo("6222-0000-1111"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.evidence.bidders",
                            containsInAnyOrder(a.organisationName(), b.organisationName()))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.citation", containsString("第四十条"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-same-machine' }.evidence.bidders",
                            not(hasItem(c.organisationName())))
                    .body("findAll { it.tenderId == " + id + " && it.kind == 'collusion-same-mac' }.size()", equalTo(0));
            // The signals were stored when the deadline passed (issue 20): one tender's alerts, one page at a time,
            // every alert once, in the desk's order, with the counts of all alerts in headers.
            java.util.List<String> all = supervisor.call().get("/api/supervision/alerts?tender=" + id + "&limit=200")
                    .then().statusCode(200).header("X-Red-Count", notNullValue()).extract().jsonPath().getList("kind");
            assertTrue(all.size() >= 2 && all.contains("collusion-bond-account") && all.contains("collusion-same-machine"), all.toString());
            java.util.List<String> paged = new java.util.ArrayList<>();
            String cursor = null;
            for (int i = 0; i <= all.size(); i++) {
                var page = supervisor.call().queryParam("tender", id).queryParam("limit", 1)
                        .queryParam("cursor", cursor == null ? "" : cursor).get("/api/supervision/alerts").then().statusCode(200);
                paged.addAll(page.extract().jsonPath().getList("kind"));
                cursor = page.extract().header("X-Next-Cursor");
                if (cursor == null) {
                    break;
                }
            }
            assertEquals(all, paged, "paging one alert at a time gives every alert once, in order");
            // … and back: the previous page of the last one is the one before it.
            String prev = supervisor.call().queryParam("tender", id).queryParam("limit", 1).queryParam("cursor",
                    supervisor.call().queryParam("tender", id).queryParam("limit", 1).get("/api/supervision/alerts")
                            .then().extract().header("X-Next-Cursor"))
                    .get("/api/supervision/alerts").then().statusCode(200).extract().header("X-Prev-Cursor");
            supervisor.call().queryParam("tender", id).queryParam("limit", 1).queryParam("cursor", prev)
                    .get("/api/supervision/alerts").then().statusCode(200).body("kind", contains(all.get(0)));
            for (String bad : new String[]{"limit=0", "limit=201", "limit=x", "cursor=%21%21", "tender=abc"}) {
                supervisor.call().get("/api/supervision/alerts?" + bad).then().statusCode(400)
                        .contentType(containsString("application/problem+json"));
            }
            // Bidders never see each other's evidence.
            a.call().get("/api/supervision/alerts?limit=200").then().statusCode(403);
        } finally {
            clock.advance(past.negated());
        }
    }

    @Test
    void afterTheOpeningRegularPricesAndIdenticalDocumentsShowWithEvidence() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        Party[] b = {Api.party("BIDDER"), Api.party("BIDDER"), Api.party("BIDDER")};
        String[] prices = {"9000000.00", "9100000.00", "9200000.00"}; // a regular step of 100,000
        String[] markers = {"同一份施工组织设计", "同一份施工组织设计", "独立编制"}; // bidders 0 and 1 share a document
        byte[][] envelopes = new byte[3][];
        for (int i = 0; i < 3; i++) {
            b[i].call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            envelopes[i] = Bids.sealToOpeningAndSelf(id, code, b[i], Bids.zip(markers[i], prices[i]), false);
        }
        Party supervisor = Api.party("SUPERVISOR");
        Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(past);
        try {
            assertTrue(closing.closeIfDue(id));
            host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200);
            for (int i = 0; i < 3; i++) {
                b[i].call().body(Map.of("contentKey", Bids.contentKey(envelopes[i], b[i]))).post("/api/tenders/" + id + "/opening/lots/1/key")
                        .then().statusCode(200).body("status", equalTo("DECRYPTED"));
            }
            supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-regular-prices' }.evidence.prices",
                            contains("9000000.00", "9100000.00", "9200000.00"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-regular-prices' }.citation", containsString("第（五）项"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-identical-documents' && it.evidence.document == 'technical.txt' }.evidence.bidders",
                            containsInAnyOrder(b[0].organisationName(), b[1].organisationName()));
        } finally {
            clock.advance(past.negated());
        }
    }
}
