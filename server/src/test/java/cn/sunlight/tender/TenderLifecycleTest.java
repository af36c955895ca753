package cn.sunlight.tender;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class TenderLifecycleTest {

    @Inject
    PlatformClock clock;

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} {1} goes from draft to bidding")
    @CsvSource({"ENGINEERING,OPEN", "ENGINEERING,INVITED", "GOODS,OPEN", "GOODS,ONLINE_BIDDING", "PROCUREMENT,OPEN",
            "PROCUREMENT,COMPETITIVE_CONSULTATION", "PROCUREMENT,COMPETITIVE_NEGOTIATION", "PROCUREMENT,INQUIRY"})
    void eachTradeTypeGoesFromDraftToBidding(String tradeType, String method) {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody(tradeType, method, now()));
        host.call().get("/api/tenders/" + id).then().statusCode(200).body("status", equalTo("DRAFT"));
        // Drafts are invisible to the public.
        given().get("/api/tenders/" + id).then().statusCode(404);
        if ("INVITED".equals(method)) { // an invited tender names at least three invitees first (InvitedTenderTest)
            host.call().body(Map.of("creditCodes", List.of(Api.party("BIDDER").creditCode(), Api.party("BIDDER").creditCode(),
                    Api.party("BIDDER").creditCode()))).put("/api/tenders/" + id + "/invitations").then().statusCode(200);
        }

        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200)
                .body("status", equalTo("BIDDING"))
                .body("rulesId", equalTo(tradeType.toLowerCase() + "/" + method.toLowerCase().replace('_', '-')))
                .body("rulesVersion", matchesPattern("[0-9a-f]{64}"));
        given().get("/api/tenders/" + id).then().statusCode(200).body("status", equalTo("BIDDING"));
        given().queryParam("tradeType", tradeType).get("/api/tenders").then().statusCode(200).body("id", hasItem((int) id));
    }

    @Test
    void publishingLaterThanIssueWaitsThenStartsBidding() {
        Api.ensureCustodians();
        Party host = Api.party("AGENT");
        long unit = Api.organisation("TENDERING_UNIT", "委托招标人");
        Api.entrust(Api.operator(), unit, host.organisationId());
        long project = ((Number) host.call().body(Map.of("name", "代理项目", "region", "阳光市", "tenderingUnitId", unit))
                .post("/api/projects").then().statusCode(201).extract().path("id")).longValue();
        Instant issue = now().plus(Duration.ofHours(2));
        var body = Api.tenderBody("ENGINEERING", "OPEN", now());
        body.put("documentsIssuedAt", issue.toString());
        body.put("documentsSaleEndsAt", issue.plus(Duration.ofDays(6)).toString());
        body.put("bidDeadline", issue.plus(Duration.ofDays(25)).toString());
        long id = ((Number) host.call().body(body).post("/api/projects/" + project + "/tenders")
                .then().statusCode(201).extract().path("id")).longValue();
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).body("status", equalTo("PUBLISHED"));
        host.call().post("/api/tenders/" + id + "/start-bidding").then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("too-early"));
    }

    @Test
    void illegalTransitionIs409ProblemJson() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", now()));
        host.call().post("/api/tenders/" + id + "/start-bidding").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("illegal-transition"))
                .body("title", containsString("草稿"));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(409)
                .contentType("application/problem+json");
        host.call().body(Api.tenderBody("GOODS", "OPEN", now())).put("/api/tenders/" + id).then().statusCode(409);
    }

    @Test
    void deadlineTooCloseIsRefusedWithRuleFigureAndCitation() {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", now());
        body.put("bidDeadline", now().plus(Duration.ofDays(15)).toString());
        long id = Api.draft(host, body);
        host.call().header("Accept-Language", "zh-CN").post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("rules-violated"))
                .body("violations.find { it.rule == 'documents-to-deadline' }.field", equalTo("schedule.bidDeadline"))
                .body("violations.find { it.rule == 'documents-to-deadline' }.figure", containsString("20"))
                .body("violations.find { it.rule == 'documents-to-deadline' }.citation", containsString("招标投标法"))
                .body("violations.find { it.rule == 'documents-to-deadline' }.message", containsString("最早"));
        host.call().get("/api/tenders/" + id).then().body("status", equalTo("DRAFT"));
        // The dry run tells the earliest legal deadline and the bond cap as the user types.
        host.call().get("/api/tenders/" + id + "/publication-check").then().statusCode(200)
                .body("earliestDeadline", notNullValue()).body("bondCap", notNullValue())
                .body("violations.rule", hasItem("documents-to-deadline"));
    }

    @Test
    void bondOverTwoPercentIsRefused() {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("PROCUREMENT", "OPEN", now());
        body.put("bidBond", "250000.00"); // 2.5 % of 10 M
        long id = Api.draft(host, body);
        host.call().header("Accept-Language", "en").post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .body("violations.find { it.rule == 'bid-bond-max-percent' }.field", equalTo("bidBond"))
                .body("violations.find { it.rule == 'bid-bond-max-percent' }.message", containsString("200000.00"))
                .body("violations.find { it.rule == 'bid-bond-max-percent' }.citation", not(emptyOrNullString()));
    }

    @Test
    void constructionBondIsCappedAt800k() {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", now());
        body.put("budget", "100000000.00");
        body.put("ceilingPrice", "90000000.00");
        body.put("lots", java.util.List.of(Map.of("name", "全部", "budget", "100000000.00")));
        body.put("bidBond", "1000000.00"); // under 2 % but over RMB 800,000
        long id = Api.draft(host, body);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .body("violations.find { it.field == 'bidBond' }.rule", equalTo("bid-bond-max-amount"));
    }

    @Test
    void validationErrorsNameTheField() {
        Party host = Api.party("TENDERER");
        long project = Api.project(host);
        var body = Api.tenderBody("GOODS", "OPEN", now());
        body.remove("title");
        body.put("budget", "-5");
        host.call().body(body).post("/api/projects/" + project + "/tenders").then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("title", "budget"));
        var wrongMethod = Api.tenderBody("ENGINEERING", "INQUIRY", now());
        host.call().body(wrongMethod).post("/api/projects/" + project + "/tenders").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void onlyTheHostMayActOnItsTender() {
        Party host = Api.party("TENDERER");
        Party other = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", now()));
        other.call().post("/api/tenders/" + id + "/publish").then().statusCode(403);
        other.call().get("/api/tenders/" + id).then().statusCode(404);
    }

    @Test
    void amendmentWithinFifteenDaysMustMoveTheDeadline() {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", now());
        body.put("bidDeadline", now().plus(Duration.ofDays(21)).toString());
        long id = Api.draft(host, body);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);

        clock.advance(Duration.ofDays(10)); // 11 days left
        try {
            host.call().body(Map.of("kind", "AMENDMENT", "text", "修改工程量清单第 3 项", "affectsPreparation", true))
                    .post("/api/tenders/" + id + "/clarifications").then().statusCode(422)
                    .body("violations[0].rule", equalTo("amendment-notice"))
                    .body("violations[0].field", equalTo("newDeadline"))
                    .body("violations[0].citation", containsString("第二十一条"));
            Instant moved = clock.now().plus(Duration.ofDays(16)).truncatedTo(ChronoUnit.SECONDS);
            host.call().body(Map.of("kind", "AMENDMENT", "text", "修改工程量清单第 3 项", "affectsPreparation", true,
                            "newDeadline", moved.toString()))
                    .post("/api/tenders/" + id + "/clarifications").then().statusCode(201).body("number", equalTo(1));
            given().get("/api/tenders/" + id).then().body("schedule.bidDeadline", equalTo(moved.toString()));
            // A clarification that does not affect preparation keeps the deadline.
            host.call().body(Map.of("kind", "CLARIFICATION", "text", "开标地点说明", "affectsPreparation", false))
                    .post("/api/tenders/" + id + "/clarifications").then().statusCode(201);
            given().get("/api/tenders/" + id + "/clarifications").then().statusCode(200).body("size()", equalTo(2));
            bidder.call().get("/api/notifications").then().statusCode(200)
                    .body("findAll { it.tenderId == " + id + " }.size()", equalTo(2))
                    .body("message", hasItem(containsString("顺延")));
        } finally {
            clock.advance(Duration.ofDays(-10));
        }
    }

    @Test
    void registeredBiddersStayConfidentialBeforeTheOpening() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", now()));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        bidder.call().get("/api/tenders/" + id + "/registrations/mine").then().statusCode(200);
        host.call().get("/api/tenders/" + id + "/registrations").then().statusCode(409)
                .body("type", endsWith("confidential-before-opening"));
        Api.as(Api.operator()).get("/api/tenders/" + id + "/registrations").then().statusCode(409);
        Api.party("SUPERVISOR").call().get("/api/tenders/" + id + "/registrations").then().statusCode(409);
        // Nothing public reveals the registration either.
        String pub = given().get("/api/tenders/" + id).asString();
        assertFalse(pub.contains(bidder.organisationName()));
    }

    @Test
    void objectionSuspendsUntilAnsweredAndIsRefusedLate() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", now()));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        Party stranger = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);

        stranger.call().body(Map.of("subject", "资格条件", "text", "x")).post("/api/tenders/" + id + "/objections")
                .then().statusCode(403);
        long objection = ((Number) bidder.call().body(Map.of("subject", "资格条件排斥潜在投标人", "text", "要求的业绩过高"))
                .post("/api/tenders/" + id + "/objections").then().statusCode(201)
                .body("answerDueAt", notNullValue()).extract().path("id")).longValue();
        given().get("/api/tenders/" + id).then().body("status", equalTo("SUSPENDED"));
        host.call().get("/api/notifications").then().body("kind", hasItem("tender.objection"));
        host.call().body(Map.of("answer", "业绩要求已调整，见第 1 号修改")).post("/api/tenders/" + id + "/objections/" + objection + "/answer")
                .then().statusCode(200).body("answer", containsString("调整"));
        given().get("/api/tenders/" + id).then().body("status", equalTo("BIDDING"));

        clock.advance(Duration.ofDays(25)); // 5 days before the deadline: the 10-day window has closed
        try {
            bidder.call().body(Map.of("subject", "迟到的异议", "text", "x")).post("/api/tenders/" + id + "/objections")
                    .then().statusCode(422).body("violations[0].rule", equalTo("objection-to-documents"))
                    .body("violations[0].citation", containsString("第二十二条"));
        } finally {
            clock.advance(Duration.ofDays(-25));
        }
    }

    @Test
    void tenderDocumentsDownloadOnlyAfterRegistrationAndAreRecorded() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", now()));
        byte[] file = "招标文件正文 PDF 内容".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long doc = ((Number) given().header("Authorization", "Bearer " + host.token()).contentType("application/pdf")
                .queryParam("fileName", "招标文件.pdf").body(file).post("/api/tenders/" + id + "/documents")
                .then().statusCode(201).body("sizeBytes", equalTo(file.length)).extract().path("id")).longValue();
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        given().get("/api/tenders/" + id + "/documents").then().statusCode(200).body("fileName", hasItem("招标文件.pdf"));

        Party bidder = Api.party("BIDDER");
        bidder.call().get("/api/tenders/" + id + "/documents/" + doc).then().statusCode(403);
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        byte[] got = bidder.call().get("/api/tenders/" + id + "/documents/" + doc).then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(file, got);
    }
}
