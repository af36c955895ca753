package cn.sunlight.security;

import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The portal is safe in a browser: protective headers on every page, cross-site state changes refused (login
 * included) while API clients without browser headers keep working, sessions that end server-side on logout and
 * password change, downloads that cannot run in the platform's origin, and file names that mean what they show.
 */
@QuarkusTest
class BrowserSafetyTest {

    private static final String EVIL = "https://evil.example";

    private static String self() {
        return "http://localhost:" + RestAssured.port;
    }

    // ------------------------------------------------------------ headers

    @Test
    void everyPageAndResponseCarriesTheProtectiveHeaders() {
        Party tenderer = Api.party("TENDERER");
        for (String path : List.of("/", "/login", "/static/sunlight.js", "/static/sunlight.css", "/api/tenders", "/no-such-page",
                "/api/tenders/999999")) {
            Response r = given().redirects().follow(false).get(path);
            assertHeaders(path, r);
        }
        Response workspace = given().cookie("sunlight_session", tenderer.token()).get("/workspace");
        assertEquals(200, workspace.statusCode());
        assertHeaders("/workspace", workspace);
        String csp = workspace.header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        // Refusals carry them too (401 before any endpoint ran).
        assertHeaders("/api/me (401)", given().get("/api/me"));
        // The API's documents may not run script at all.
        String apiCsp = given().get("/api/tenders").header("Content-Security-Policy");
        assertTrue(apiCsp.contains("default-src 'none'") && apiCsp.contains("sandbox"), apiCsp);
        // HSTS only where configured (production over TLS), not on the plain-HTTP test server.
        assertNull(given().get("/").header("Strict-Transport-Security"));
    }

    private static void assertHeaders(String path, Response r) {
        assertNotNull(r.header("Content-Security-Policy"), path + ": CSP");
        assertEquals("DENY", r.header("X-Frame-Options"), path);
        assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
        assertEquals("same-origin", r.header("Referrer-Policy"), path);
    }

    // ------------------------------------------------------------ cross-site requests

