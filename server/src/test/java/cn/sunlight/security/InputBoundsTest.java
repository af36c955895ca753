package cn.sunlight.security;

import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12 items 3 and 4: each input that used to burn CPU, overflow into a 500 or be stored wrongly is refused with a
 * problem+json naming the field, and refusals never name Java types.
 */
@QuarkusTest
class InputBoundsTest {

    static final String PROBLEM = "application/problem+json";

    static void assertProblem(Response r, int status, String field) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith(PROBLEM), r.contentType());
        String body = r.asString();
        assertFalse(body.matches("(?s).*(java\\.|jakarta\\.|cn\\.sunlight|Exception|com\\.fasterxml).*"), body);
        if (field != null) {
            List<String> fields = r.jsonPath().getList("violations.field");
            assertTrue(fields != null && fields.contains(field), "expected field " + field + " in " + body);
        }
    }

    @Test
    void hugeBudgetInTheLimitsQueryIsRefusedAtOnce() {
        long t0 = System.nanoTime();
        Response r = given().get("/api/rules/ENGINEERING/OPEN/limits?budget=1e3000000&documentsIssuedAt=" + Instant.now());
        assertProblem(r, 422, "budget");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000, "refused quickly");
        assertProblem(given().get("/api/rules/ENGINEERING/OPEN/limits?budget=1E%2B19"), 422, "budget");
        assertProblem(given().get("/api/rules/ENGINEERING/OPEN/limits?budget=12.345"), 422, "budget");
        assertProblem(given().get("/api/rules/ENGINEERING/OPEN/limits?documentsIssuedAt=%2B999999999-12-31T23:59:59Z"), 422,
                "documentsIssuedAt");
        assertProblem(given().get("/api/rules/ENGINEERING/OPEN/limits?documentsIssuedAt=yesterday"), 422, "documentsIssuedAt");
        // 18 integer digits of money would overflow numeric(18,2): 16 is the bound.
        assertEquals(200, given().get("/api/rules/ENGINEERING/OPEN/limits?budget=9999999999999999.99").statusCode());
    }

    @Test
    void unparseableQueryOrPathParameterIs400NotFound() {
        assertProblem(given().get("/api/log/proofs/inclusion?index=abc&size=1"), 400, "index");
        assertProblem(given().get("/api/log/leaves/notanumber"), 400, "index");
        assertProblem(given().get("/api/log/entries?start=99999999999999999999999"), 400, "start");
    }

    @Test
    void nulInLoginUsernameIs4xxProblem() {
        Response r = given().contentType(ContentType.JSON).body("{\"username\":\"oper\\u0000ator\",\"password\":\"x\"}")
                .post("/api/auth/login");
        assertProblem(r, 422, "username");
        Response form = given().contentType(ContentType.URLENC).formParam("username", "a\u0000b").formParam("password", "x")
                .redirects().follow(false).post("/login");
        assertTrue(form.statusCode() >= 400 && form.statusCode() < 500, "form login with NUL: " + form.statusCode());
    }

    @Test
    void jsonBodyLargerThanTheLimitIs413BeforeReading() {
        String big = "{\"username\":\"" + "a".repeat(2 * 1024 * 1024) + "\",\"password\":\"x\"}";
        Response r = given().contentType(ContentType.JSON).body(big).post("/api/auth/login");
        assertProblem(r, 413, null);
    }

    @Test
    void deepNestingAndOversizedNumbersAreRefused() {
        String deep = "{\"username\":\"u\",\"extra\":" + "[".repeat(500) + "]".repeat(500) + ",\"password\":\"x\"}";
        assertProblem(given().contentType(ContentType.JSON).body(deep).post("/api/auth/login"), 400, null);
        String longNumber = "{\"username\":" + "9".repeat(5000) + ",\"password\":\"x\"}";
        assertProblem(given().contentType(ContentType.JSON).body(longNumber).post("/api/auth/login"), 400, null);
    }

    @Test
    void tenderEditOverflowsAreRefusedNamingTheField() {
        Api.Party host = Api.party("TENDERER");
        long tender = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", Instant.now()));
        for (Object budget : List.of("1E+19", "1e400", "1e200000", "-1e999999999", 1e300)) {
            Map<String, Object> body = new LinkedHashMap<>(Api.tenderBody("ENGINEERING", "OPEN", Instant.now()));
            body.put("budget", budget);
            assertProblem(host.call().body(body).put("/api/tenders/" + tender), 422, "budget");
        }
        Map<String, Object> lot = new LinkedHashMap<>(Api.tenderBody("ENGINEERING", "OPEN", Instant.now()));
        lot.put("lots", List.of(Map.of("name", "一", "budget", "1e400")));
        assertProblem(host.call().body(lot).put("/api/tenders/" + tender), 422, "lots[0].budget");
        Map<String, Object> when = new LinkedHashMap<>(Api.tenderBody("ENGINEERING", "OPEN", Instant.now()));
        when.put("documentsIssuedAt", "+999999999-12-31T23:59:59Z");
        assertProblem(host.call().body(when).put("/api/tenders/" + tender), 422, "documentsIssuedAt");
        when.put("documentsIssuedAt", 1767225600);
        assertProblem(host.call().body(when).put("/api/tenders/" + tender), 422, "documentsIssuedAt");
        Map<String, Object> name = new LinkedHashMap<>(Api.tenderBody("ENGINEERING", "OPEN", Instant.now()));
        name.put("title", "招标\u0000项目");
        assertProblem(host.call().body(name).put("/api/tenders/" + tender), 422, "title");
        name.put("title", "招标\u202e项目");
        assertProblem(host.call().body(name).put("/api/tenders/" + tender), 422, "title");
        // The tender is unchanged: nothing above was stored as 0.00.
        assertEquals(10000000.00f, host.call().get("/api/tenders/" + tender).then().statusCode(200).extract()
                .jsonPath().getFloat("budget"));
        // Uploading a document whose name carries a NUL is refused, not a 500.
        Response upload = host.call().contentType("application/pdf").body(new byte[]{1, 2, 3})
                .queryParam("fileName", "a\u0000.pdf").post("/api/tenders/" + tender + "/documents");
        assertProblem(upload, 400, "fileName");
    }

    @Test
    void auctionSetupAndQuoteBounds() {
        Api.Party host = Api.party("TENDERER");
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("startPrice", "1e309");
        setup.put("startsAt", Instant.now().plusSeconds(3600).toString());
        setup.put("endsAt", Instant.now().plusSeconds(7200).toString());
        assertProblem(host.call().body(setup).put("/api/tenders/999999/auction"), 422, "startPrice");
        setup.put("startPrice", "1000.00");
        setup.put("extensionWindowMinutes", -5);
        assertProblem(host.call().body(setup).put("/api/tenders/999999/auction"), 422, "extensionWindowMinutes");
        setup.remove("extensionWindowMinutes");
        setup.put("startsAt", 1767225600);
        assertProblem(host.call().body(setup).put("/api/tenders/999999/auction"), 422, "startsAt");
        Api.Party bidder = Api.party("BIDDER");
        assertProblem(bidder.call().body(Map.of("price", "1e999999999", "round", 1, "signature", "AA=="))
                .post("/api/tenders/999999/auction/bids"), 422, "price");
        assertProblem(bidder.call().body("{\"price\":1e999999999,\"round\":1,\"signature\":\"AA==\"}")
                .post("/api/tenders/999999/auction/bids"), 422, "price");
        assertProblem(bidder.call().body(Map.of("price", "100.00", "round", 1e12, "signature", "AA=="))
                .post("/api/tenders/999999/auction/bids"), 422, "round");
    }

    @Test
    void asOfBeyondTheRangeIsRefused() {
        String supervisor = Api.party("SUPERVISOR").token();
        assertProblem(Api.as(supervisor).get("/api/supervision/tenders/1/as-of?at=-999999999-01-01T00:00:00Z"), 422, "at");
    }

    @Test
    void unauthenticatedAndForbiddenAnswerProblemJson() {
        Response anonymous = given().get("/api/me");
        assertProblem(anonymous, 401, null);
        Response forged = given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA").get("/api/me");
        assertProblem(forged, 401, null);
        assertEquals("Bearer", forged.header("WWW-Authenticate"));
        Response forbidden = Api.as(Api.party("BIDDER").token()).get("/api/supervision/alerts");
        assertProblem(forbidden, 403, null);
    }
}
