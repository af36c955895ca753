package cn.sunlight.opening;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.DeadlineTimer;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/**
 * First half of the restart check: a tender is taken into its opening and one bid decrypted; the state
 * to continue with is handed to {@link RestartPart2ResumeTest}, which runs after a Quarkus restart on
 * the same database. The deadline is closed by what start-up runs (the overdue catch-up).
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(RestartPart1OpeningTest.BeforeRestart.class)
class RestartPart1OpeningTest {

    /** A profile of its own, so that this class and Part 2 run as a pair, in name order, apart from the rest. */
    public static class BeforeRestart implements io.quarkus.test.junit.QuarkusTestProfile {
    }

    static final Path HANDOFF = Path.of("target", "restart-handoff.json");

    @Inject
    PlatformClock clock;
    @Inject
    DeadlineTimer timer;
    @Inject
    org.quartz.Scheduler quartz;

    @Test
    void anOpeningIsUnderWayWhenThePlatformStops() throws Exception {
        Files.deleteIfExists(HANDOFF); // never let Part 2 continue a stale run
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        List<Map<String, String>> bidders = new ArrayList<>();
        for (String price : new String[]{"900000.00", "950000.00", "980000.00"}) {
            Party b = Api.party("BIDDER");
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            byte[] envelope = Bids.sealToOpeningAndSelf(id, code, b, Bids.zip(b.username(), price), false);
            bidders.add(Map.of("token", b.token(), "contentKey", Bids.contentKey(envelope, b), "name", b.organisationName()));
        }
        Duration offset = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(offset);
        try {
            // Earlier tests leave tenders open too; the catch-up closes every overdue one, this one included.
            assertTrue(timer.closeOverdue() >= 1, "start-up catch-up finds the overdue tender");
            long until = System.currentTimeMillis() + 30_000;
            while ((given().get("/api/tenders/" + id + "/opening").statusCode() != 200 || !quartz.getCurrentlyExecutingJobs().isEmpty())
                    && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            given().get("/api/tenders/" + id).then().body("status", equalTo("CLOSED"));
            host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200).body("stage", equalTo("DECRYPTION"));
            Api.as(bidders.getFirst().get("token")).body(Map.of("contentKey", bidders.getFirst().get("contentKey")))
                    .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200).body("status", equalTo("DECRYPTED"));
        } finally {
            clock.advance(offset.negated());
        }
        Map<String, Object> handoff = new LinkedHashMap<>();
        handoff.put("tenderId", id);
        handoff.put("offsetSeconds", offset.toSeconds());
        handoff.put("hostToken", host.token());
        handoff.put("bidders", bidders);
        Files.createDirectories(HANDOFF.getParent());
        Files.writeString(HANDOFF, cn.sunlight.common.CanonicalJson.write(handoff));
    }
}