    @Test
    void aCrossSiteFormPostCannotRegisterABidder() {
        for (Map.Entry<String, String> forged : List.of(Map.entry("Origin", EVIL), Map.entry("Sec-Fetch-Site", "cross-site"),
                Map.entry("Sec-Fetch-Site", "same-site"), Map.entry("Origin", "null"))) {
            String username = "csrf-" + System.nanoTime();
            given().header(forged.getKey(), forged.getValue()).contentType(ContentType.JSON)
                    .body(bidder(username)).post("/api/accounts/bidders")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("cross-site"));
            given().contentType(ContentType.JSON).body(Map.of("username", username, "password", Api.PASSWORD))
                    .post("/api/auth/login").then().statusCode(401); // nothing was registered
        }
        // From the portal's own pages, and from API clients that send no browser headers, it works.
        given().header("Origin", self()).header("Sec-Fetch-Site", "same-origin").contentType(ContentType.JSON)
                .body(bidder("same-" + System.nanoTime())).post("/api/accounts/bidders").then().statusCode(201);
        given().contentType(ContentType.JSON).body(bidder("tool-" + System.nanoTime())).post("/api/accounts/bidders")
                .then().statusCode(201);
    }

    private static Map<String, Object> bidder(String username) {
        return Map.of("creditCode", Api.creditCode(), "organisationName", "供应商 " + username, "region", "阳光市",
                "username", username, "password", Api.PASSWORD, "displayName", username);
    }

    @Test
    void aCrossSiteLoginIsRefusedAndSetsNoSession() {
        Party bidder = Api.party("BIDDER");
        for (Map.Entry<String, String> forged : List.of(Map.entry("Origin", EVIL), Map.entry("Sec-Fetch-Site", "cross-site"))) {
            Response r = given().redirects().follow(false).header(forged.getKey(), forged.getValue())
                    .contentType(ContentType.URLENC).formParam("username", bidder.username()).formParam("password", Api.PASSWORD)
                    .post("/login");
            assertEquals(403, r.statusCode(), forged.toString());
            assertNull(r.cookie("sunlight_session"), "no session cookie for a forged login");
            given().header(forged.getKey(), forged.getValue()).contentType(ContentType.JSON)
                    .body(Map.of("username", bidder.username(), "password", Api.PASSWORD)).post("/api/auth/login")
                    .then().statusCode(403);
        }
        // The portal's own login form still signs in.
        Response ok = given().redirects().follow(false).header("Origin", self()).header("Sec-Fetch-Site", "same-origin")
                .contentType(ContentType.URLENC).formParam("username", bidder.username()).formParam("password", Api.PASSWORD)
                .post("/login");
        assertEquals(303, ok.statusCode());
        assertNotNull(ok.cookie("sunlight_session"));
    }

    @Test
    void aCrossSitePostWithTheSessionCookieIsRefused() {
        Party tenderer = Api.party("TENDERER");
        given().cookie("sunlight_session", tenderer.token()).header("Origin", EVIL).contentType(ContentType.JSON)
                .body(Map.of("name", "跨站项目", "region", "阳光市")).post("/api/projects").then().statusCode(403)
                .body("type", endsWith("cross-site"));
        tenderer.call().get("/api/projects").then().statusCode(200).body("name", not(hasItem("跨站项目")));
        given().cookie("sunlight_session", tenderer.token()).header("Origin", self()).contentType(ContentType.JSON)
                .body(Map.of("name", "本站项目", "region", "阳光市")).post("/api/projects").then().statusCode(201);
    }

    // ------------------------------------------------------------ sessions

    @Test
    void logoutEndsTheSessionServerSide() {
        Party p = Api.party("BIDDER");
        String token = Api.login(p.username(), Api.PASSWORD);
        Api.as(token).get("/api/me").then().statusCode(200);
        Api.as(token).post("/api/auth/logout").then().statusCode(204);
        Api.as(token).get("/api/me").then().statusCode(401);
        Api.as(token).post("/api/me/certificates").then().statusCode(401);
        // The party's other session is untouched.
        p.call().get("/api/me").then().statusCode(200);

        // The portal's sign-out button does the same to the cookie's session.
        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", p.username()).formParam("password", Api.PASSWORD).post("/login").cookie("sunlight_session");
        given().cookie("sunlight_session", cookie).get("/bidder").then().statusCode(200);
        given().redirects().follow(false).cookie("sunlight_session", cookie).header("Origin", self()).post("/logout")
                .then().statusCode(303);
        Api.as(cookie).get("/api/me").then().statusCode(401);
        // A replayed cookie shows the signed-out public page, not the workspace.
        given().redirects().follow(false).cookie("sunlight_session", cookie).get("/bidder").then().statusCode(anyOf(is(303), is(302), is(401)));
    }

    @Test
    void aPasswordChangeEndsEverySessionOfTheAccount() {
        Party p = Api.party("TENDERER");
        String first = Api.login(p.username(), Api.PASSWORD);
        String second = Api.login(p.username(), Api.PASSWORD);
        Api.as(first).body(Map.of("currentPassword", "wrong-password", "newPassword", "Another@2027"))
                .post("/api/me/password").then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("currentPassword"));
        Api.as(first).body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "short"))
                .post("/api/me/password").then().statusCode(422).body("violations[0].field", equalTo("newPassword"));
        String fresh = Api.as(first).body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "Another@2027"))
                .post("/api/me/password").then().statusCode(200).extract().path("token");
        Api.as(first).get("/api/me").then().statusCode(401);
        Api.as(second).get("/api/me").then().statusCode(401);
        Api.as(p.token()).get("/api/me").then().statusCode(401);
        Api.as(fresh).get("/api/me").then().statusCode(200).body("username", equalTo(p.username()));
        given().contentType(ContentType.JSON).body(Map.of("username", p.username(), "password", Api.PASSWORD))
                .post("/api/auth/login").then().statusCode(401);
        Api.login(p.username(), "Another@2027");
    }

    @Test
    void aTokenSignedWithoutASessionIsNotHonoured() {
        // A token whose jti the platform never issued (e.g. minted with a leaked key before rotation) is anonymous.
        String token = io.smallrye.jwt.build.Jwt.upn("operator").groups(java.util.Set.of("OPERATOR")).issuer("sunlight")
                .claim("uid", "1").expiresAt(Instant.now().plusSeconds(600)).sign();
        Api.as(token).get("/api/me").then().statusCode(401);
    }

    // ------------------------------------------------------------ downloads and file names

    private static long upload(Party host, long tender, String fileName, String contentType, byte[] body) {
        return ((Number) given().header("Authorization", "Bearer " + host.token()).contentType(contentType)
                .queryParam("fileName", fileName).body(body).post("/api/tenders/" + tender + "/documents")
                .then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void downloadsAreAttachmentsWithATypeThePlatformDecided() {
        Party host = Api.party("TENDERER");
        long tender = Api.draft(host, Api.tenderBody("GOODS", "OPEN", Instant.now()));
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        long evil = upload(host, tender, "说明.html", "text/html", html);
        Response r = host.call().get("/api/tenders/" + tender + "/documents/" + evil);
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.contentType());
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("attachment; filename=\"__.html\"; filename*=UTF-8''%E8%AF%B4%E6%98%8E.html", r.header("Content-Disposition"));
        // A "pdf" that is HTML inside is not served as a PDF either; a real PDF is.
        long fake = upload(host, tender, "fake.pdf", "application/pdf", html);
        assertEquals("application/octet-stream", host.call().get("/api/tenders/" + tender + "/documents/" + fake).contentType());
        long pdf = upload(host, tender, "招标文件 第1册.pdf", "text/html", "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        Response p = host.call().get("/api/tenders/" + tender + "/documents/" + pdf);
        assertEquals("application/pdf", p.contentType());
        assertTrue(p.header("Content-Disposition").startsWith("attachment;"), p.header("Content-Disposition"));
        assertTrue(p.header("Content-Disposition").contains("filename*=UTF-8''%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6%20%E7%AC%AC1%E5%86%8C.pdf"),
                p.header("Content-Disposition"));
        // The stored metadata says the same (the uploader's text/html is not kept).
        given().header("Authorization", "Bearer " + host.token()).contentType("text/html").queryParam("fileName", "again.html")
                .body(html).post("/api/tenders/" + tender + "/documents").then().statusCode(201)
                .body("mediaType", equalTo("application/octet-stream"));
    }

    @Test
    void fileNamesAreNormalisedAndDangerousOnesRefused() {
        Party host = Api.party("TENDERER");
        long tender = Api.draft(host, Api.tenderBody("GOODS", "OPEN", Instant.now()));
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        for (String bad : List.of(".", "..", "CON", "con.txt", "Aux.pdf", "NUL", "COM1.doc", "LPT9", "a/b.pdf", "..\\boot.ini",
                "invoice\u202Efdp.exe", "report\u2066.pdf", "zero\u200B.pdf", "nul\u0000.pdf", "line\n.pdf", "trailing.", "trailing ",
                "x".repeat(256) + ".pdf", "是".repeat(90) + ".pdf")) {
            given().header("Authorization", "Bearer " + host.token()).contentType("text/plain").queryParam("fileName", bad)
                    .body(body).post("/api/tenders/" + tender + "/documents")
                    // 400 where the platform-wide parameter filter refuses a control or bidi character before the
                    // endpoint reads it, 422 where the file-name rules refuse a readable but reserved name.
                    .then().statusCode(org.hamcrest.Matchers.oneOf(400, 422)).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("fileName"));
        }
        // NFC: "e" + combining acute is stored as the single character é.
        given().header("Authorization", "Bearer " + host.token()).contentType("text/plain").queryParam("fileName", "cafe\u0301.txt")
                .body(body).post("/api/tenders/" + tender + "/documents").then().statusCode(201)
                .body("fileName", equalTo("caf\u00e9.txt")).body("mediaType", equalTo("text/plain; charset=UTF-8"));
        // Ordinary names, Chinese included, pass.
        upload(host, tender, "第二册 技术规范（2027版）.docx", "application/octet-stream", body);
    }
}
