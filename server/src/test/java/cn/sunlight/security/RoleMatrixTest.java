package cn.sunlight.security;

import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Walks the role × endpoint matrix: every endpoint the OpenAPI document lists must be in the table
 * below, and every role not allowed must get 401 (anonymous) or 403 (authenticated) from it.
 */
@QuarkusTest
class RoleMatrixTest {

    enum R { OPERATOR, TENDERER, AGENT, BIDDER, EXPERT, SUPERVISOR }

    /** PUBLIC: anyone, anonymous included. AUTH: any logged-in role. */
    static final Set<R> PUBLIC = null;
    static final Set<R> AUTH = EnumSet.allOf(R.class);

    record Endpoint(String method, String path, Set<R> allowed) {
    }

    static final List<Endpoint> MATRIX = List.of(
            new Endpoint("POST", "/api/auth/login", PUBLIC),
            new Endpoint("GET", "/api/me", AUTH),
            new Endpoint("POST", "/api/organisations", EnumSet.of(R.OPERATOR)),
            new Endpoint("GET", "/api/organisations", EnumSet.of(R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/accounts", EnumSet.of(R.OPERATOR)),
            new Endpoint("POST", "/api/accounts/bidders", PUBLIC),
            new Endpoint("GET", "/api/notifications", AUTH),
            new Endpoint("POST", "/api/projects", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/projects", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/projects/{projectId}/tenders", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("PUT", "/api/tenders/{id}", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/publication-check", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/publish", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/start-bidding", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/cancel", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/clarifications", PUBLIC),
            new Endpoint("POST", "/api/tenders/{id}/clarifications", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/registrations", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/registrations/mine", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/registrations", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/objections", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/objections", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/objections/{objectionId}/answer", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/documents", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/documents", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/documents/{documentId}", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/announcement.html", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/announcement.pdf", PUBLIC),
            new Endpoint("GET", "/api/rules", PUBLIC),
            new Endpoint("GET", "/api/rules/{tradeType}/{method}", PUBLIC),
            new Endpoint("GET", "/api/rules/{tradeType}/{method}/limits", PUBLIC),
            new Endpoint("GET", "/api/log/keys", PUBLIC),
            new Endpoint("GET", "/api/log/checkpoint", PUBLIC),
            new Endpoint("GET", "/api/log/checkpoints", PUBLIC),
            new Endpoint("GET", "/api/log/entries", PUBLIC),
            new Endpoint("GET", "/api/log/leaves/{index}", PUBLIC),
            new Endpoint("GET", "/api/log/proofs/inclusion", PUBLIC),
            new Endpoint("GET", "/api/log/proofs/consistency", PUBLIC),
            new Endpoint("GET", "/api/log/export", PUBLIC),
            new Endpoint("GET", "/api/log/events/{eventId}/proof", PUBLIC),
            new Endpoint("GET", "/api/ocds/releases", PUBLIC),
            new Endpoint("GET", "/api/ocds/releases/{id}", PUBLIC),
            new Endpoint("GET", "/api/ocds/packages/{ocid}", PUBLIC),
            new Endpoint("GET", "/api/ocds/records/{ocid}", PUBLIC),
            new Endpoint("GET", "/api/ocds/bulk", PUBLIC),
            new Endpoint("GET", "/api/ocds/bulk/releases/{day}.zip", PUBLIC),
            new Endpoint("GET", "/api/ocds/bulk/{table}.csv", PUBLIC),
            new Endpoint("GET", "/api/ocds/outbox", EnumSet.of(R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/ocds/outbox/send", EnumSet.of(R.OPERATOR)),
            new Endpoint("POST", "/api/tenders/{id}/complaints", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/supervision/complaints", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("POST", "/api/supervision/complaints/{id}/accept", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("POST", "/api/supervision/complaints/{id}/decide", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("GET", "/api/supervision/trades", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("GET", "/api/supervision/alerts", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("GET", "/api/supervision/tenders/{id}/as-of", EnumSet.of(R.SUPERVISOR)),
            new Endpoint("POST", "/api/me/certificates", AUTH),
            new Endpoint("GET", "/api/me/certificates", AUTH),
            new Endpoint("GET", "/api/pki/ca.pem", PUBLIC),
            new Endpoint("GET", "/api/pki/tsa.pem", PUBLIC),
            new Endpoint("GET", "/api/tools/sunlight-tools.jar", PUBLIC),
            new Endpoint("GET", "/api/tools/sunlight-tools.jar.sha256", PUBLIC),
            new Endpoint("POST", "/api/tsa", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/opening-certificate.pem", PUBLIC),
            new Endpoint("POST", "/api/tenders/{id}/lots/{lot}/bids", EnumSet.of(R.BIDDER)),
            new Endpoint("DELETE", "/api/tenders/{id}/lots/{lot}/bids", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/bids/mine", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/lots/{lot}/bids/mine/envelope", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/opening", PUBLIC),
            new Endpoint("POST", "/api/tenders/{id}/opening/sign-in", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/opening/start", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/opening/lots/{lot}/key", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/opening/shares", EnumSet.of(R.OPERATOR, R.SUPERVISOR, R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/opening/read-out", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/opening/confirmation", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/opening/lots/{lot}/confirm", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/opening/objections/{bidId}/answer", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/opening/close", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/opening/record.pdf", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("PUT", "/api/experts/{userId}", EnumSet.of(R.OPERATOR)),
            new Endpoint("GET", "/api/experts", EnumSet.of(R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/committee", EnumSet.of(R.OPERATOR, R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/committee", EnumSet.of(R.OPERATOR, R.TENDERER, R.AGENT, R.EXPERT, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/committee/members/{expertId}/replace", EnumSet.of(R.OPERATOR, R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/committee/draw-check", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("PUT", "/api/tenders/{id}/evaluation/criteria", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/evaluation/bids", EnumSet.of(R.EXPERT, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/evaluation/bids/{bidId}/qualification", EnumSet.of(R.EXPERT)),
            new Endpoint("POST", "/api/tenders/{id}/evaluation/bids/{bidId}/scores", EnumSet.of(R.EXPERT)),
            new Endpoint("POST", "/api/tenders/{id}/evaluation/bids/{bidId}/clarifications", EnumSet.of(R.EXPERT)),
            new Endpoint("GET", "/api/tenders/{id}/evaluation/clarifications", EnumSet.of(R.EXPERT, R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/evaluation/clarifications/{clarificationId}/answer", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/evaluation/conclude", EnumSet.of(R.EXPERT)),
            new Endpoint("GET", "/api/tenders/{id}/evaluation/results", EnumSet.of(R.EXPERT, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/evaluation/report.pdf", EnumSet.of(R.EXPERT, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/publicity", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/publicity", PUBLIC),
            new Endpoint("POST", "/api/tenders/{id}/publicity/objections", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/award", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/award", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/award/lots/{lot}/notice.pdf", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/award/announcement.pdf", PUBLIC),
            new Endpoint("POST", "/api/tenders/{id}/award/lots/{lot}/contract", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/bonds", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/bonds/{organisationId}/refund", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("POST", "/api/tenders/{id}/award/lots/{lot}/failure", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/award/history", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/bond-accounts/mine", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/bond/statements", EnumSet.of(R.OPERATOR)),
            new Endpoint("GET", "/api/bond/statements/unmatched", EnumSet.of(R.OPERATOR)),
            new Endpoint("GET", "/api/tenders/{id}/bond-ledger", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/lots/{lot}/bond-guarantees", EnumSet.of(R.BIDDER)),
            new Endpoint("GET", "/api/tenders/{id}/lots/{lot}/bond-guarantees/mine", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/bond/guarantors", EnumSet.of(R.OPERATOR)),
            new Endpoint("GET", "/api/bond/guarantors", EnumSet.of(R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/bonds/refund-file.csv", EnumSet.of(R.OPERATOR)),
            new Endpoint("PUT", "/api/tenders/{id}/auction", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/auction", EnumSet.of(R.BIDDER, R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/tenders/{id}/auction/bids", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/tenders/{id}/auction/close", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/auction/export", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/tenders/{id}/auction/result.pdf", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("GET", "/api/sandbox/tenders", PUBLIC),
            new Endpoint("GET", "/api/sandbox/tenders/{id}/clock", PUBLIC),
            new Endpoint("PUT", "/api/sandbox/tenders/{id}/clock", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR)),
            new Endpoint("POST", "/api/sandbox/reset", EnumSet.of(R.OPERATOR)),
            new Endpoint("POST", "/api/entrustments", EnumSet.of(R.TENDERER, R.OPERATOR)),
            new Endpoint("GET", "/api/entrustments", EnumSet.of(R.TENDERER, R.AGENT, R.OPERATOR, R.SUPERVISOR)),
            new Endpoint("POST", "/api/entrustments/{id}/revoke", EnumSet.of(R.TENDERER, R.OPERATOR)),
            new Endpoint("POST", "/api/credit/records", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("GET", "/api/credit/records", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("GET", "/api/credit/records/{id}", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("POST", "/api/credit/records/{id}/lift", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("POST", "/api/credit/import", EnumSet.of(R.SUPERVISOR, R.OPERATOR)),
            new Endpoint("GET", "/api/tenders/{id}/credit-checks", EnumSet.of(R.SUPERVISOR, R.OPERATOR, R.TENDERER, R.AGENT)),
            new Endpoint("PUT", "/api/tenders/{id}/invitations", EnumSet.of(R.TENDERER, R.AGENT)),
            new Endpoint("GET", "/api/tenders/{id}/invitations", PUBLIC),
            new Endpoint("GET", "/api/tenders/{id}/invitation.pdf", EnumSet.of(R.BIDDER)),
            new Endpoint("POST", "/api/me/password", AUTH),
            // Last: it ends each role's session (every later call with these tokens would be 401).
            new Endpoint("POST", "/api/auth/logout", AUTH)
    );

    static final Map<R, String> TOKENS = new EnumMap<>(R.class);

    /** Logged in lazily: RestAssured knows the test port only once Quarkus has started. */
    static synchronized void logInEveryRole() {
        if (!TOKENS.isEmpty()) {
            return;
        }
        TOKENS.put(R.OPERATOR, Api.operator());
        for (R r : R.values()) {
            if (r != R.OPERATOR) {
                TOKENS.put(r, Api.party(r.name()).token());
            }
        }
    }

    @Test
    void everyDocumentedEndpointIsInTheMatrix() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        Set<String> inMatrix = new TreeSet<>();
        MATRIX.forEach(e -> inMatrix.add(e.method() + " " + e.path()));
        assertEquals(documented, inMatrix, "the role matrix must list exactly the documented endpoints");
    }

    @Test
    void forbiddenCallsGet401Or403() {
        logInEveryRole();
        List<String> failures = new ArrayList<>();
        for (Endpoint e : MATRIX) {
            String path = e.path().replaceAll("\\{tradeType}", "GOODS").replaceAll("\\{method}", "OPEN")
                    .replaceAll("\\{[a-zA-Z]+}", "999999");
            if (e.allowed() != PUBLIC) {
                int anonymous = call(e.method(), path, null).statusCode();
                if (anonymous != 401) {
                    failures.add("anonymous " + e.method() + " " + e.path() + " -> " + anonymous);
                }
            }
            for (R role : R.values()) {
                int status = call(e.method(), path, TOKENS.get(role)).statusCode();
                boolean allowed = e.allowed() == PUBLIC || e.allowed().contains(role);
                if (!allowed && status != 403) {
                    failures.add(role + " " + e.method() + " " + e.path() + " -> " + status + " (expected 403)");
                }
                if (allowed && (status == 401 || status == 403)) {
                    failures.add(role + " " + e.method() + " " + e.path() + " -> " + status + " (role is allowed)");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static Response call(String method, String path, String token) {
        // Each endpoint gets its own media type, so that authorization, not content negotiation, answers.
        var spec = (path.endsWith("/bids") || path.endsWith("/bond-guarantees")) && method.equals("POST")
                ? given().contentType("application/pkcs7-mime").body(new byte[]{0x30, 0x00})
                : given().contentType(ContentType.JSON).body("{}");
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec.request(method, path);
    }
}
