package cn.sunlight.support;

import cn.sunlight.account.CreditCode;
import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** Test fixtures built only through the public API, as an operator and the other roles would. */
public final class Api {

    public static final String PASSWORD = "Sunlight@2026";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Api() {
    }

    public static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().path("token");
    }

    private static volatile boolean custodiansReady;
    /** Every party created in this JVM, by username, so a test can act as whoever holds a key share. */
    public static final Map<String, Party> PARTIES = new java.util.concurrent.ConcurrentHashMap<>();
    /** The bootstrap operator's encryption key (it is a custodian of every opening key). */
    public static volatile KeyPair operatorEncryption;

    public static String operator() {
        return login("operator", PASSWORD);
    }

    /**
     * Publication needs opening-key custodians with encryption certificates: an operator and a
     * supervisor (the tendering side is the tender's author, a {@link #party}).
     */
    public static synchronized void ensureCustodians() {
        if (custodiansReady) {
            // The demo fixture (DemoStagesTest, ReadmeExamplesTest) certifies its own key for the same bootstrap
            // operator; the operator's share of later tenders must be sealed to the key this JVM holds again.
            String current = as(operator()).get("/api/me/certificates").then().statusCode(200).extract()
                    .path("find { it.purpose == 'ENCRYPTION' && it.suite == 'INTERNATIONAL' }.certificateChain");
            if (current == null || !Pem.readCertificates(current).getFirst().getPublicKey().equals(operatorEncryption.getPublic())) {
                certify(operator(), "ENCRYPTION", operatorEncryption);
            }
            return;
        }
        operatorEncryption = KeyPairs.ecP256();
        certify(operator(), "ENCRYPTION", operatorEncryption);
        party("SUPERVISOR");
        custodiansReady = true;
    }

    /** Certifies {@code keys} the way a client must: a PKCS#10 request signed with the key itself. */
    static X509Certificate certify(String token, String purpose, KeyPair keys) {
        String chain = as(token).body(Map.of("purpose", purpose, "csr", CertificationRequests.create(keys, "test")))
                .post("/api/me/certificates").then().statusCode(201).extract().path("certificateChain");
        return Pem.readCertificates(chain).getFirst();
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A random valid unified social credit code (GB 32100-2015 check character computed). */
    public static String creditCode() {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder sb = new StringBuilder("91440300");
        for (int i = 0; i < 9; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.append(CreditCode.checkCharacter(sb.toString())).toString();
    }

    public static long organisation(String kind, String name) {
        return organisation(kind, name, creditCode());
    }

    public static long organisation(String kind, String name, String creditCode) {
        return ((Number) as(operator()).body(Map.of("creditCode", creditCode, "name", name, "kind", kind, "region", "阳光市"))
                .post("/api/organisations").then().statusCode(201).extract().path("id")).longValue();
    }

    /** Every organisation as the operator sees it, read page by page (the list is paged, newest first). */
    public static List<Map<String, Object>> organisations() {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            var r = as(operator()).queryParam("limit", 200).queryParam("cursor", cursor).get("/api/organisations")
                    .then().statusCode(200).extract();
            all.addAll(r.jsonPath().getList("$"));
            cursor = r.header("X-Next-Cursor");
        }
        return all;
    }

    /** An organisation's credit code, as the operator sees it. */
    public static String creditCodeOf(long organisationId) {
        return organisations().stream().filter(o -> ((Number) o.get("id")).longValue() == organisationId)
                .map(o -> (String) o.get("creditCode")).findFirst().orElseThrow();
    }

    /**
     * Records an entrustment (委托代理) of the agent organisation by a tendering unit: granted by the unit's tenderer
     * ({@code unitId} null) or by the operator on the unit's behalf. Valid for a year. Returns its id.
     */
    public static long entrust(String grantorToken, Long unitId, long agentOrganisationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (unitId != null) {
            body.put("tenderingUnitId", unitId);
        }
        body.put("agentCreditCode", creditCodeOf(agentOrganisationId));
        // From yesterday by the wall clock: a test that moved the platform clock and reset it keeps the entrustment.
        body.put("validFrom", Instant.now().minus(Duration.ofDays(1)).toString());
        body.put("validUntil", Instant.now().plus(Duration.ofDays(365)).toString());
        return ((Number) as(grantorToken).body(body).post("/api/entrustments").then().statusCode(201)
                .extract().path("id")).longValue();
    }

    /** A fresh organisation of the role's kind with one account; returns a logged-in party. */
    public static Party party(String role) {
        String kind = switch (role) {
            case "OPERATOR" -> "TRADING_CENTRE";
            case "TENDERER" -> "TENDERING_UNIT";
            case "AGENT" -> "AGENT";
            case "BIDDER" -> "BIDDER";
            case "EXPERT" -> "EXPERT_EMPLOYER";
            case "SUPERVISOR" -> "SUPERVISION_AUTHORITY";
            default -> throw new IllegalArgumentException(role);
        };
        int n = SEQ.incrementAndGet();
        String name = role.toLowerCase() + "-org-" + n + "-" + System.nanoTime() % 100000;
        String creditCode = creditCode();
        long org = organisation(kind, name, creditCode);
        String username = role.toLowerCase() + "-" + n + "-" + System.nanoTime() % 100000;
        as(operator()).body(Map.of("username", username, "password", PASSWORD, "role", role, "organisationId", org,
                "displayName", name)).post("/api/accounts").then().statusCode(201);
        String token = login(username, PASSWORD);
        KeyPair signing = KeyPairs.ecP256();
        KeyPair encryption = KeyPairs.ecP256();
        Party p = new Party(username, token, org, name, creditCode, signing, certify(token, "SIGNING", signing), encryption,
                certify(token, "ENCRYPTION", encryption));
        PARTIES.put(username, p);
        return p;
    }

    /** A party's SM2 keys for national-suite (国密) tenders, certified by the platform CA next to its other keys. */
    public record NationalKeys(KeyPair signing, X509Certificate signingCertificate, KeyPair encryption,
                               X509Certificate encryptionCertificate) {
    }

    /** Registers SM2 signing and encryption keys for {@code p} through {@code POST /api/me/certificates}. */
    public static NationalKeys nationalKeys(Party p) {
        KeyPair signing = KeyPairs.sm2();
        KeyPair encryption = KeyPairs.sm2();
        return new NationalKeys(signing, certify(p.token(), "SIGNING", signing), encryption,
                certify(p.token(), "ENCRYPTION", encryption));
    }

    /** A logged-in account with its own keys, certified by the platform CA. */
    /** {@code creditCode}: the organisation's unified social credit code, which bid statements name. */
    public record Party(String username, String token, long organisationId, String organisationName, String creditCode,
                        KeyPair signing, X509Certificate signingCertificate,
                        KeyPair encryption, X509Certificate encryptionCertificate) {
        public RequestSpecification call() {
            return as(token);
        }
    }

    public static long project(Party host) {
        return ((Number) host.call().body(Map.of("name", "测试项目 " + SEQ.incrementAndGet(), "region", "阳光市"))
                .post("/api/projects").then().statusCode(201).extract().path("id")).longValue();
    }

    /** A draft body whose schedule is legal for every method: issued now, deadline in 30 days. */
    public static Map<String, Object> tenderBody(String tradeType, String method, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "阳光市测试招标项目 " + tradeType + " " + method);
        body.put("tradeType", tradeType);
        body.put("method", method);
        body.put("budget", "10000000.00");
        body.put("ceilingPrice", "9500000.00");
        body.put("bidBond", "100000.00");
        body.put("evaluationMethod", "LOWEST_EVALUATED_PRICE");
        body.put("qualifications", "具有独立法人资格");
        body.put("documentsIssuedAt", now.toString());
        body.put("documentsSaleEndsAt", now.plus(Duration.ofDays(12)).toString());
        body.put("clarificationCutoff", now.plus(Duration.ofDays(14)).toString());
        body.put("bidDeadline", now.plus(Duration.ofDays(30)).toString());
        body.put("openingPlace", "不见面开标大厅");
        List<Map<String, Object>> lots = new ArrayList<>();
        lots.add(Map.of("name", "第一标段", "budget", "6000000.00"));
        lots.add(Map.of("name", "第二标段", "budget", "4000000.00"));
        body.put("lots", lots);
        return body;
    }

    public static long draft(Party host, Map<String, Object> body) {
        ensureCustodians();
        long project = project(host);
        return ((Number) host.call().body(body).post("/api/projects/" + project + "/tenders")
                .then().statusCode(201).extract().path("id")).longValue();
    }
}
