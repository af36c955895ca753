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

    @Test
    void theDeadlineJobClosesSubmissionAndCheckpointsTheLogAndCollusionShowsWithEvidence() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        assertEquals(deadline, timer.nextFire(id), "a Quartz trigger fires at the deadline to the millisecond");

        Party a = Api.party("BIDDER");
        Party b = Api.party("BIDDER");
        Party c = Api.party("BIDDER");
        for (Party p : new Party[]{a, b, c}) {
            p.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        // a and b: bonds from one account and bids prepared on one machine; c is independent.
        Bids.bid(a, id, code, 1, "9000000.00", Map.of("X-Bond-Payer-Account", "6222-0000-1111", "X-Bid-Fingerprint",
                Bids.fingerprint("host-X", "mac-X", "file-X")));
        Bids.bid(b, id, code, 1, "9100000.00", Map.of("X-Bond-Payer-Account", "6222-0000-1111", "X-Bid-Fingerprint",
                Bids.fingerprint("host-X", "mac-Y", "file-Y")));
        Bids.bid(c, id, code, 1, "9200000.00", Map.of("X-Bond-Payer-Account", "6222-9999-2222", "X-Bid-Fingerprint",
                Bids.fingerprint("host-Z", "mac-Z", "file-Z")));
        Party supervisor = Api.party("SUPERVISOR");

        // Before the deadline nothing about the bids is visible, not even to the supervisor.
        assertFalse(closing.closeIfDue(id), "not due yet");
        supervisor.call().get("/api/supervision/alerts").then().statusCode(200)
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
            assertTrue(log.checkpoints().stream().anyMatch(cp -> cp.reason().equals("deadline:" + code)),
                    "a cosigned checkpoint seals the log at the deadline");
            assertTrue(log.checkpoints().size() > checkpointsBefore);

            var alerts = supervisor.call().get("/api/supervision/alerts").then().statusCode(200);
            alerts.body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.level", equalTo("RED"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.evidence.sharedValue",
                            equalTo("6222-0000-1111"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.evidence.bidders",
                            containsInAnyOrder(a.organisationName(), b.organisationName()))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-bond-account' }.citation", containsString("第四十条"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'collusion-same-machine' }.evidence.bidders",
                            not(hasItem(c.organisationName())))
                    .body("findAll { it.tenderId == " + id + " && it.kind == 'collusion-same-mac' }.size()", equalTo(0));
            // Bidders never see each other's evidence.
            a.call().get("/api/supervision/alerts").then().statusCode(403);
        } finally {
            clock.advance(past.negated());
        }
    }
}
