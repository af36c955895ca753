package cn.sunlight.award;

import cn.sunlight.award.service.AwardService;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Openings;
import cn.sunlight.support.Openings.Expert;
import cn.sunlight.support.Openings.Opened;
import cn.sunlight.support.Shell;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 6 end to end: from the opening to the contract, for an engineering and a procurement tender. */
@QuarkusTest
class TenderToContractTest {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    AwardService awardService;

    Duration moved = Duration.ZERO;

    void advance(Duration d) {
        clock.advance(d);
        moved = moved.plus(d);
    }

    @AfterEach
    void moveBack() {
        clock.advance(moved.negated());
        moved = Duration.ZERO;
    }

    static long id(Object n) {
        return ((Number) n).longValue();
    }

    @Test
    void engineeringTenderGoesFromOpeningToContractAndAnObjectionSuspendsTheAward() throws Exception {
        String specialty = "房屋建筑-" + System.nanoTime();
        Opened t = Openings.toEvaluation(clock, closing, this::advance, "ENGINEERING", "OPEN", Map.of(),
                "9100000.00", "9250000.00", "9300000.00", "9400000.00", "6000000.00");
        List<Party> b = t.bidders();
        // Experts: six free of conflicts, one linked to a bidder and one to the tendering unit.
        Map<Long, Expert> experts = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Expert e = Openings.expert(specialty);
            experts.put(e.userId(), e);
        }
        Expert linkedToBidder = Openings.expert(specialty, b.get(0).organisationId());
        Expert linkedToUnit = Openings.expert(specialty, t.host().organisationId());

        b.get(0).call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee").then().statusCode(403);
        t.host().call().body(Map.of("specialty", specialty, "size", 4)).post("/api/tenders/" + t.id() + "/committee").then()
                .statusCode(422).body("violations[0].rule", equalTo("committee-min-size"));
        var committee = t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee").then()
                .statusCode(201).body("size", equalTo(5)).body("seed", matchesPattern("[0-9a-f]{64}")).extract();
        List<Number> candidates = committee.path("candidates");
        List<Number> members = committee.path("members.expertId");
        assertEquals(6, candidates.size(), "conflicted experts are not even candidates");
        for (Number m : members) {
            assertNotEquals(linkedToBidder.userId(), m.longValue(), "an expert linked to a bidder is never drawn");
            assertNotEquals(linkedToUnit.userId(), m.longValue(), "an expert linked to the tendering unit is never drawn");
            assertTrue(experts.containsKey(m.longValue()));
        }
        t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee").then().statusCode(409);

        // A member withdraws; the next expert in the seeded order takes the seat, and the supervisor re-runs the draw.
        long out = members.getFirst().longValue();
        long in = id(t.host().call().body(Map.of("reason", "专家因病无法参加评标")).post("/api/tenders/" + t.id() + "/committee/members/"
                + out + "/replace").then().statusCode(200).body("active", equalTo(true)).extract().path("expertId"));
        assertNotEquals(linkedToBidder.userId(), in);
        assertTrue(experts.containsKey(in) && !members.stream().map(Number::longValue).toList().contains(in));
        Party supervisor = Api.party("SUPERVISOR");
        supervisor.call().get("/api/tenders/" + t.id() + "/committee/draw-check").then().statusCode(200)
                .body("matches", equalTo(true)).body("seedMatches", equalTo(true)).body("membersMatch", equalTo(true))
                .body("replacements.size()", equalTo(1)).body("replacementsFollowOrder", equalTo(true));

        List<Party> sitting = new ArrayList<>();
        for (Number m : members) {
            if (m.longValue() != out) {
                sitting.add(experts.get(m.longValue()).party());
            }
        }
        sitting.add(experts.get(in).party());
        experts.get(out).party().call().body(Map.of("passed", true, "reason", "符合"))
                .post("/api/tenders/" + t.id() + "/evaluation/bids/" + t.bidIds().get(0) + "/qualification").then().statusCode(403);
        linkedToBidder.party().call().get("/api/tenders/" + t.id() + "/evaluation/bids").then().statusCode(403);

        // Clarification of the abnormally low price through the platform.
        long cl = id(sitting.get(0).call().body(Map.of("question", "请说明报价 6,000,000.00 元的成本构成"))
                .post("/api/tenders/" + t.id() + "/evaluation/bids/" + t.bidIds().get(4) + "/clarifications").then().statusCode(201)
                .extract().path("id"));
        b.get(4).call().get("/api/tenders/" + t.id() + "/evaluation/clarifications").then().statusCode(200).body("size()", equalTo(1));
        b.get(1).call().get("/api/tenders/" + t.id() + "/evaluation/clarifications").then().statusCode(200).body("size()", equalTo(0));
        b.get(1).call().body(Map.of("answer", "x")).post("/api/tenders/" + t.id() + "/evaluation/clarifications/" + cl + "/answer")
                .then().statusCode(403);
        b.get(4).call().body(Map.of("answer", "自有构件厂供货，成本明细见附件"))
                .post("/api/tenders/" + t.id() + "/evaluation/clarifications/" + cl + "/answer").then().statusCode(200);

