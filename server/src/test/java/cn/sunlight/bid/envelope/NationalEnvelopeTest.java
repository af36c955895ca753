package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.crypto.KeyDirectory;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.support.NationalOpenssl;
import cn.sunlight.support.Shell;
import cn.sunlight.tender.CryptoSuite;

/**
 * The national suite's sealed bid (CMS AuthEnvelopedData, SM4-GCM, SM2 key transport) with keys and certificates from
 * the real platform CA: both opening paths, Shamir custody of an SM2 opening key, tampering, the suite boundary, and
 * OpenSSL 3.0 opening the envelope from its primitives.
 */
class NationalEnvelopeTest {

    private static final String CREDIT_CODE = "91350100M000100Y43";

    @TempDir
    static Path keysDir;
    @TempDir
    Path work;

    static PlatformCa ca;
    static KeyPair opening;
    static X509Certificate openingCert;
    static KeyPair bidder;
    static X509Certificate bidderCert;
    static KeyPair rsaOpening;
    static X509Certificate rsaOpeningCert;
    static byte[] plaintext;

    @BeforeAll
    static void setUp() {
        ca = new PlatformCa(new KeyDirectory(keysDir));
        Instant deadline = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        opening = KeyPairs.sm2();
        openingCert = ca.issueOpeningCertificate(42, "GM-2026-042", deadline, opening.getPublic());
        bidder = KeyPairs.sm2();
        bidderCert = ca.issuePartyCertificate("国密投标人有限公司", CREDIT_CODE, bidder.getPublic(), PlatformCa.Purpose.ENCRYPTION);
        rsaOpening = KeyPairs.rsa(3072);
        rsaOpeningCert = ca.issueOpeningCertificate(43, "INT-2026-043", deadline, rsaOpening.getPublic());
        plaintext = new byte[300_000 + 7]; // several chunks, not a whole number of blocks
        new Random(7).nextBytes(plaintext);
    }

    private static byte[] sealNational() throws Exception {
        return new EnvelopeSealer(CryptoSuite.NATIONAL).seal(plaintext, List.of(openingCert, bidderCert));
    }

    @Test
    void sealedWithSm4GcmAndSm2ItOpensByTheOpeningKeyAndByTheBiddersContentKey() throws Exception {
        byte[] envelope = sealNational();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EnvelopeFacts facts = new EnvelopeInspector().inspectSubmission(new ByteArrayInputStream(envelope), stored,
                CryptoSuite.NATIONAL);
        assertArrayEquals(envelope, stored.toByteArray(), "the stored copy is exactly what was read");
        assertEquals("1.2.156.10197.1.104.8", facts.contentEncryptionOid());
        assertEquals("sm4-GCM", facts.contentEncryptionName());
        assertEquals(plaintext.length, facts.encryptedContentLength());
        assertTrue(facts.addressedTo(openingCert) && facts.addressedTo(bidderCert));
        assertTrue(facts.recipients().stream().allMatch(r -> "1.2.156.10197.1.301.3".equals(r.keyEncryptionAlgorithm())),
                facts.recipients().toString());

        // Path 2: the (rebuilt) opening key.
        Path q2 = work.resolve("path2.zip");
        OpenedEnvelope opened = new EnvelopeOpener(CryptoSuite.NATIONAL).open(new ByteArrayInputStream(envelope),
                opening.getPrivate(), openingCert, q2);
        assertArrayEquals(plaintext, Files.readAllBytes(q2));
        assertArrayEquals(facts.sha256(), opened.envelopeSha256());

        // Path 1: the bidder unwraps its 16-byte SM4 key with its own SM2 key and hands only that over.
        byte[] cek = new EnvelopeOpener(CryptoSuite.NATIONAL).unwrapContentKey(new ByteArrayInputStream(envelope),
                bidder.getPrivate(), bidderCert);
        assertEquals(16, cek.length);
        Path q1 = work.resolve("path1.zip");
        new EnvelopeOpener(CryptoSuite.NATIONAL).openWithContentKey(new ByteArrayInputStream(envelope), cek, q1);
        assertArrayEquals(plaintext, Files.readAllBytes(q1));
    }

