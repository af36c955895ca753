package cn.sunlight.security;

import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12 item 3: anonymous requests are rate-limited per address, login failures lock the account and the address
 * (429 + Retry-After, in PostgreSQL), each lock is audited and shown on the supervisors' desk. Tight limits in its own
 * profile; addresses come from X-Forwarded-For, trusted only in this profile.
 */
@QuarkusTest
@TestProfile(ThrottleTest.Tight.class)
class ThrottleTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sunlight.limits.anonymous.per-minute", "6",
                    "sunlight.limits.anonymous.burst", "15",
                    "sunlight.login.max-failures", "3",
                    "sunlight.login.address-max-failures", "6",
                    "sunlight.login.lock", "PT2M",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "false");
        }
    }

    static Response login(String address, String username, String password) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/auth/login");
    }

    @Test
    void anonymousRequestsAreRateLimitedPerAddress() {
        int limited = 0;
        Response last = null;
        for (int i = 0; i < 30; i++) {
            Response r = given().header("X-Forwarded-For", "198.51.100.7").get("/api/rules");
            if (r.statusCode() == 429) {
                limited++;
                last = r;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        assertTrue(limited >= 10, "beyond the burst of 15, requests are refused: " + limited);
        assertTrue(last.contentType().startsWith("application/problem+json"));
        assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
        // Another address is not affected.
        assertEquals(200, given().header("X-Forwarded-For", "198.51.100.8").get("/api/rules").statusCode());
    }

    @Test
    void wrongPasswordsLockTheAccountWithRetryAfterAuditAndDeskAlert() throws Exception {
        Api.Party victim = Api.party("BIDDER");
        String supervisor = Api.party("SUPERVISOR").token();
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("203.0.113." + (10 + i), victim.username(), "wrong-" + i).statusCode());
        }
        // Locked: even the right password, from yet another address, is refused before any hashing.
        Response locked = login("203.0.113.50", victim.username(), Api.PASSWORD);
        assertEquals(429, locked.statusCode(), locked.asString());
        assertTrue(locked.contentType().startsWith("application/problem+json"));
        long retry = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retry >= 60 && retry <= 121, "Retry-After " + retry);
        // The lock is on the supervisors' desk …
        List<Map<String, Object>> alerts = Api.as(supervisor).get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertTrue(alerts.stream().anyMatch(a -> "login-locked".equals(a.get("kind"))
                && String.valueOf(a.get("evidence")).contains(victim.username())), String.valueOf(alerts));
        // … and in the audit log (an event about no tender is for supervisors only: the public sees its leaf hash).
        boolean audited = false;
        for (int attempt = 0; attempt < 30 && !audited; attempt++) {
            List<String> entries = Api.as(supervisor).get("/api/log/entries?start=0&end=1000").then().statusCode(200)
                    .extract().jsonPath().getList("entry");
            audited = entries.stream().anyMatch(e -> e != null && e.contains("account.login-locked"));
            if (!audited) {
                Thread.sleep(500);
            }
        }
        assertTrue(audited, "account.login-locked in the log");
    }

    @Test
    void oneAddressTryingManyAccountsIsLocked() {
        String address = "192.0.2.99";
        for (int i = 0; i < 6; i++) {
            assertEquals(401, login(address, "nobody-" + i, "guess").statusCode());
        }
        Response r = login(address, "nobody-else", "guess");
        assertEquals(429, r.statusCode());
        assertNotNull(r.header("Retry-After"));
    }
}
