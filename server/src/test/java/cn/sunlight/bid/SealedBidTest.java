package cn.sunlight.bid;

import cn.sunlight.bid.envelope.ShamirCustody;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.OpeningCertificateInfo;
import cn.sunlight.crypto.Pem;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Shell;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class SealedBidTest {

    @Inject
    PlatformClock clock;
    @Inject
    AgroalDataSource db;
    @Inject
    cn.sunlight.audit.service.TransparencyLog log;
    @ConfigProperty(name = "sunlight.blob.dir")
    Path blobDir;

    static final Map<String, String> FP = Map.of("X-Bid-Fingerprint", Bids.fingerprint("h1", "m1", "f1"));

    record Tender(long id, String code, Party host) {
    }

    Tender publishedTender() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        return new Tender(id, code, host);
    }

    Party registeredBidder(Tender t) {
        Party b = Api.party("BIDDER");
        b.call().post("/api/tenders/" + t.id() + "/registrations").then().statusCode(201);
        return b;
    }

    @Test
    void anOpensslEnvelopeIsAcceptedWithAReceiptOpensslVerifies() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        byte[] envelope = Bids.opensslEnvelope(Bids.zip("A", "9200000.00"), Bids.openingPem(t.id()));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(envelope));
        JsonPath receipt = Bids.submit(bidder, t.id(), 1, envelope, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, envelope)), FP).statusCode(201)
                .body("content.envelopeSha256", equalTo(sha))
                .body("content.size", equalTo(envelope.length))
                .body("content.version", equalTo(1))
                .body("content.tenderCode", equalTo(t.code()))
                .extract().jsonPath();

        Path dir = Files.createTempDirectory("receipt");
        Files.writeString(dir.resolve("ca.pem"), given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString());
        Files.write(dir.resolve("token.der"), Base64.getDecoder().decode(receipt.getString("content.timestampToken")));
        String verify = Shell.ok(dir, "openssl", "ts", "-verify", "-digest", sha, "-in", "token.der", "-token_in", "-CAfile", "ca.pem");
        assertTrue(verify.contains("Verification: OK"), verify);
        assertNotEquals(0, Shell.run(dir, "openssl", "ts", "-verify", "-digest", sha.replace('a', 'b').replace('1', '2'),
                "-in", "token.der", "-token_in", "-CAfile", "ca.pem").exit(), "a different hash must not verify");

        // The platform's signature over the receipt content verifies with the signer certificate it names.
        var chain = Pem.readCertificates(receipt.getString("signerChain"));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(chain.getFirst());
        Map<String, Object> content = receipt.getMap("content");
        s.update(cn.sunlight.common.CanonicalJson.write(new java.util.TreeMap<>(content)).getBytes(StandardCharsets.UTF_8));
        assertTrue(s.verify(Base64.getDecoder().decode(receipt.getString("signature"))));
        assertTrue(receipt.getLong("content.auditEventId") > 0);
    }

    @Test
    void resubmitAndWithdrawKeepEveryVersion() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        String pem = Bids.openingPem(t.id());
        byte[] v1 = Bids.opensslEnvelope(Bids.zip("v1", "9300000.00"), pem);
        byte[] v2 = Bids.opensslEnvelope(Bids.zip("v2", "9100000.00"), pem);
        Bids.submit(bidder, t.id(), 1, v1, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, v1)), FP).statusCode(201).body("content.version", equalTo(1));
        Bids.submit(bidder, t.id(), 1, v2, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, v2)), FP).statusCode(201).body("content.version", equalTo(2));
        given().header("Authorization", "Bearer " + bidder.token())
                .header("X-Bid-Signature", Bids.sign(bidder, BidStatement.withdrawalText(t.code(), 1, bidder.creditCode(), 2, Bids.sha256Hex(v2))))
                .delete("/api/tenders/" + t.id() + "/lots/1/bids").then().statusCode(201)
                .body("content.kind", equalTo("WITHDRAWAL")).body("content.version", equalTo(3));
        bidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().statusCode(200)
                .body("content.kind", contains("SUBMISSION", "SUBMISSION", "WITHDRAWAL"));
        // A withdrawal signature names the version it withdraws: replaying it against a new bid fails.
        String replayed = Bids.sign(bidder, BidStatement.withdrawalText(t.code(), 1, bidder.creditCode(), 2, Bids.sha256Hex(v2)));
        byte[] v4 = Bids.opensslEnvelope(Bids.zip("v4", "9000000.00"), Bids.openingPem(t.id()));
        Bids.submit(bidder, t.id(), 1, v4, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, v4)), FP).statusCode(201)
                .body("content.version", equalTo(4));
        given().header("Authorization", "Bearer " + bidder.token()).header("X-Bid-Signature", replayed)
                .delete("/api/tenders/" + t.id() + "/lots/1/bids").then().statusCode(422)
                .body("violations[0].rule", equalTo("bad-signature"));
        try (var c = db.getConnection(); var ps = c.prepareStatement("select count(*) from sealed_bid where tender_id = ?")) {
            ps.setLong(1, t.id());
            var rs = ps.executeQuery();
            rs.next();
            assertEquals(4, rs.getInt(1), "every version stays stored");
        }
    }

    @Test
    void refusedUploadsLeaveNothingBehind() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        long tmpBefore = tmpFiles();
        byte[] plaintext = Bids.zip("plain", "1.00");
        Bids.submit(bidder, t.id(), 1, plaintext, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, plaintext)), FP).statusCode(422)
                .contentType("application/problem+json").body("violations[0].rule", equalTo("NOT_CMS"));

        Tender other = publishedTender();
        byte[] toOther = Bids.opensslEnvelope(Bids.zip("x", "1.00"), Bids.openingPem(other.id()));
        Bids.submit(bidder, t.id(), 1, toOther, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, toOther)), FP).statusCode(422)
                .body("violations[0].rule", equalTo("not-for-this-tender"));

        byte[] good = Bids.opensslEnvelope(Bids.zip("y", "1.00"), Bids.openingPem(t.id()));
        Bids.submit(bidder, t.id(), 1, good, null, FP).statusCode(422).body("violations[0].field", equalTo("X-Bid-Signature"));
        byte[] tampered = good.clone();
        tampered[tampered.length - 20] ^= 1; // altered in transit after signing
        Bids.submit(bidder, t.id(), 1, tampered, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, good)), FP).statusCode(422)
                .body("violations[0].rule", equalTo("bad-signature"));
        Party stranger = Api.party("BIDDER");
        Bids.submit(stranger, t.id(), 1, good, Bids.sign(stranger, Bids.statement(stranger, t.code(), 1, good)), FP).statusCode(403);

        assertEquals(tmpBefore, tmpFiles(), "no partial upload left in the blob store");
        bidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().body("size()", equalTo(0));
    }

    @Test
    void anUploadCompletingAfterTheDeadlineIsRefused() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        byte[] envelope = Bids.opensslEnvelope(Bids.zip("late", "1.00"), Bids.openingPem(t.id()));
        String signature = Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, envelope));
        Instant deadline = Instant.parse(given().get("/api/tenders/" + t.id()).then().extract().path("schedule.bidDeadline"));
        Duration toDeadline = Duration.between(clock.now(), deadline);
        // The upload starts before the deadline; its last byte arrives after it. The body holds back its
        // last bytes until the server has started streaming into the blob store, then the clock passes the
        // deadline and the rest is sent.
        long tmpBefore = tmpFiles();
        InputStream slow = new InputStream() {
            int pos;
            boolean moved;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == envelope.length) {
                    return -1;
                }
                if (pos >= envelope.length - 16 && !moved) {
                    long until = System.nanoTime() + 10_000_000_000L;
                    while (tmpFiles() == tmpBefore && System.nanoTime() < until) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    clock.advance(toDeadline.plusSeconds(1));
                    moved = true;
                }
                int n = Math.min(len, pos < envelope.length - 16 ? envelope.length - 16 - pos : envelope.length - pos);
                System.arraycopy(envelope, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://localhost:" + io.restassured.RestAssured.port + "/api/tenders/" + t.id() + "/lots/1/bids"))
                    .header("Authorization", "Bearer " + bidder.token()).header("Content-Type", "application/pkcs7-mime")
                    .header("X-Bid-Signature", signature)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> slow)).build();
            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(422, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"rule\":\"late\""), response.body());
        } finally {
            clock.advance(toDeadline.plusSeconds(1).negated());
        }
        // Once the deadline has passed, uploads are not even started.
        clock.advance(toDeadline.plusSeconds(1));
        try {
            Bids.submit(bidder, t.id(), 1, envelope, signature, FP).statusCode(409);
        } finally {
            clock.advance(toDeadline.plusSeconds(1).negated());
        }
        bidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().body("size()", equalTo(0));
    }

    @Test
    void nobodyButTheBidderCanSeeABidAndNothingIsStoredInPlaintext() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        String marker = "UNIQUE-PLAINTEXT-" + System.nanoTime();
        byte[] envelope = Bids.opensslEnvelope(Bids.zip(marker, "8888888.00"), Bids.openingPem(t.id()));
        Bids.submit(bidder, t.id(), 1, envelope, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, envelope)), FP).statusCode(201);

        Party otherBidder = registeredBidder(t);
        otherBidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().statusCode(200).body("size()", equalTo(0));
        t.host().call().get("/api/tenders/" + t.id() + "/bids/mine").then().statusCode(403);
        Api.party("SUPERVISOR").call().get("/api/tenders/" + t.id() + "/bids/mine").then().statusCode(403);
        t.host().call().get("/api/tenders/" + t.id() + "/registrations").then().statusCode(409);
        String publicView = given().get("/api/tenders/" + t.id()).asString();
        assertFalse(publicView.contains(bidder.organisationName()));

        // Neither the blob store nor any database table holds the plaintext or the price.
        try (Stream<Path> files = Files.walk(blobDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(marker), "plaintext in " + f);
            }
        }
        Path dump = Files.createTempFile("dump", ".sql");
        Shell.ok(null, "pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-f", dump.toString(), cn.sunlight.support.PostgresTestDatabase.DATABASE);
        String sql = Files.readString(dump);
        assertFalse(sql.contains(marker));
        assertFalse(sql.contains("8888888.00"));
        // The public log shows the bid's leaf hash only (withheld until the opening): nothing names the bidder.
        List<String> recent = cn.sunlight.support.LogEntries.awaitRecent(log, list -> true);
        assertTrue(recent.stream().filter(java.util.Objects::nonNull)
                .noneMatch(e -> e.contains(bidder.username()) || e.contains(bidder.organisationName()) || e.contains("bid.submitted")
                        && e.contains("\"object\":\"" + t.id() + "\"")), recent.toString());
    }

    @Test
    void theOpeningKeyIsCertifiedForTheTenderAndSplitAmongCustodians() throws Exception {
        Tender t = publishedTender();
        X509Certificate cert = Pem.readCertificate(Bids.openingPem(t.id()));
        OpeningCertificateInfo info = OpeningCertificateInfo.of(cert);
        assertEquals(t.id(), info.tenderId());
        assertEquals(t.code(), info.tenderCode());
        List<byte[]> sealed = new ArrayList<>();
        List<Long> custodians = new ArrayList<>();
        try (var c = db.getConnection(); var ps = c.prepareStatement(
                "select sealed_share, custodian_id from key_share where tender_id = ? order by share_index")) {
            ps.setLong(1, t.id());
            var rs = ps.executeQuery();
            while (rs.next()) {
                sealed.add(rs.getBytes(1));
                custodians.add(rs.getLong(2));
            }
        }
        assertEquals(3, sealed.size(), "2-of-3: trading centre, supervision authority, tendering unit");
        assertEquals(3, custodians.stream().distinct().count());
        // The tendering unit's share opens with its own key; one share alone cannot rebuild the key.
        ShamirCustody custody = new ShamirCustody();
        ShamirCustody.Share own = custody.openShare(sealed.get(2), t.host().encryption().getPrivate(), t.host().encryptionCertificate());
        assertThrows(Exception.class, () -> custody.recombine(List.of(own), cert));
        // No table holds a private key.
        Path dump = Files.createTempFile("dump", ".sql");
        Shell.ok(null, "pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-f", dump.toString(), cn.sunlight.support.PostgresTestDatabase.DATABASE);
        assertFalse(Files.readString(dump).contains("PRIVATE KEY"));
    }

    @Test
    void anAmendmentThatMovesTheDeadlineRecertifiesTheOpeningKey() throws Exception {
        Tender t = publishedTender();
        X509Certificate before = Pem.readCertificate(Bids.openingPem(t.id()));
        Instant moved = clock.now().plus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
        t.host().call().body(Map.of("kind", "AMENDMENT", "text", "延期", "affectsPreparation", true, "newDeadline", moved.toString()))
                .post("/api/tenders/" + t.id() + "/clarifications").then().statusCode(201);
        X509Certificate after = Pem.readCertificate(Bids.openingPem(t.id()));
        assertEquals(moved, OpeningCertificateInfo.of(after).deadline());
        assertEquals(before.getPublicKey(), after.getPublicKey(), "same key, new binding");
        // An envelope made for the first certificate is still accepted.
        Party bidder = registeredBidder(t);
        byte[] envelope = Bids.opensslEnvelope(Bids.zip("old-cert", "1.00"), Pem.write(before));
        Bids.submit(bidder, t.id(), 1, envelope, Bids.sign(bidder, Bids.statement(bidder, t.code(), 1, envelope)), FP).statusCode(201);
    }

    @Test
    void theTimeStampingAuthorityAnswersOpensslOverHttp() throws Exception {
        Path dir = Files.createTempDirectory("tsa");
        Files.writeString(dir.resolve("data.txt"), "任何人都可以使用平台的时间戳服务");
        Shell.ok(dir, "openssl", "ts", "-query", "-data", "data.txt", "-sha256", "-cert", "-out", "q.tsq");
        byte[] reply = given().contentType("application/timestamp-query").body(Files.readAllBytes(dir.resolve("q.tsq")))
                .post("/api/tsa").then().statusCode(200).contentType("application/timestamp-reply").extract().asByteArray();
        Files.write(dir.resolve("r.tsr"), reply);
        Files.writeString(dir.resolve("ca.pem"), given().get("/api/pki/ca.pem").asString());
        String out = Shell.ok(dir, "openssl", "ts", "-verify", "-data", "data.txt", "-in", "r.tsr", "-CAfile", "ca.pem");
        assertTrue(out.contains("Verification: OK"), out);
    }

    private long tmpFiles() throws IOException {
        Path tmp = blobDir.resolve("tmp");
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }
}
