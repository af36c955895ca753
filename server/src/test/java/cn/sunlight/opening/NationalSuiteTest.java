package cn.sunlight.opening;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.bid.envelope.ShamirCustody;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.OpeningCertificateInfo;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.NationalKeys;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.NationalOpenssl;
import cn.sunlight.support.Shell;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tools.BidderTool;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A national-suite (国密) tender end to end through the public API: publication with an SM2 opening key split 2-of-3,
 * bids sealed with SM4-GCM and SM2 (one by the bidder tool) and signed SM3withSM2, the other suite's bids refused,
 * and the opening by both paths — with OpenSSL 3.0's primitives opening the tool's envelope for both recipients.
 */
@QuarkusTest
class NationalSuiteTest {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    AgroalDataSource db;
    @ConfigProperty(name = "sunlight.blob.dir")
    Path blobDir;

    record Bidder(Party party, NationalKeys sm2) {
    }

    @Test
    void aNationalTenderIsSealedWithSm4AndSm2AndOpenedByBothPathsWithOpensslAgreeing() throws Exception {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
        body.put("cryptoSuite", "NATIONAL");
        long id = Api.draft(host, body);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200)
                .body("cryptoSuite", equalTo("NATIONAL")).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));

        // The opening certificate: an SM2 key, issued by the platform CA, bound to the tender; OpenSSL agrees.
        String openingPem = Bids.openingPem(id);
        X509Certificate opening = Pem.readCertificate(openingPem);
        assertTrue(KeyPairs.isSm2(opening.getPublicKey()));
        assertEquals(new OpeningCertificateInfo(id, code, deadline), OpeningCertificateInfo.of(opening));
        Path work = Files.createTempDirectory("national");
        Files.writeString(work.resolve("ca.pem"), given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString());
        Files.writeString(work.resolve("opening.pem"), openingPem);
        assertTrue(Shell.ok(work, "openssl", "verify", "-CAfile", "ca.pem", "opening.pem").contains("opening.pem: OK"));
        assertTrue(Shell.ok(work, "openssl", "x509", "-in", "opening.pem", "-noout", "-text").contains("ASN1 OID: SM2"));
        List<byte[]> sealedShares = new ArrayList<>();
        List<String> custodians = new ArrayList<>();
        try (var c = db.getConnection(); var ps = c.prepareStatement("""
                select s.sealed_share, u.username, u.role from key_share s join user_account u on u.id = s.custodian_id
                where s.tender_id = ? order by s.share_index""")) {
            ps.setLong(1, id);
            var rs = ps.executeQuery();
            while (rs.next()) {
                sealedShares.add(rs.getBytes(1));
                custodians.add(rs.getString(2) + "/" + rs.getString(3));
            }
        }
        assertEquals(3, sealedShares.size(), "the SM2 opening key is split among three custodians");

        List<Bidder> bidders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Party p = Api.party("BIDDER");
            p.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            NationalKeys sm2 = Api.nationalKeys(p);
            bidders.add(new Bidder(p, sm2));
        }
        p(bidders.get(0)).call().get("/api/me/certificates").then().statusCode(200)
                .body("findAll { it.suite == 'NATIONAL' }.size()", equalTo(2))
                .body("findAll { it.suite == 'INTERNATIONAL' }.size()", equalTo(2));

        // Bidder 0 submits with the bidder tool, which reads the suite from the tender and uses its sm2-* keys.
        Bidder toolUser = bidders.get(0);
        Path keys = keysDir(toolUser);
        Path folder = Files.createTempDirectory("national-bid");
        Files.writeString(folder.resolve("opening-form.json"), "{\"price\":\"9100000.00\",\"duration\":\"90 日历天\",\"quality\":\"合格\"}");
        Files.writeString(folder.resolve("technical.txt"), "国密技术方案 SM4-PLAINTEXT-MARKER");
        String submitted = tool(toolUser, keys, "submit", "--tender", "" + id, "--lot", "1", "--folder", folder.toString());
        assertTrue(submitted.contains("SM4-GCM") && submitted.contains("Bid accepted"), submitted);

        // Bidders 1 and 2 seal and sign by hand, as any national-suite client would.
        byte[][] envelopes = new byte[3][];
        for (int i = 1; i < 3; i++) {
            Bidder b = bidders.get(i);
            envelopes[i] = new EnvelopeSealer(CryptoSuite.NATIONAL).seal(Bids.zip(p(b).username(), i == 1 ? "9250000.00" : "9300000.00"),
                    List.of(opening, b.sm2().encryptionCertificate()));
            Bids.submit(p(b), id, 1, envelopes[i], sm2Signature(b, BidStatement.text(code, 1, p(b).creditCode(), Bids.sha256Hex(envelopes[i]),
                    envelopes[i].length)), Map.of()).statusCode(201);
        }

        // The tool's envelope, as stored, opens with OpenSSL's primitives for the bidder's own SM2 key.
        envelopes[0] = p(toolUser).call().get("/api/tenders/" + id + "/lots/1/bids/mine/envelope").then().statusCode(200)
                .extract().asByteArray();
        NationalOpenssl.Parts parts = NationalOpenssl.parse(envelopes[0]);
        assertEquals("1.2.156.10197.1.104.8", parts.contentAlgorithm(), "SM4-GCM");
        assertTrue(parts.recipients().stream().allMatch(r -> r.keyEncryptionAlgorithm().equals("1.2.156.10197.1.301.3")));
        byte[] toolCek = NationalOpenssl.sm2Decrypt(work, parts.recipientFor(toolUser.sm2().encryptionCertificate()).encryptedKey(),
                Pem.write(toolUser.sm2().encryption().getPrivate()));
        byte[] toolZip = NationalOpenssl.sm4GcmDecrypt(work, toolCek, parts.nonce(), parts.ciphertext(), parts.mac());
        String form = zipEntry(toolZip, "opening-form.json");
        assertTrue(form.contains("9100000.00"), form);
        assertTrue(zipEntry(toolZip, "technical.txt").contains("SM4-PLAINTEXT-MARKER"));
        try (Stream<Path> stored = Files.walk(blobDir)) {
            for (Path f : stored.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("SM4-PLAINTEXT-MARKER"),
                        "no plaintext stored: " + f);
            }
        }

        // The other suite's algorithms and keys are refused, leaving nothing behind.
        Party intruder = p(bidders.get(1));
        long tmpBefore = tmpFiles();
        byte[] aes = new EnvelopeSealer().seal(Bids.zip("aes", "1.00"), List.of(intruder.encryptionCertificate()));
        Bids.submit(intruder, id, 1, aes, sm2Signature(bidders.get(1), BidStatement.text(code, 1, intruder.creditCode(), Bids.sha256Hex(aes), aes.length)),
                Map.of()).statusCode(422).contentType("application/problem+json")
                .body("type", containsString("envelope-WRONG_ALGORITHM"))
                .body("violations[0].rule", equalTo("WRONG_ALGORITHM"));
        byte[] national = new EnvelopeSealer(CryptoSuite.NATIONAL).seal(Bids.zip("ecdsa", "1.00"),
                List.of(opening, bidders.get(1).sm2().encryptionCertificate()));
        Bids.submit(intruder, id, 1, national, Bids.sign(intruder, BidStatement.text(code, 1, intruder.creditCode(), Bids.sha256Hex(national), national.length)),
                Map.of()).statusCode(422).body("violations[0].rule", equalTo("bad-signature"));
        assertEquals(tmpBefore, tmpFiles(), "no partial upload left in the blob store");
        intruder.call().get("/api/tenders/" + id + "/bids/mine").then().body("size()", equalTo(1));

        Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(past);
        try {
            assertTrue(closing.closeIfDue(id));
            for (Bidder b : bidders) {
                p(b).call().post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
            }
            host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200).body("stage", equalTo("DECRYPTION"));

            // Path 1: the tool unwraps its SM4 key with its SM2 key on the bidder's machine; bidder 1 does so by hand.
            String decrypted = tool(toolUser, keys, "decrypt", "--tender", "" + id, "--lot", "1");
            assertTrue(decrypted.contains("9100000.00"), decrypted);
            byte[] cek1 = new EnvelopeOpener(CryptoSuite.NATIONAL).unwrapContentKey(new ByteArrayInputStream(envelopes[1]),
                    bidders.get(1).sm2().encryption().getPrivate(), bidders.get(1).sm2().encryptionCertificate());
            p(bidders.get(1)).call().body(Map.of("contentKey", Base64.getEncoder().encodeToString(cek1)))
                    .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200)
                    .body("status", equalTo("DECRYPTED")).body("price", equalTo(9250000.00f));

            // Path 2: bidder 2 does not decrypt; two custodians open their shares and release them.
            List<ShamirCustody.Share> released = new ArrayList<>();
            for (int i = 0; i < custodians.size() && released.size() < 2; i++) {
                String[] who = custodians.get(i).split("/");
                if (!who[1].equals("OPERATOR") && !Api.PARTIES.containsKey(who[0])) {
                    continue; // a custodian of the demo fixture: this JVM does not hold its key (two of three suffice)
                }
                KeyPair custodianKeys = who[1].equals("OPERATOR") ? Api.operatorEncryption : Api.PARTIES.get(who[0]).encryption();
                String token = who[1].equals("OPERATOR") ? Api.operator() : Api.PARTIES.get(who[0]).token();
                X509Certificate cert = Pem.readCertificates(Api.as(token).get("/api/me/certificates").then().extract()
                        .path("find { it.purpose == 'ENCRYPTION' && it.suite == 'INTERNATIONAL' }.certificateChain")).getFirst();
                ShamirCustody.Share share = new ShamirCustody().openShare(sealedShares.get(i), custodianKeys.getPrivate(), cert);
                released.add(share);
                Api.as(token).body(Map.of("share", Base64.getEncoder().encodeToString(share.encoded())))
                        .post("/api/tenders/" + id + "/opening/shares").then().statusCode(200);
            }
            given().get("/api/tenders/" + id + "/opening").then().statusCode(200).body("openedBids", equalTo(3));

            // The same two shares rebuild the SM2 opening key here too, and OpenSSL unwraps the opening recipient with it.
            PrivateKey openingKey = new ShamirCustody().recombine(released, opening);
            byte[] viaOpening = NationalOpenssl.sm2Decrypt(work, NationalOpenssl.parse(envelopes[0]).recipientFor(opening).encryptedKey(),
                    Pem.write(openingKey));
            assertArrayEquals(toolCek, viaOpening, "the opening recipient carries the bidder's content key");

            host.call().post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
            var hall = given().get("/api/tenders/" + id + "/opening").then().statusCode(200).body("lines.size()", equalTo(3));
            for (int i = 0; i < 3; i++) {
                hall.body("lines.find { it.bidder == '" + p(bidders.get(i)).organisationName() + "' }.status", equalTo("DECRYPTED"));
            }
            hall.body("lines.find { it.bidder == '" + p(bidders.get(2)).organisationName() + "' }.price", equalTo(9300000.00f));
        } finally {
            clock.advance(past.negated());
        }
    }

    @Test
    void anInternationalTenderRefusesAnSm4Sm2Bid() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200)
                .body("cryptoSuite", equalTo("INTERNATIONAL")).extract().path("code");
        assertFalse(KeyPairs.isSm2(Pem.readCertificate(Bids.openingPem(id)).getPublicKey()), "an RSA opening key");
        Party bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        Bidder b = new Bidder(bidder, Api.nationalKeys(bidder));
        long tmpBefore = tmpFiles();
        byte[] sm4 = new EnvelopeSealer(CryptoSuite.NATIONAL).seal(Bids.zip("sm4", "1.00"), List.of(b.sm2().encryptionCertificate()));
        Bids.submit(bidder, id, 1, sm4, Bids.sign(bidder, BidStatement.text(code, 1, bidder.creditCode(), Bids.sha256Hex(sm4), sm4.length)), Map.of())
                .statusCode(422).contentType("application/problem+json").body("violations[0].rule", equalTo("WRONG_ALGORITHM"));
        assertEquals(tmpBefore, tmpFiles());
        // The bidder's SM2 certificates do not displace its international ones: an ordinary bid is still signed ECDSA.
        Bids.bid(bidder, id, code, 1, "9000000.00", Map.of());
        bidder.call().get("/api/tenders/" + id + "/bids/mine").then().body("size()", equalTo(1));
    }

    private static Party p(Bidder b) {
        return b.party();
    }

    private static String sm2Signature(Bidder b, String statement) throws Exception {
        return Base64.getEncoder().encodeToString(BidStatement.sign(statement, b.sm2().signing().getPrivate()));
    }

    /** Both key sets side by side, as the tool reads them; certificate files hold [own, CA]. */
    private static Path keysDir(Bidder b) throws Exception {
        Path dir = Files.createTempDirectory("national-keys");
        String ca = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
        Party p = b.party();
        Files.writeString(dir.resolve("signing-key.pem"), Pem.write(p.signing().getPrivate()));
        Files.writeString(dir.resolve("signing-cert.pem"), Pem.write(p.signingCertificate()) + ca);
        Files.writeString(dir.resolve("encryption-key.pem"), Pem.write(p.encryption().getPrivate()));
        Files.writeString(dir.resolve("encryption-cert.pem"), Pem.write(p.encryptionCertificate()) + ca);
        Files.writeString(dir.resolve("sm2-signing-key.pem"), Pem.write(b.sm2().signing().getPrivate()));
        Files.writeString(dir.resolve("sm2-signing-cert.pem"), Pem.write(b.sm2().signingCertificate()) + ca);
        Files.writeString(dir.resolve("sm2-encryption-key.pem"), Pem.write(b.sm2().encryption().getPrivate()));
        Files.writeString(dir.resolve("sm2-encryption-cert.pem"), Pem.write(b.sm2().encryptionCertificate()) + ca);
        return dir;
    }

    private static String tool(Bidder b, Path keys, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--server", "http://localhost:" + RestAssured.port, "--user",
                b.party().username(), "--password", Api.PASSWORD, "--keys", keys.toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = BidderTool.run(args.toArray(String[]::new), print, print, Map.of());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        return text;
    }

    private static String zipEntry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in the bid");
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
