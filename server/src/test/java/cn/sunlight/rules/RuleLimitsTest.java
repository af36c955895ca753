package cn.sunlight.rules;

import cn.sunlight.common.PlatformClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** GET /api/rules/{tradeType}/{method}/limits: the limits for a tender not yet saved, with their rules and citations. */
@QuarkusTest
class RuleLimitsTest {

    @Inject
    PlatformClock clock;

    @Test
    void earliestDeadlineCountsTwentyDaysFromTheIssueDateAndTheBondCapIsTheLowerOfTwoPercentAndEightHundredThousand() {
        ZoneId beijing = ZoneId.of("Asia/Shanghai");
        Instant issued = clock.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        LocalDate issueDay = issued.atZone(beijing).toLocalDate();
        String expectedDeadline = issueDay.plusDays(20).atStartOfDay(beijing).toInstant().toString();
        // 2 % of 50 million is one million: the absolute cap of RMB 800,000 binds.
        given().queryParam("documentsIssuedAt", issued.toString()).queryParam("budget", "50000000")
                .get("/api/rules/ENGINEERING/OPEN/limits").then().statusCode(200)
                .body("countedFrom", equalTo(issued.toString()))
                .body("earliestDeadline.value", equalTo(expectedDeadline))
                .body("earliestDeadline.rule.id", equalTo("documents-to-deadline"))
                .body("earliestDeadline.rule.citation", containsString("招标投标法"))
                .body("bondCap.value", equalTo(800000.00f))
                .body("bondCap.rule.id", equalTo("bid-bond-max-amount"))
                .body("bondCap.rule.citation", containsString("30号令"));
        // 2 % of 10 million is 200,000: the percentage binds.
        given().queryParam("budget", "10000000").get("/api/rules/ENGINEERING/OPEN/limits").then().statusCode(200)
                .body("bondCap.value", equalTo(200000.00f))
                .body("bondCap.rule.id", equalTo("bid-bond-max-percent"))
                .body("earliestDeadline.value", nullValue())
                .body("earliestDeadline.rule.id", equalTo("documents-to-deadline"));
    }

    @Test
    void aPastIssueTimeCountsFromNowAndAMethodTheTradeTypeLacksIsRefused() {
        Instant past = clock.now().minus(Duration.ofDays(10));
        String expected = clock.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().plusDays(20)
                .atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toString();
        given().queryParam("documentsIssuedAt", past.toString()).get("/api/rules/GOODS/OPEN/limits").then().statusCode(200)
                .body("earliestDeadline.value", equalTo(expected));
        given().get("/api/rules/ENGINEERING/SINGLE_SOURCE/limits").then().statusCode(422);
        given().queryParam("budget", "-5").get("/api/rules/GOODS/OPEN/limits").then().statusCode(422);
    }

    @Test
    void aYearWithoutAHolidayCalendarIsAClearRefusalNotAServerError() {
        // Procurement counts the documents' sale in working days; 2031 has no calendar file.
        given().queryParam("documentsIssuedAt", "2031-06-02T01:00:00Z").get("/api/rules/PROCUREMENT/OPEN/limits")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("calendar-not-covered"))
                .body("violations[0].figure", equalTo("2031"));
    }
}
