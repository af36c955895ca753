package cn.sunlight.audit;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.NoteVerifier;
import cn.sunlight.audit.log.ProofVerifier;
import cn.sunlight.audit.log.VerifierKey;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12 item 1: before a tender's opening, nothing anyone but a supervisor can read — the public log (entries,
 * leaves, export, proofs), every GET of the API and the public portal pages — names a bidder that logged in, had
 * keys certified, registered, downloaded the documents, objected and bid; each bidder acts from its own network
 * address so that the address is a findable identifier too. After the opening the withheld entries about the tender
 * are disclosed, and each hashes to the leaf committed before, included in a signed checkpoint.
 */
@QuarkusTest
class PublicLogBlindnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    TransparencyLog log;

    Duration moved = Duration.ZERO;

    @AfterEach
    void moveBack() {
        clock.advance(moved.negated());
        moved = Duration.ZERO;
    }

    private void advance(Duration d) {
        clock.advance(d);
        moved = moved.plus(d);
    }

    /** A bidder with everything that identifies it. */
    record Bidder(Party party, String address, long userId, String creditCode, List<String> serials) {
        List<String> identifiers() {
            List<String> ids = new ArrayList<>(List.of(party.username(), party.organisationName(), creditCode, address));
            ids.addAll(serials);
            return ids;
        }
    }

    /** Requests from one client address (a loopback alias), so that the platform records that address. */
    static RequestSpecification from(String address, String token) {
        try {
            var config = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(address)));
            RequestSpecification s = given().config(config);
            return token == null ? s : s.header("Authorization", "Bearer " + token);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Bidder bidder(String address) {
        String code = Api.creditCode();
        String name = "盲测供应商-" + System.nanoTime();
        String operator = Api.operator();
        long org = ((Number) Api.as(operator).body(Map.of("creditCode", code, "name", name, "kind", "BIDDER", "region", "阳光市"))
                .post("/api/organisations").then().statusCode(201).extract().path("id")).longValue();
        String username = "blind-" + System.nanoTime();
        Api.as(operator).body(Map.of("username", username, "password", Api.PASSWORD, "role", "BIDDER", "organisationId", org,
                "displayName", name)).post("/api/accounts").then().statusCode(201);
        String token = from(address, null).contentType(ContentType.JSON).body(Map.of("username", username, "password", Api.PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("token");
        long userId = ((Number) from(address, token).get("/api/me").then().statusCode(200).extract().path("id")).longValue();
        KeyPair signing = KeyPairs.ecP256();
        KeyPair encryption = KeyPairs.ecP256();
        X509Certificate sc = certify(address, token, "SIGNING", signing);
        X509Certificate ec = certify(address, token, "ENCRYPTION", encryption);
        Party p = new Party(username, token, org, name, code, signing, sc, encryption, ec);
        return new Bidder(p, address, userId, code, List.of(sc.getSerialNumber().toString(16), ec.getSerialNumber().toString(16),
                sc.getSerialNumber().toString()));
    }

    static X509Certificate certify(String address, String token, String purpose, KeyPair keys) {
        String chain = from(address, token).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "csr", cn.sunlight.crypto.CertificationRequests.create(keys, "test")))
                .post("/api/me/certificates").then().statusCode(201).extract().path("certificateChain");
        return Pem.readCertificates(chain).getFirst();
    }

    @Test
    void beforeTheOpeningNothingPublicNamesABidderAndAfterItTheDisclosedEntriesVerify() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        long documentId = ((Number) given().header("Authorization", "Bearer " + host.token()).contentType("application/pdf")
                .queryParam("fileName", "招标文件.pdf").body("%PDF-1.4 blind".getBytes(StandardCharsets.UTF_8))
                .post("/api/tenders/" + id + "/documents").then().statusCode(201).extract().path("id")).longValue();
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");

        List<Bidder> bidders = new ArrayList<>();
        long lastBidEvent = 0;
        X509Certificate opening = Pem.readCertificate(Bids.openingPem(id));
        for (int i = 0; i < 3; i++) {
            Bidder b = bidder("127.0.0." + (41 + i));
            bidders.add(b);
            String a = b.address();
            String t = b.party().token();
            from(a, t).post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            from(a, t).get("/api/tenders/" + id + "/documents/" + documentId).then().statusCode(200);
            if (i == 0) {
                long objection = ((Number) from(a, t).contentType(ContentType.JSON)
                        .body(Map.of("subject", "资格条件", "text", "资格条件过严")).post("/api/tenders/" + id + "/objections")
                        .then().statusCode(201).extract().path("id")).longValue();
                // The host answers the objection without learning who raised it.
                host.call().get("/api/tenders/" + id + "/objections").then().statusCode(200)
                        .body("organisation", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
                host.call().body(Map.of("answer", "资格条件符合法律规定")).post("/api/tenders/" + id + "/objections/" + objection + "/answer")
                        .then().statusCode(200);
                host.call().body(Map.of("kind", "CLARIFICATION", "text", "对资格条件的澄清", "affectsPreparation", false))
                        .post("/api/tenders/" + id + "/clarifications").then().statusCode(201);
            }
            byte[] envelope = new EnvelopeSealer().seal(Bids.zip(b.party().username(), "900000" + i + ".00"),
                    List.of(opening, b.party().encryptionCertificate()));
            String signature = Bids.sign(b.party(), BidStatement.text(code, 1, b.party().creditCode(), Bids.sha256Hex(envelope), envelope.length));
            JsonNode receipt = JSON.readTree(from(a, t).contentType("application/pkcs7-mime").header("X-Bid-Signature", signature)
                    .body(envelope).post("/api/tenders/" + id + "/lots/1/bids").then().statusCode(201).extract().asString());
            lastBidEvent = receipt.at("/content/auditEventId").asLong();
            // The receipt carries the entry the log committed to: the bidder can check it while the public sees a hash.
            assertTrue(receipt.at("/content/auditEntry").asText().contains(b.party().username()), receipt.toString());
        }
        log.sequence();
        var before = log.checkpoint("blindness-before");

        // The bidders did act from their own addresses (else the address check below would prove nothing).
        for (Bidder b : bidders) {
            assertTrue(log.leaves(0, before.size()).stream().anyMatch(l -> l.entry().contains("\"addr\":\"" + b.address() + "\"")
                    && l.entry().contains("tender.bidder-registered")), "recorded from " + b.address());
        }

        // 1. The public log: every entry, the export, the leaves and proofs.
        Map<Long, String> withheldBefore = new HashMap<>();
        StringBuilder publicText = new StringBuilder();
        for (long start = 0; start < before.size(); start += 1000) {
            String page = given().queryParam("start", start).queryParam("end", Math.min(before.size(), start + 1000))
                    .get("/api/log/entries").then().statusCode(200).extract().asString();
            publicText.append(page);
            for (JsonNode leaf : JSON.readTree(page)) {
                if (leaf.get("entry").isNull()) {
                    assertEquals("bidder-activity", leaf.get("withheld").asText());
                    withheldBefore.put(leaf.get("index").asLong(), leaf.get("leafHash").asText());
                } else {
                    JsonNode e = JSON.readTree(leaf.get("entry").asText());
                    for (Bidder b : bidders) {
                        assertFalse("user".equals(e.path("type").asText()) && String.valueOf(b.userId()).equals(e.path("object").asText()),
                                "a public entry is about the bidder's user id: " + e);
                    }
                }
            }
        }
        assertFalse(withheldBefore.isEmpty());
        publicText.append(given().get("/api/log/export").then().statusCode(200).extract().asString());
        publicText.append(given().get("/api/log/events/" + lastBidEvent + "/proof").then().statusCode(200).extract().asString());
        long someWithheld = withheldBefore.keySet().iterator().next();
        publicText.append(given().get("/api/log/leaves/" + someWithheld).then().statusCode(200).extract().asString());

        // 2. Every GET of the API (from the OpenAPI document) with this tender's ids, anonymous, as the host and as
        //    an outside bidder, and the public portal pages.
        Party outsider = Api.party("BIDDER");
        Party agent = Api.party("AGENT");
        Party expert = Api.party("EXPERT");
        Map<String, String> params = Map.of("id", String.valueOf(id), "lot", "1", "documentId", String.valueOf(documentId),
                "index", String.valueOf(someWithheld), "eventId", String.valueOf(lastBidEvent), "tenderId", String.valueOf(id));
        JsonNode paths = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString())
                .get("paths");
        int calls = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (!paths.get(path).has("get")) {
                continue;
            }
            String url = path;
            for (var p : params.entrySet()) {
                url = url.replace("{" + p.getKey() + "}", p.getValue());
            }
            url = url.replaceAll("\\{[^}]+}", "1");
            for (String token : new String[]{null, host.token(), outsider.token(), agent.token(), expert.token()}) {
                RequestSpecification r = token == null ? given() : given().header("Authorization", "Bearer " + token);
                publicText.append("\n").append(url).append(" ").append(r.get(url).asString());
                calls++;
            }
        }
        assertTrue(calls > 100, "crawled " + calls);
        for (String page : List.of("/", "/tenders/" + id, "/tenders/" + id + "/opening", "/desk/log", "/?status=BIDDING")) {
            publicText.append(given().get(page).then().statusCode(200).extract().asString());
        }
        // The tendering unit's own workspace pages for the tender (session cookie, as its browser would).
        for (String page : List.of("/workspace", "/workspace/tenders/" + id, "/workspace/tenders/" + id + "/opening")) {
            publicText.append(given().cookie("sunlight_session", host.token()).redirects().follow(false).get(page).asString());
        }
        String everything = publicText.toString();
        for (Bidder b : bidders) {
            for (String identifier : b.identifiers()) {
                int at = everything.indexOf(identifier);
                assertEquals(-1, at, "bidder identifier " + identifier + " is public before the opening: …"
                        + everything.substring(Math.max(0, at - 300), Math.min(everything.length(), at + 100)));
            }
        }

        // 3. The opening: the entries about this tender are disclosed and verify against the leaves committed before.
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        advance(Duration.between(clock.now(), deadline).plusSeconds(1));
        closing.closeIfDue(id);
        for (Bidder b : bidders) {
            from(b.address(), b.party().token()).post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
        }
        host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200);
        log.sequence();
        var after = log.checkpoint("blindness-after");
        JsonNode keys = JSON.readTree(given().get("/api/log/keys").then().extract().asString());
        String note = given().get("/api/log/checkpoint").then().statusCode(200).extract().asString();
        Checkpoint signed = Checkpoint.from(NoteVerifier.of(VerifierKey.parse(keys.get("logVerifierKey").asText())).verify(note));
        assertTrue(signed.size() >= after.size());
        int disclosed = 0;
        List<String> actions = new ArrayList<>();
        for (var entry : withheldBefore.entrySet()) {
            JsonNode leaf = JSON.readTree(given().get("/api/log/leaves/" + entry.getKey()).then().statusCode(200).extract().asString());
            if (leaf.get("entry").isNull()) {
                continue;
            }
            String text = leaf.get("entry").asText();
            JsonNode e = JSON.readTree(text);
            assertEquals(entry.getValue(), Base64.getEncoder().encodeToString(MerkleHashes.leafHash(text.getBytes(StandardCharsets.UTF_8))),
                    "the disclosed entry hashes to the leaf published before the opening");
            assertTrue(e.get("salt").asText().matches("[0-9a-f]{32}"), text);
            JsonNode inc = JSON.readTree(given().queryParam("index", entry.getKey()).queryParam("size", signed.size())
                    .get("/api/log/proofs/inclusion").then().statusCode(200).extract().asString());
            List<byte[]> proof = new ArrayList<>();
            inc.get("proof").forEach(n -> proof.add(Base64.getDecoder().decode(n.asText())));
            ProofVerifier.verifyInclusion(entry.getKey(), signed.size(), Base64.getDecoder().decode(entry.getValue()), proof, signed.rootHash());
            assertEquals(String.valueOf(id), e.get("object").asText());
            actions.add(e.get("action").asText());
            disclosed++;
        }
        for (String action : List.of("tender.bidder-registered", "tender.document-downloaded", "tender.objection-raised", "bid.submitted")) {
            assertTrue(actions.contains(action), action + " disclosed after the opening: " + actions);
        }
        assertTrue(disclosed >= 3 * 3 + 1, "disclosed " + disclosed);
        // Account events of bidders (logins, keys, accounts) stay with the supervisors.
        String afterText = given().queryParam("start", 0).queryParam("end", Math.min(1000, after.size())).get("/api/log/entries").asString()
                + given().queryParam("start", Math.max(0, after.size() - 1000)).queryParam("end", after.size()).get("/api/log/entries").asString();
        for (Bidder b : bidders) {
            for (String serial : b.serials()) {
                assertFalse(afterText.contains(serial), serial);
            }
        }
        // The public export verifies offline with the withheld entries by leaf hash; a supervisor's export is complete.
        String logKey = keys.get("logVerifierKey").asText();
        var publicCheck = cn.sunlight.audit.verify.LogVerifier.verify(new java.io.ByteArrayInputStream(
                given().get("/api/log/export").then().statusCode(200).extract().asByteArray()), logKey, null, List.of(),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        assertTrue(publicCheck.ok() && publicCheck.message().contains("withheld entries"), publicCheck.message());
        // Supervisors read every entry at once.
        Party supervisor = Api.party("SUPERVISOR");
        String full = supervisor.call().queryParam("start", Math.max(0, before.size() - 1000)).queryParam("end", before.size())
                .get("/api/log/entries").then().statusCode(200).extract().asString();
        assertTrue(full.contains(bidders.getFirst().party().username()), "the supervisor sees the bidder's entries");
        byte[] fullExport = supervisor.call().get("/api/log/export").then().statusCode(200).extract().asByteArray();
        assertFalse(new String(fullExport, StandardCharsets.UTF_8).contains("\"withheld\""));
        var fullCheck = cn.sunlight.audit.verify.LogVerifier.verify(new java.io.ByteArrayInputStream(fullExport), logKey, null, List.of(),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        assertTrue(fullCheck.ok() && !fullCheck.message().contains("withheld"), fullCheck.message());
    }
}