    @Test
    void opensslOpensTheNationalEnvelopeFromItsPrimitivesAndVerifiesTheOpeningCertificate() throws Exception {
        byte[] envelope = sealNational();
        NationalOpenssl.Parts parts = NationalOpenssl.parse(envelope);
        assertEquals("1.2.156.10197.1.104.8", parts.contentAlgorithm());
        assertEquals(16, parts.tagLength());

        byte[] viaOpeningKey = NationalOpenssl.sm2Decrypt(work, parts.recipientFor(openingCert).encryptedKey(),
                Pem.write(opening.getPrivate()));
        byte[] viaBidderKey = NationalOpenssl.sm2Decrypt(work, parts.recipientFor(bidderCert).encryptedKey(),
                Pem.write(bidder.getPrivate()));
        assertArrayEquals(viaOpeningKey, viaBidderKey, "both recipients carry the same content key");
        assertArrayEquals(new EnvelopeOpener(CryptoSuite.NATIONAL).unwrapContentKey(new ByteArrayInputStream(envelope),
                bidder.getPrivate(), bidderCert), viaOpeningKey);
        assertArrayEquals(plaintext, NationalOpenssl.sm4GcmDecrypt(work, viaOpeningKey, parts.nonce(), parts.ciphertext(),
                parts.mac()));

        // The independent tag check can fail: one flipped ciphertext bit is caught.
        byte[] altered = parts.ciphertext().clone();
        altered[1000] ^= 1;
        assertThrows(AssertionError.class, () -> NationalOpenssl.sm4GcmDecrypt(work, viaOpeningKey, parts.nonce(), altered,
                parts.mac()));

        Files.writeString(work.resolve("ca.pem"), Pem.write(ca.certificate()));
        Files.writeString(work.resolve("opening.pem"), Pem.write(openingCert));
        assertTrue(Shell.ok(work, "openssl", "verify", "-CAfile", "ca.pem", "opening.pem").contains("opening.pem: OK"));
        String text = Shell.ok(work, "openssl", "x509", "-in", "opening.pem", "-noout", "-text");
        assertTrue(text.contains("ASN1 OID: SM2"), text);
        assertTrue(text.contains("Key Encipherment"), text);
    }

    @Test
    void theIndependentGhashMatchesTheNistGcmVector() {
        // SP 800-38D / McGrew–Viega test case 2 (AES-128, zero key and IV, one zero block): T = GHASH_H(C) ⊕ E_K(J0).
        HexFormat hex = HexFormat.of();
        byte[] h = hex.parseHex("66e94bd4ef8a2c3b884cfa59ca342b2e");
        byte[] c = hex.parseHex("0388dace60b6a392f328c2b971b2fe78");
        byte[] ej0 = hex.parseHex("58e2fccefa7e3061367f1d57a4e7455a");
        byte[] t = NationalOpenssl.ghash(h, c);
        for (int i = 0; i < 16; i++) {
            t[i] ^= ej0[i];
        }
        assertEquals("ab6e47d42cec13bdf53a67b21257bddf", hex.formatHex(t));
    }

    @Test
    void aTamperedNationalEnvelopeYieldsNoPlaintextAndAWrongSm2KeyUnwrapsNothing() throws Exception {
        byte[] envelope = sealNational();
        envelope[envelope.length - 100] ^= 1; // inside the ciphertext
        Path q = work.resolve("tampered.zip");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> new EnvelopeOpener(CryptoSuite.NATIONAL)
                .open(new ByteArrayInputStream(envelope), opening.getPrivate(), openingCert, q));
        assertEquals(EnvelopeRejected.Reason.TAMPERED, e.reason());
        assertFalse(Files.exists(q));
        assertFalse(Files.exists(work.resolve("tampered.zip.partial")));

