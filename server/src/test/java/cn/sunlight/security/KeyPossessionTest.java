package cn.sunlight.security;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.CryptoProviders;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5: a certificate proves possession of its key, a key belongs to one organisation, and a bid or
 * withdrawal signature binds the organisation that signed it. Everything goes through the public API; the CSRs of the
 * happy paths are made by OpenSSL, an implementation independent of the platform's.
 */
@QuarkusTest
class KeyPossessionTest {

    @Inject
    PlatformClock clock;

    private static ValidatableResponse certify(Party p, String purpose, String csr) {
        return p.call().body(Map.of("purpose", purpose, "csr", csr)).post("/api/me/certificates").then();
    }

    /** A request carrying {@code subjectKey} but signed with {@code signingKey}: what a key thief can make. */
    private static String forgedRequest(PublicKey subjectKey, KeyPair signingKey) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=thief"), subjectKey)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey.getPrivate()));
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
        }
        return out.toString();
    }

    @Test
    void someoneElsesPublicKeyIsNotCertified() throws Exception {
        Party victim = Api.party("BIDDER");
        Party thief = Api.party("BIDDER");
        String victimKey = Pem.write(victim.signingCertificate().getPublicKey());

        // The old request — a bare public key, copied from the victim's certificate — is refused, naming the field.
        thief.call().body(Map.of("purpose", "SIGNING", "publicKey", victimKey)).post("/api/me/certificates").then()
                .statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("publicKey")).body("violations[0].rule", equalTo("csr-required"));
        // A public key where the request belongs is not a request.
        certify(thief, "SIGNING", victimKey).statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("csr")).body("violations[0].rule", equalTo("pem-csr"));
        // A request for the victim's key signed with the thief's own key: the self-signature does not verify.
        certify(thief, "SIGNING", forgedRequest(victim.signingCertificate().getPublicKey(), thief.signing()))
                .statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("csr")).body("violations[0].rule", equalTo("signature"));
        // Nor for the victim's encryption key.
        certify(thief, "ENCRYPTION", forgedRequest(victim.encryptionCertificate().getPublicKey(), thief.signing()))
                .statusCode(422).body("violations[0].rule", equalTo("signature"));
        // Nothing was issued to the thief beyond its own two certificates.
        thief.call().get("/api/me/certificates").then().statusCode(200).body("size()", equalTo(2));
    }

    @Test
    void aRequestWithABrokenSignatureOrAWeakAlgorithmIsRefused() throws Exception {
        Party p = Api.party("BIDDER");
        KeyPair keys = KeyPairs.ecP256();
        String good = CertificationRequests.create(keys, "x");
        byte[] der;
        try (PemReader r = new PemReader(new StringReader(good))) {
            der = r.readPemObject().getContent();
        }
        der[der.length - 3] ^= 0x01; // inside the signature value
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("CERTIFICATE REQUEST", der));
        }
        certify(p, "SIGNING", out.toString()).statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("csr")).body("violations[0].rule", equalTo("signature"));

        // An SM2 key must sign its request SM3withSM2 (the national suite), not plain ECDSA-SHA256.
        KeyPair sm2 = KeyPairs.sm2();
        var ecdsaSigned = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), sm2.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(CryptoProviders.bouncyCastle())
                        .build(sm2.getPrivate()));
        StringWriter sm2Out = new StringWriter();
        try (PemWriter w = new PemWriter(sm2Out)) {
            w.writeObject(new PemObject("CERTIFICATE REQUEST", ecdsaSigned.getEncoded()));
        }
        certify(p, "SIGNING", sm2Out.toString()).statusCode(422)
                .body("violations[0].rule", equalTo("signature-algorithm"));
        // Garbage and missing requests are 422 naming the field, never a 5xx.
        certify(p, "SIGNING", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")
                .statusCode(422).body("violations[0].field", equalTo("csr"));
        p.call().body(Map.of("purpose", "SIGNING")).post("/api/me/certificates").then().statusCode(422)
                .contentType("application/problem+json").body("violations.field", hasItem("csr"));
        certify(p, "SIGNING", "x".repeat(CertificationRequests.MAX_PEM_CHARS + 1)).statusCode(422)
                .contentType("application/problem+json").body("violations.field", hasItem("csr"));
        // The untouched request is accepted.
        certify(p, "SIGNING", good).statusCode(201);
    }

    @Test
    void oneKeyBelongsToOneOrganisation() {
        Party first = Api.party("BIDDER");
        Party second = Api.party("BIDDER");
        // Whoever holds first's key (it can sign a request with it) cannot have it certified for a second organisation.
        String request = CertificationRequests.create(first.signing(), "shared");
        certify(second, "SIGNING", request).statusCode(409).contentType("application/problem+json")
                .body("type", containsString("key-of-another-organisation"));
        certify(second, "ENCRYPTION", CertificationRequests.create(first.encryption(), "shared")).statusCode(409);
        // Within its own organisation the key can be certified again (renewal, a second account of the unit).
        certify(first, "SIGNING", request).statusCode(201);
        // The same for an SM2 key.
        KeyPair sm2 = KeyPairs.sm2();
        certify(first, "SIGNING", CertificationRequests.create(sm2, "gm")).statusCode(201).body("suite", equalTo("NATIONAL"));
        certify(second, "SIGNING", CertificationRequests.create(sm2, "gm")).statusCode(409);
    }

    @Test
    void opensslRequestsForP256Sm2AndRsaAreCertifiedForTheCallersOrganisation() throws Exception {
        Party p = Api.party("BIDDER");
        String creditCode = p.creditCode();
        Path dir = Files.createTempDirectory("csr");
        Files.writeString(dir.resolve("ca.pem"), given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString());
        record Case(String name, String purpose, String[] genpkey, String suite, String... reqOptions) {
        }
        for (Case c : new Case[]{
                new Case("p256-sign", "SIGNING", new String[]{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"}, "INTERNATIONAL"),
                // An encryption-only key still signs its own request: possession is proven the same way.
                new Case("p256-enc", "ENCRYPTION", new String[]{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"}, "INTERNATIONAL"),
                new Case("sm2-sign", "SIGNING", new String[]{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"}, "NATIONAL"),
                // OpenSSL 3.0 signs with an empty SM2 identifier unless told the GM/T 0009 default: both are accepted.
                new Case("sm2-std", "SIGNING", new String[]{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"}, "NATIONAL",
                        "-sigopt", "distid:1234567812345678"),
                new Case("sm2-enc", "ENCRYPTION", new String[]{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"}, "NATIONAL"),
                new Case("rsa-enc", "ENCRYPTION", new String[]{"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"}, "INTERNATIONAL")}) {
            String[] gen = new String[c.genpkey().length + 4];
            gen[0] = "openssl";
            gen[1] = "genpkey";
            System.arraycopy(c.genpkey(), 0, gen, 2, c.genpkey().length);
            gen[gen.length - 2] = "-out";
            gen[gen.length - 1] = c.name() + ".key";
            Shell.ok(dir, gen);
            java.util.List<String> req = new java.util.ArrayList<>(java.util.List.of("openssl", "req", "-new", "-key",
                    c.name() + ".key", "-subj", "/CN=x", "-out", c.name() + ".csr"));
            req.addAll(java.util.List.of(c.reqOptions()));
            Shell.ok(dir, req.toArray(String[]::new));
            String text = Shell.ok(dir, "openssl", "req", "-in", c.name() + ".csr", "-noout", "-text");
            if (c.name().startsWith("sm2")) {
                assertTrue(text.contains("SM2-with-SM3"), text); // OpenSSL signs an SM2 key's request SM3withSM2
            }
            String chain = certify(p, c.purpose(), Files.readString(dir.resolve(c.name() + ".csr"))).statusCode(201)
                    .body("suite", equalTo(c.suite())).extract().path("certificateChain");
            X509Certificate cert = Pem.readCertificates(chain).getFirst();
            Shell.ok(dir, "openssl", "pkey", "-in", c.name() + ".key", "-pubout", "-out", c.name() + ".pub");
            assertArrayEquals(Pem.readPublicKey(Files.readString(dir.resolve(c.name() + ".pub"))).getEncoded(),
                    cert.getPublicKey().getEncoded(), c.name() + ": the certificate carries the requested key");
            assertEquals(creditCode, PlatformCa.organisationCode(cert).orElseThrow(), c.name());
            Files.writeString(dir.resolve(c.name() + ".crt"), Pem.write(cert));
            String verify = Shell.ok(dir, "openssl", "verify", "-CAfile", "ca.pem", c.name() + ".crt");
            assertTrue(verify.contains(": OK"), verify);
        }
    }

    @Test
    void aBidOrWithdrawalSignedForAnotherOrganisationOrForNoneIsRefused() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Party bidder = Api.party("BIDDER");
        Party other = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        byte[] envelope = Bids.opensslEnvelope(Bids.zip("org-bound", "9100000.00"), Bids.openingPem(id));
        String sha = Bids.sha256Hex(envelope);

        // Signed by the bidder's own key, but naming another organisation: refused.
        Bids.submit(bidder, id, 1, envelope, Bids.sign(bidder, BidStatement.text(code, 1, other.creditCode(), sha, envelope.length)),
                Map.of()).statusCode(422).contentType("application/problem+json")
                .body("violations[0].rule", equalTo("bad-signature"));
        // The statement of before, naming no organisation: refused.
        String anonymous = "sunlight-bid/1\ntender=" + code + "\nlot=1\nsha256=" + sha + "\nsize=" + envelope.length + "\n";
        Bids.submit(bidder, id, 1, envelope, Bids.sign(bidder, anonymous), Map.of()).statusCode(422)
                .body("violations[0].rule", equalTo("bad-signature"));
        bidder.call().get("/api/tenders/" + id + "/bids/mine").then().statusCode(200).body("size()", equalTo(0));
        // Naming its own organisation: accepted.
        Bids.submit(bidder, id, 1, envelope, Bids.sign(bidder, BidStatement.text(code, 1, bidder.creditCode(), sha, envelope.length)),
                Map.of()).statusCode(201).body("content.version", equalTo(1));

        // A withdrawal is bound the same way.
        withdraw(bidder, id, BidStatement.withdrawalText(code, 1, other.creditCode(), 1, sha)).statusCode(422)
                .body("violations[0].rule", equalTo("bad-signature"));
        withdraw(bidder, id, "sunlight-withdrawal/2\ntender=" + code + "\nlot=1\nversion=1\nsha256=" + sha + "\n").statusCode(422);
        withdraw(bidder, id, BidStatement.withdrawalText(code, 1, bidder.creditCode(), 1, sha)).statusCode(201)
                .body("content.kind", equalTo("WITHDRAWAL"));
        assertTrue(Arrays.asList(BidStatement.text(code, 1, bidder.creditCode(), sha, 1).split("\n"))
                .contains("org=" + bidder.creditCode()));
    }

    private static ValidatableResponse withdraw(Party bidder, long tenderId, String statement) throws Exception {
        return given().header("Authorization", "Bearer " + bidder.token()).header("X-Bid-Signature", Bids.sign(bidder, statement))
                .delete("/api/tenders/" + tenderId + "/lots/1/bids").then();
    }
}