        sitting.get(0).call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(409)
                .body("type", containsString("reviews-missing"));
        for (int e = 0; e < sitting.size(); e++) {
            for (int i = 0; i < 5; i++) {
                boolean pass = !(i == 2 && e < 3);
                sitting.get(e).call().body(Map.of("passed", pass, "reason", pass ? "资格条件符合" : "项目经理注册证书已过期"))
                        .post("/api/tenders/" + t.id() + "/evaluation/bids/" + t.bidIds().get(i) + "/qualification").then().statusCode(200);
            }
        }
        var results = sitting.get(1).call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(200);
        results.body("find { it.bidId == " + t.bidIds().get(2) + " }.qualified", equalTo(false))
                .body("find { it.bidId == " + t.bidIds().get(2) + " }.reasons", containsString("证书已过期"))
                .body("find { it.bidId == " + t.bidIds().get(4) + " }.abnormallyLow", equalTo(true))
                .body("find { it.bidId == " + t.bidIds().get(0) + " }.abnormallyLow", equalTo(false))
                .body("find { it.bidId == " + t.bidIds().get(4) + " }.rank", equalTo(1))
                .body("find { it.bidId == " + t.bidIds().get(0) + " }.rank", equalTo(2))
                .body("find { it.bidId == " + t.bidIds().get(1) + " }.rank", equalTo(3));
        sitting.get(1).call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(409);

        byte[] report = t.host().call().get("/api/tenders/" + t.id() + "/evaluation/report.pdf").then().statusCode(200).extract().asByteArray();
        String text = pdfText(report);
        assertTrue(text.contains("评标报告"), text);
        assertTrue(text.contains("异常低价"), text);
        assertTrue(text.contains(b.get(4).organisationName().replaceAll("\\s+", "")), text);
        assertTrue(pdfSig(report).contains("Signature is Valid"));
        given().get("/api/tenders/" + t.id() + "/publicity").then().statusCode(404);