        byte[] intact = sealNational();
        EnvelopeRejected wrongKey = assertThrows(EnvelopeRejected.class, () -> new EnvelopeOpener(CryptoSuite.NATIONAL)
                .unwrapContentKey(new ByteArrayInputStream(intact), KeyPairs.sm2().getPrivate(), openingCert));
        assertEquals(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED, wrongKey.reason(), wrongKey.getMessage());
    }

    @Test
    void eachSuiteRefusesTheOtherSuitesAlgorithms() throws Exception {
        byte[] national = sealNational();
        byte[] international = new EnvelopeSealer().seal(plaintext, List.of(rsaOpeningCert));

        EnvelopeRejected aesInNational = assertThrows(EnvelopeRejected.class, () -> new EnvelopeInspector()
                .inspectSubmission(new ByteArrayInputStream(international), null, CryptoSuite.NATIONAL));
        assertEquals(EnvelopeRejected.Reason.WRONG_ALGORITHM, aesInNational.reason());
        assertTrue(aesInNational.detail().contains("sm4-GCM"), aesInNational.detail());
        assertEquals(international.length, aesInNational.bytesRead(), "the whole upload was read and hashed");

        EnvelopeRejected sm4InInternational = assertThrows(EnvelopeRejected.class, () -> new EnvelopeInspector()
                .inspectSubmission(new ByteArrayInputStream(national), null, CryptoSuite.INTERNATIONAL));
        assertEquals(EnvelopeRejected.Reason.WRONG_ALGORITHM, sm4InInternational.reason());

        EnvelopeRejected atOpening = assertThrows(EnvelopeRejected.class, () -> new EnvelopeOpener()
                .open(new ByteArrayInputStream(national), opening.getPrivate(), openingCert, work.resolve("x")));
        assertEquals(EnvelopeRejected.Reason.WRONG_ALGORITHM, atOpening.reason());

        // Each sealer takes only its suite's certificates.
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeSealer(CryptoSuite.NATIONAL)
                .seal(plaintext, List.of(openingCert, rsaOpeningCert)));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeSealer().seal(plaintext, List.of(openingCert)));
    }

    @Test
    void anSm2OpeningKeySplitTwoOfThreeIsRebuiltCheckedAndOpensTheBid() throws Exception {
        TestPki pki = TestPki.get(); // custodians keep their ordinary (international) encryption certificates
        ShamirCustody custody = new ShamirCustody();
        List<ShamirCustody.Share> shares = custody.split(opening.getPrivate(), openingCert, 2, 3);
        assertEquals("EC", shares.getFirst().keyAlgorithm());
        List<ShamirCustody.Share> released = List.of(
                custody.openShare(custody.sealShare(shares.get(0), pki.custodians.get(0).cert()),
                        pki.custodians.get(0).key(), pki.custodians.get(0).cert()),
                custody.openShare(custody.sealShare(shares.get(2), pki.custodians.get(1).cert()),
                        pki.custodians.get(1).key(), pki.custodians.get(1).cert()));
        PrivateKey rebuilt = custody.recombine(released, openingCert);
        assertTrue(KeyPairs.isSm2(rebuilt));
        assertArrayEquals(opening.getPrivate().getEncoded(), rebuilt.getEncoded());
        assertFalse(ShamirCustody.matches(bidder.getPrivate(), openingCert), "another SM2 key does not match");

        Path q = work.resolve("custody.zip");
        new EnvelopeOpener(CryptoSuite.NATIONAL).open(new ByteArrayInputStream(sealNational()), rebuilt, openingCert, q);
        assertArrayEquals(plaintext, Files.readAllBytes(q));
    }

    @Test
    void anSm2BidStatementIsSignedSm3WithSm2AndOpensslVerifiesIt() throws Exception {
        KeyPair signer = KeyPairs.sm2();
        X509Certificate cert = ca.issuePartyCertificate("国密投标人有限公司", CREDIT_CODE, signer.getPublic(),
                PlatformCa.Purpose.SIGNING);
        String statement = BidStatement.text("GM-2026-042", 1, "91440300MA5FXXXX0X", "ab".repeat(32), 12345);
        byte[] signature = BidStatement.sign(statement, signer.getPrivate());
        assertEquals("SM3withSM2", BidStatement.algorithm(cert.getPublicKey()));
        assertTrue(BidStatement.verify(statement, signature, cert.getPublicKey()));
        assertFalse(BidStatement.verify(statement.replace("size=12345", "size=12346"), signature, cert.getPublicKey()));

        Files.writeString(work.resolve("statement.txt"), statement);
        Files.write(work.resolve("statement.sig"), signature);
        Files.writeString(work.resolve("signer.pem"), Pem.write(cert));
        Files.writeString(work.resolve("ca.pem"), Pem.write(ca.certificate()));
        Shell.ok(work, "openssl", "x509", "-in", "signer.pem", "-pubkey", "-noout", "-out", "signer-pub.pem");
        String out = Shell.ok(work, "openssl", "dgst", "-sm3", "-verify", "signer-pub.pem", "-signature", "statement.sig",
                "-sigopt", "distid:1234567812345678", "statement.txt");
        assertTrue(out.contains("Verified OK"), out);
        assertTrue(Shell.ok(work, "openssl", "verify", "-CAfile", "ca.pem", "signer.pem").contains("OK"));
    }
}
