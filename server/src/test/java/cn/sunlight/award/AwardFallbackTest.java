package cn.sunlight.award;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Openings;
import cn.sunlight.support.Openings.Opened;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 16 item 3: a winner declines, the second candidate gets a new signed notice, then fails to sign, the third
 * fails to give the performance bond and the tender is re-run; in procurement the purchaser re-runs at once.
 */
@QuarkusTest
class AwardFallbackTest {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    io.agroal.api.AgroalDataSource db;

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

    /** Committee, all qualified, conclusion, publicity and the award of the first candidate. */
    Opened awarded(String tradeType, String... prices) throws Exception {
        Opened t = Openings.toEvaluation(clock, closing, this::advance, tradeType, "OPEN", Map.of(), prices);
        String specialty = "定标-" + System.nanoTime();
        Map<Long, Party> experts = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            Openings.Expert e = Openings.expert(specialty);
            experts.put(e.userId(), e.party());
        }
        List<Number> members = t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee")
                .then().statusCode(201).extract().path("members.expertId");
        List<Party> sitting = members.stream().map(m -> experts.get(m.longValue())).toList();
        for (Party e : sitting) {
            for (long bid : t.bidIds()) {
                e.call().body(Map.of("passed", true, "reason", "资格条件符合")).post("/api/tenders/" + t.id() + "/evaluation/bids/" + bid
                        + "/qualification").then().statusCode(200);
            }
        }
        sitting.getFirst().call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(200);
        t.host().call().post("/api/tenders/" + t.id() + "/publicity").then().statusCode(200);
        advance(Duration.ofDays(10));
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(200);
        return t;
    }

    @Test
    void declinedThenUnsignedThenNoPerformanceBondEndsInARerun() throws Exception {
        // Lowest evaluated price: bidder 1 first, 0 second, 2 third.
        Opened t = awarded("ENGINEERING", "9100000.00", "9000000.00", "9200000.00");
        List<Party> b = t.bidders();
        Party supervisor = Api.party("SUPERVISOR");
        String base = "/api/tenders/" + t.id() + "/award";
        given().get(base).then().body("[0].winnerId", equalTo((int) b.get(1).organisationId()));

        // Only the host records it; bad input is named.
        b.get(1).call().body(Map.of("reason", "DECLINED", "note", "x")).post(base + "/lots/1/failure").then().statusCode(403);
        t.host().call().body(Map.of("reason", "GONE", "note", "x")).post(base + "/lots/1/failure").then().statusCode(400);
        t.host().call().body(Map.of("reason", "DECLINED", "note", "x", "evidence", "%%%")).post(base + "/lots/1/failure")
                .then().statusCode(400).body("violations[0].field", equalTo("evidence"));

        // 1. The first candidate declines in writing: the second gets a new signed notice.
        String letter = Base64.getEncoder().encodeToString("放弃中标声明函（盖章扫描件）".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        t.host().call().body(Map.of("reason", "DECLINED", "note", "中标人书面声明放弃中标", "evidence", letter))
                .post(base + "/lots/1/failure").then().statusCode(200)
                .body("failed.failureReason", equalTo("DECLINED")).body("failed.failureEvidenceSha256", matchesPattern("[0-9a-f]{64}"))
                .body("next.winnerId", equalTo((int) b.get(0).organisationId())).body("rerunTenderId", nullValue());
        given().get(base).then().body("size()", equalTo(1)).body("[0].winnerId", equalTo((int) b.get(0).organisationId()));
        byte[] notice = b.get(0).call().get(base + "/lots/1/notice.pdf").then().statusCode(200).extract().asByteArray();
        String text = TenderToContractTest.pdfText(notice);
        assertTrue(text.contains("中标通知书"), text);
        assertTrue(text.contains(b.get(0).organisationName().replaceAll("\\s+", "")), text);
        assertTrue(text.contains("第五十五条") && text.contains("放弃中标") && text.contains("排名第2"), text);
        assertTrue(TenderToContractTest.pdfSig(notice).contains("Signature is Valid"));
        b.get(1).call().get(base + "/lots/1/notice.pdf").then().statusCode(403);
        b.get(1).call().get("/api/notifications").then().body("find { it.tenderId == " + t.id() + " && it.kind == 'award.failed' }", notNullValue());

        // 2. The second does not sign in time; 3. the third gives no performance bond: nobody is left, the tender is re-run.
        t.host().call().body(Map.of("reason", "NOT_SIGNED", "note", "逾期未签订合同")).post(base + "/lots/1/failure").then()
                .statusCode(200).body("next.winnerId", equalTo((int) b.get(2).organisationId()));
        var rerun = t.host().call().body(Map.of("reason", "NO_PERFORMANCE_BOND", "note", "未按招标文件要求提交履约保证金"))
                .post(base + "/lots/1/failure").then().statusCode(200).body("next", nullValue())
                .body("rerunTenderId", notNullValue()).extract();
        long rerunId = ((Number) rerun.path("rerunTenderId")).longValue();
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("FAILED"));
        t.host().call().get("/api/tenders/" + rerunId).then().statusCode(200).body("status", equalTo("DRAFT"))
                .body("rerunOf", equalTo((int) t.id())).body("title", endsWith("（重新招标）")).body("bidBond", equalTo(100000.00f));
        t.host().call().body(Map.of("reason", "DECLINED", "note", "x")).post(base + "/lots/1/failure").then().statusCode(409);

        // Supervisors see every step: the award history and the log.
        supervisor.call().get(base + "/history").then().statusCode(200).body("size()", equalTo(3))
                .body("failureReason", contains("DECLINED", "NOT_SIGNED", "NO_PERFORMANCE_BOND"))
                .body("rank", contains(1, 2, 3)).body("failedAt", everyItem(notNullValue()));
        b.get(0).call().get(base + "/history").then().statusCode(403);
        List<String> actions = new java.util.ArrayList<>();
        try (var c = db.getConnection(); var ps = c.prepareStatement(
                "select action from audit_event where object_type = 'tender' and object_id = ? and action like 'award.%' order by id")) {
            ps.setString(1, String.valueOf(t.id()));
            var rs = ps.executeQuery();
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        assertEquals(List.of("award.awarded", "award.failed", "award.next-candidate", "award.failed", "award.next-candidate",
                "award.failed", "award.rerun"), actions.stream().filter(a -> !a.equals("award.publicity-due")
                && !a.equals("award.publicity-published")).toList());
    }

    @Test
    void thePurchaserMayRerunInsteadOfAwardingTheNextSupplier() throws Exception {
        Opened t = awarded("PROCUREMENT", "9000000.00", "8800000.00", "9200000.00");
        String base = "/api/tenders/" + t.id() + "/award";
        var o = t.host().call().body(Map.of("reason", "DISQUALIFIED", "note", "经查实中标供应商提供虚假材料", "next", "RERUN"))
                .post(base + "/lots/1/failure").then().statusCode(200).body("next", nullValue()).extract();
        long rerunId = ((Number) o.path("rerunTenderId")).longValue();
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("FAILED"));
        t.host().call().get("/api/tenders/" + rerunId).then().body("rerunOf", equalTo((int) t.id())).body("tradeType", equalTo("PROCUREMENT"));
        Api.party("SUPERVISOR").call().get(base + "/history").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].failureReason", equalTo("DISQUALIFIED"));
    }
}