        // Publicity; an objection during it suspends the award until answered.
        t.host().call().post("/api/tenders/" + t.id() + "/publicity").then().statusCode(200).body("endsAt", notNullValue());
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("PUBLICITY"));
        given().get("/api/tenders/" + t.id() + "/publicity").then().statusCode(200).body("candidates.size()", equalTo(3))
                .body("candidates[0].bidder", equalTo(b.get(4).organisationName()));
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(409).body("type", containsString("publicity-running"));
        Api.party("BIDDER").call().body(Map.of("subject", "x", "text", "y")).post("/api/tenders/" + t.id() + "/publicity/objections")
                .then().statusCode(403);
        long objection = id(b.get(2).call().body(Map.of("subject", "资格审查结论", "text", "我方项目经理证书已延续注册，请复核"))
                .post("/api/tenders/" + t.id() + "/publicity/objections").then().statusCode(201).extract().path("id"));
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("SUSPENDED"));
        advance(Duration.ofDays(4));
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(409).body("type", containsString("illegal-transition"));
        t.host().call().body(Map.of("answer", "经复核，投标截止时证书已过期，维持评标结论"))
                .post("/api/tenders/" + t.id() + "/objections/" + objection + "/answer").then().statusCode(200);
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("PUBLICITY"));
        // Not satisfied with the answer, the bidder complains to the supervisor (complaints: cn.sunlight.supervision).
        b.get(2).call().body(Map.of("subject", "对异议答复不服", "text", "请监督部门复核资格审查结论"))
                .post("/api/tenders/" + t.id() + "/complaints").then().statusCode(201);

        // Award: the first-ranked candidate, a signed notice to it and a public signed result announcement.
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].winnerId", equalTo((int) b.get(4).organisationId())).body("[0].contractDueAt", notNullValue());
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("AWARDED"));
        byte[] notice = b.get(4).call().get("/api/tenders/" + t.id() + "/award/lots/1/notice.pdf").then().statusCode(200).extract().asByteArray();
        assertTrue(pdfText(notice).contains("中标通知书"));
        assertTrue(pdfSig(notice).contains("Signature is Valid"));
        b.get(0).call().get("/api/tenders/" + t.id() + "/award/lots/1/notice.pdf").then().statusCode(403);
        byte[] announcement = given().get("/api/tenders/" + t.id() + "/award/announcement.pdf").then().statusCode(200).extract().asByteArray();
        assertTrue(pdfText(announcement).contains(b.get(4).organisationName().replaceAll("\\s+", "")));
        b.get(0).call().get("/api/notifications").then().body("find { it.tenderId == " + t.id() + " && it.kind == 'award.result' }",
                notNullValue());

        // The contract deadline approaches: a reminder, then a red alert for the supervisor.
        advance(Duration.ofDays(25));
        assertTrue(awardService.remindContracts() >= 1);
        b.get(4).call().get("/api/notifications").then().body("find { it.tenderId == " + t.id()
                + " && it.kind == 'award.contract-reminder' }", notNullValue());
        advance(Duration.ofDays(7));
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'contract-within' }.level", equalTo("RED"));

        t.host().call().body(Map.of("amount", "6000000.00", "performanceBond", "700000.00"))
                .post("/api/tenders/" + t.id() + "/award/lots/1/contract").then().statusCode(422)
                .body("violations[0].rule", equalTo("performance-bond-max-percent"));
        t.host().call().body(Map.of("amount", "6000000.00", "performanceBond", "600000.00"))
                .post("/api/tenders/" + t.id() + "/award/lots/1/contract").then().statusCode(200).body("contractedAt", notNullValue());
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("CONTRACTED"));

        // Bonds: all five due within 5 days of the contract, refunded with demand-deposit interest.
        t.host().call().get("/api/tenders/" + t.id() + "/bonds").then().statusCode(200).body("size()", equalTo(5));
        b.get(1).call().get("/api/tenders/" + t.id() + "/bonds").then().statusCode(200).body("size()", equalTo(1));
        var refunded = t.host().call().post("/api/tenders/" + t.id() + "/bonds/" + b.get(1).organisationId() + "/refund").then()
                .statusCode(200).body("refundedAt", notNullValue()).extract();
        BigDecimal interest = new BigDecimal(refunded.path("interest").toString());
        assertTrue(interest.signum() > 0, "interest is due for the days the bond was held");
        // 100,000.00 × 0.35 % × days / 360, counting the Beijing calendar days from the bid deadline to the refund (~36).
        java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
        long days = java.time.temporal.ChronoUnit.DAYS.between(Instant.parse(refunded.path("paidAt")).atZone(beijing).toLocalDate(),
                Instant.parse(refunded.path("refundedAt")).atZone(beijing).toLocalDate());
        assertTrue(days >= 36 && days <= 37, "days held " + days);
        BigDecimal expected = new BigDecimal("100000.00").multiply(new BigDecimal("0.35")).multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(36000), 2, java.math.RoundingMode.HALF_UP);
        assertEquals(0, expected.compareTo(interest), expected + " vs " + interest);
        // Past the bonds' due date: 5 days after the contract, counted in working days where the rules say so, so
        // the distance depends on the calendar (a contract just before the Spring Festival waits for the holiday).
        List<String> dues = t.host().call().get("/api/tenders/" + t.id() + "/bonds").then().extract().path("dueAt");
        Instant latestDue = dues.stream().map(Instant::parse).max(Instant::compareTo).orElseThrow();
        advance(Duration.between(clock.now(), latestDue).plusDays(1));
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("findAll { it.tenderId == " + t.id() + " && it.kind == 'bond-refund-within' }.size()", equalTo(4))
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'bond-refund-within' }.level", equalTo("RED"));
        // Its open data (issue 15): every release, the package and the record valid by the official OCDS schemas.
        assertEquals("complete", cn.sunlight.support.OcdsChecks.validateTender(t.code()).path("compiledRelease").path("tender")
                .path("status").asText());
    }

    @Test
    void procurementTenderWithComprehensiveScoringGoesToContract() throws Exception {
        String specialty = "信息化设备-" + System.nanoTime();
        Opened t = Openings.toEvaluation(clock, closing, this::advance, "PROCUREMENT", "OPEN",
                Map.of("evaluationMethod", "COMPREHENSIVE_SCORING"), "9000000.00", "8800000.00", "9200000.00");
        Map<Long, Expert> experts = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            Expert e = Openings.expert(specialty);
            experts.put(e.userId(), e);
        }
        Openings.expert(specialty, t.bidders().get(1).organisationId());
        // A budget of RMB 10 million calls for at least 7 members (财政部令第87号 Art. 47).
        t.host().call().body(Map.of("specialty", specialty, "size", 5)).post("/api/tenders/" + t.id() + "/committee").then()
                .statusCode(422).body("violations[0].rule", equalTo("committee-min-size-large-budget"));
        List<Number> members = t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee")
                .then().statusCode(201).body("size", equalTo(7)).extract().path("members.expertId");
        List<Party> sitting = members.stream().map(m -> experts.get(m.longValue()).party()).toList();
        assertFalse(sitting.contains(null), "only unconflicted experts are drawn");

        t.host().call().body(Map.of("criteria", List.of(Map.of("name", "价格", "weight", 40), Map.of("name", "技术", "weight", 40))))
                .put("/api/tenders/" + t.id() + "/evaluation/criteria").then().statusCode(422)
                .body("violations[0].rule", equalTo("weights-sum"));
        t.host().call().body(Map.of("criteria", List.of(Map.of("name", "价格", "weight", 40), Map.of("name", "技术", "weight", 40),
                Map.of("name", "商务", "weight", 20)))).put("/api/tenders/" + t.id() + "/evaluation/criteria").then().statusCode(200)
                .body("criteria.size()", equalTo(3));
        Map<String, Object> high = Map.of("价格", 90, "技术", 95, "商务", 80);
        sitting.get(0).call().body(Map.of("scores", high)).post("/api/tenders/" + t.id() + "/evaluation/bids/" + t.bidIds().get(0) + "/scores")
                .then().statusCode(409).body("type", containsString("qualification-first"));
        for (Party e : sitting) {
            for (long bid : t.bidIds()) {
                e.call().body(Map.of("passed", true, "reason", "资格条件符合")).post("/api/tenders/" + t.id() + "/evaluation/bids/" + bid
                        + "/qualification").then().statusCode(200);
            }
            // Bid 0 (90) wins on technique; bid 2 scores 80; bid 1 is cheapest but weaker (76).
            e.call().body(Map.of("scores", high)).post("/api/tenders/" + t.id() + "/evaluation/bids/" + t.bidIds().get(0) + "/scores")
                    .then().statusCode(200).body("total", equalTo(90.0f));
            e.call().body(Map.of("scores", Map.of("价格", 100, "技术", 60, "商务", 60))).post("/api/tenders/" + t.id()
                    + "/evaluation/bids/" + t.bidIds().get(1) + "/scores").then().statusCode(200);
            e.call().body(Map.of("scores", Map.of("价格", 80, "技术", 80, "商务", 80))).post("/api/tenders/" + t.id()
                    + "/evaluation/bids/" + t.bidIds().get(2) + "/scores").then().statusCode(200);
        }
        t.host().call().body(Map.of("criteria", List.of(Map.of("name", "价格", "weight", 100))))
                .put("/api/tenders/" + t.id() + "/evaluation/criteria").then().statusCode(409);
        sitting.get(3).call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(200)
                .body("find { it.bidId == " + t.bidIds().get(0) + " }.rank", equalTo(1))
                .body("find { it.bidId == " + t.bidIds().get(0) + " }.score", equalTo(90.0f))
                .body("find { it.bidId == " + t.bidIds().get(2) + " }.rank", equalTo(2))
                .body("find { it.bidId == " + t.bidIds().get(1) + " }.rank", equalTo(3));

        // The publicity is due within 2 working days of the report: the supervisor sees it turn red when it is late.
        Party supervisor = Api.party("SUPERVISOR");
        advance(Duration.ofDays(6));
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'publicity-publish-within' }.level", equalTo("RED"));
        t.host().call().post("/api/tenders/" + t.id() + "/publicity").then().statusCode(200);
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("findAll { it.tenderId == " + t.id() + " && it.kind == 'publicity-publish-within' }", empty());
        advance(Duration.ofDays(10));
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(200)
                .body("[0].winnerId", equalTo((int) t.bidders().get(0).organisationId()));
        // Procurement: the unsuccessful suppliers' bonds fall due from the award notice, the winner's from the contract.
        t.host().call().get("/api/tenders/" + t.id() + "/bonds").then().statusCode(200).body("size()", equalTo(2));
        t.host().call().body(Map.of("amount", "9000000.00")).post("/api/tenders/" + t.id() + "/award/lots/1/contract")
                .then().statusCode(200);
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("CONTRACTED"));
        t.host().call().get("/api/tenders/" + t.id() + "/bonds").then().statusCode(200).body("size()", equalTo(3));
        Instant contracted = Instant.parse(given().get("/api/tenders/" + t.id() + "/award").then().extract().path("[0].contractedAt"));
        assertNotNull(contracted);
        JsonNode record = cn.sunlight.support.OcdsChecks.validateTender(t.code());
        assertEquals("ratedCriteria", record.path("compiledRelease").path("tender").path("awardCriteria").asText());
        assertEquals(1, record.path("compiledRelease").path("contracts").size());
    }

    static String pdfText(byte[] pdf) throws Exception {
        Path file = Files.createTempFile("award", ".pdf");
        Files.write(file, pdf);
        return Shell.ok(null, "pdftotext", "-enc", "UTF-8", file.toString(), "-").replaceAll("\\s+", "");
    }

    static String pdfSig(byte[] pdf) throws Exception {
        Path file = Files.createTempFile("award", ".pdf");
        Files.write(file, pdf);
        return Shell.ok(null, "pdfsig", file.toString());
    }
}
