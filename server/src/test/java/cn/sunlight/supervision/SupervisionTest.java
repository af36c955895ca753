package cn.sunlight.supervision;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

@QuarkusTest
class SupervisionTest {

    @Inject
    PlatformClock clock;

    @Test
    void objectionAnswerTurnsYellowThenRedOnTheDesk() {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        var bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        Instant due = Instant.parse(bidder.call().body(Map.of("subject", "评标办法不明确", "text", "请澄清"))
                .post("/api/tenders/" + id + "/objections").then().statusCode(201).extract().path("answerDueAt"));
        var supervisor = Api.party("SUPERVISOR");

        supervisor.call().get("/api/supervision/trades").then().statusCode(200)
                .body("find { it.tenderId == " + id + " }.stage", equalTo("SUSPENDED"))
                .body("find { it.tenderId == " + id + " }.openObjections", equalTo(1));
        Duration toYellow = Duration.between(clock.now(), due.minus(Duration.ofHours(12)));
        clock.advance(toYellow);
        try {
            supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                    .body("find { it.tenderId == " + id + " && it.kind == 'objection-answer' }.level", equalTo("YELLOW"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'objection-answer' }.citation", containsString("第二十二条"));
            clock.advance(Duration.ofDays(1));
            supervisor.call().header("Accept-Language", "en").get("/api/supervision/alerts?limit=200").then().statusCode(200)
                    .body("find { it.tenderId == " + id + " && it.kind == 'objection-answer' }.level", equalTo("RED"))
                    .body("find { it.tenderId == " + id + " && it.kind == 'objection-answer' }.evidence.by", equalTo(bidder.organisationName()));
        } finally {
            clock.advance(toYellow.plus(Duration.ofDays(1)).negated());
        }
    }

    @Test
    void complaintIsAcceptedAndDecidedWithinTheLegalLimits() {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("PROCUREMENT", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        var bidder = Api.party("BIDDER");
        long complaint = ((Number) bidder.call().body(Map.of("subject", "质疑答复不满意", "text", "请求责令改正"))
                .post("/api/tenders/" + id + "/complaints").then().statusCode(201)
                .body("acceptDueAt", notNullValue()).extract().path("id")).longValue();
        var supervisor = Api.party("SUPERVISOR");
        supervisor.call().get("/api/supervision/complaints").then().statusCode(200).body("id", hasItem((int) complaint));
        supervisor.call().post("/api/supervision/complaints/" + complaint + "/accept").then().statusCode(200)
                .body("decideDueAt", notNullValue());
        supervisor.call().body(Map.of("decision", "投诉缺乏事实依据，驳回")).post("/api/supervision/complaints/" + complaint + "/decide")
                .then().statusCode(200).body("decidedAt", notNullValue());
        supervisor.call().post("/api/supervision/complaints/" + complaint + "/accept").then().statusCode(409);
    }

    @Test
    void timeTravelShowsTheTenderAsItWas() throws Exception {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        Thread.sleep(20);
        Instant whileDraft = clock.now();
        Thread.sleep(20);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        var supervisor = Api.party("SUPERVISOR");
        supervisor.call().queryParam("at", whileDraft.toString()).get("/api/supervision/tenders/" + id + "/as-of")
                .then().statusCode(200).body("state.status", equalTo("DRAFT")).body("events.size()", equalTo(1));
        supervisor.call().queryParam("at", clock.now().toString()).get("/api/supervision/tenders/" + id + "/as-of")
                .then().statusCode(200).body("state.status", equalTo("BIDDING"))
                .body("events.action", hasItems("tender.drafted", "tender.published"));
        supervisor.call().queryParam("at", "2020-01-01T00:00:00Z").get("/api/supervision/tenders/" + id + "/as-of")
                .then().statusCode(404);
    }

    @Inject
    cn.sunlight.audit.service.TransparencyLog log;

    @Test
    void supervisorReadsAreThemselvesLoggedInThePublicLog() throws Exception {
        var supervisor = Api.party("SUPERVISOR");
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200);
        var entries = cn.sunlight.support.LogEntries.awaitRecent(log, list -> list.stream().anyMatch(e ->
                e.contains("\"action\":\"supervision.alerts-read\"") && e.contains("\"actor\":\"" + supervisor.username() + "\"")));
        org.junit.jupiter.api.Assertions.assertTrue(entries.stream().anyMatch(e -> e.contains("\"action\":\"supervision.alerts-read\"")
                && e.contains("\"actor\":\"" + supervisor.username() + "\"")), "the supervisor's read is a log entry");
    }
}
