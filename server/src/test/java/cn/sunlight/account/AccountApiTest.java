package cn.sunlight.account;

import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

@QuarkusTest
class AccountApiTest {

    @Test
    void loginReturnsSignedJwtAndMeAnswers() {
        var bidder = Api.party("BIDDER");
        Api.as(bidder.token()).get("/api/me").then().statusCode(200)
                .body("username", equalTo(bidder.username())).body("role", equalTo("BIDDER"));
        // Three base64url segments: header, claims, RS256 signature.
        org.junit.jupiter.api.Assertions.assertEquals(3, bidder.token().split("\\.").length);
    }

    @Test
    void wrongPasswordIsProblem401() {
        given().contentType(ContentType.JSON).body(Map.of("username", "operator", "password", "wrong-password"))
                .post("/api/auth/login").then().statusCode(401)
                .contentType("application/problem+json").body("type", endsWith("bad-credentials"));
    }

    @Test
    void tamperedTokenIsRejected() {
        String token = Api.operator();
        String[] p = token.split("\\.");
        String forged = p[0] + "." + p[1] + "." + new StringBuilder(p[2]).reverse();
        given().header("Authorization", "Bearer " + forged).get("/api/me").then().statusCode(401);
    }

    @Test
    void wrongCreditCodeIsRejectedWithTheRule() {
        given().contentType(ContentType.JSON).header("Accept-Language", "en")
                .body(Map.of("creditCode", "91350100M000100Y44", "organisationName", "错误代码公司", "region", "阳光市",
                        "username", "wrongcode", "password", "password-123", "displayName", "x"))
                .post("/api/accounts/bidders").then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("creditCode"))
                .body("violations[0].rule", equalTo("GB32100-2015"))
                .body("violations[0].message", containsString("should be '3'"));
    }

    @Test
    void supplierSelfRegistersAndLogsIn() {
        String code = Api.creditCode();
        String username = "supplier-" + System.nanoTime();
        given().contentType(ContentType.JSON)
                .body(Map.of("creditCode", code, "organisationName", "自助注册供应商有限公司", "region", "阳光市",
                        "username", username, "password", "password-123", "displayName", "供应商"))
                .post("/api/accounts/bidders").then().statusCode(201).body("role", equalTo("BIDDER"));
        Api.login(username, "password-123");
    }

    @Test
    void missingFieldsAreNamed() {
        Api.as(Api.operator()).body(Map.of("name", "无代码机构", "kind", "BIDDER"))
                .post("/api/organisations").then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("creditCode"));
    }

    @Test
    void roleMustMatchOrganisationKind() {
        long bidderOrg = Api.organisation("BIDDER", "角色不符测试");
        Api.as(Api.operator()).body(Map.of("username", "mismatch-" + System.nanoTime(), "password", "password-123",
                        "role", "SUPERVISOR", "organisationId", bidderOrg, "displayName", "x"))
                .post("/api/accounts").then().statusCode(422).body("violations[0].field", equalTo("role"));
    }
}
