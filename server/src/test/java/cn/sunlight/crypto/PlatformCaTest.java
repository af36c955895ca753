package cn.sunlight.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformCaTest {

    private static final String CREDIT_CODE = "91350100M000100Y43";

    @TempDir
    static Path keysDir;
    @TempDir
    Path work;

    static PlatformCa ca;
    static KeyPair rsaOpening;

    @BeforeAll
    static void setUp() {
        ca = new PlatformCa(new KeyDirectory(keysDir));
        rsaOpening = KeyPairs.rsa(3072);
    }

    private void writeCaPem() {
        OpenSsl.write(work.resolve("ca.pem"), Pem.write(ca.certificate()));
    }

    private static Instant deadline() {
        return Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MINUTES);
    }

    @Test
    void rootIsASelfSignedP256CaOpenSslAccepts() throws Exception {
        writeCaPem();
        X509Certificate root = ca.certificate();
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", root.getSigAlgName());
        assertEquals(KeyPairs.Type.EC_P256, KeyPairs.typeOf(root.getPublicKey()));
        root.verify(root.getPublicKey());

        OpenSsl.Result text = OpenSsl.run(work, "x509", "-in", "ca.pem", "-noout", "-text");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(Pattern.compile("X509v3 Basic Constraints: critical\\s+CA:TRUE").matcher(text.stdout()).find(), text::toString);
        assertTrue(Pattern.compile("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign\\s*\\n").matcher(text.stdout()).find(),
                text::toString);
        assertTrue(text.stdout().contains("ASN1 OID: prime256v1"), text::toString);
        OpenSsl.Result verify = OpenSsl.run(work, "verify", "-CAfile", "ca.pem", "ca.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    void rsaOpeningCertificateBindsTenderAndDeadline() throws Exception {
        writeCaPem();
        Instant deadline = deadline();
        X509Certificate cert = ca.issueOpeningCertificate(4711L, "SL-2026-GC-0042", deadline, rsaOpening.getPublic());
        OpenSsl.write(work.resolve("opening.pem"), Pem.write(cert));

        OpenSsl.Result text = OpenSsl.run(work, "x509", "-in", "opening.pem", "-noout", "-text");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().contains("CN = Sunlight opening key SL-2026-GC-0042"), text::toString);
        assertTrue(text.stdout().contains("serialNumber = 4711"), text::toString);
        assertTrue(text.stdout().contains("OU = Opening deadline " + deadline), text::toString);
        assertTrue(Pattern.compile("X509v3 Key Usage: critical\\s+Key Encipherment\\s*\\n").matcher(text.stdout()).find(),
                text::toString);
        assertTrue(text.stdout().contains("Public-Key: (3072 bit)"), text::toString);

        OpenSsl.Result verify = OpenSsl.run(work, "verify", "-CAfile", "ca.pem", "opening.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().contains("opening.pem: OK"), verify::toString);
        ca.verify(cert);

        OpeningCertificateInfo info = OpeningCertificateInfo.of(cert);
        assertEquals(new OpeningCertificateInfo(4711L, "SL-2026-GC-0042", deadline), info);
        assertEquals(deadline.plus(PlatformCa.OPENING_VALIDITY_AFTER_DEADLINE), cert.getNotAfter().toInstant());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    }

    @Test
    void openingCertificateRoundTripsAChineseTenderCode() throws Exception {
        Instant deadline = deadline();
        X509Certificate cert = ca.issueOpeningCertificate(Long.MAX_VALUE, "闽招标〔2026〕第7号, lot A+B", deadline,
                rsaOpening.getPublic());
        X509Certificate reread = Pem.readCertificate(Pem.write(cert));
        assertEquals(new OpeningCertificateInfo(Long.MAX_VALUE, "闽招标〔2026〕第7号, lot A+B", deadline),
                OpeningCertificateInfo.of(reread));
        OpenSsl.write(work.resolve("opening.pem"), Pem.write(cert));
        OpenSsl.Result text = OpenSsl.run(work, "x509", "-in", "opening.pem", "-noout", "-subject", "-nameopt", "utf8,sep_multiline");
        assertTrue(text.stdout().contains("闽招标〔2026〕第7号"), text::toString);
    }

    @Test
    void rsaOpeningCertificateIsAnOpenSslCmsRecipient() throws Exception {
        X509Certificate cert = ca.issueOpeningCertificate(7L, "SL-2026-0007", deadline(), rsaOpening.getPublic());
        OpenSsl.write(work.resolve("opening.pem"), Pem.write(cert));
        OpenSsl.write(work.resolve("opening.key.pem"), Pem.write(rsaOpening.getPrivate()));
        byte[] bid = "PK\u0003\u0004 pretend this is bid.zip 投标文件".getBytes(StandardCharsets.UTF_8);
        OpenSsl.write(work.resolve("bid.zip"), bid);

        OpenSsl.Result encrypt = OpenSsl.run(work, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "bid.zip",
                "-outform", "DER", "-out", "bid.cms", "-recip", "opening.pem", "-keyopt", "rsa_padding_mode:oaep",
                "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");
        assertEquals(0, encrypt.exitCode(), encrypt::toString);
        OpenSsl.Result print = OpenSsl.run(work, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "bid.cms");
        assertTrue(print.stdout().contains("id-smime-ct-authEnvelopedData"), print::toString);
        assertTrue(print.stdout().contains("rsaesOaep"), print::toString);

        OpenSsl.Result decrypt = OpenSsl.run(work, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "bid.cms",
                "-inkey", "opening.key.pem", "-recip", "opening.pem", "-out", "bid.out");
        assertEquals(0, decrypt.exitCode(), decrypt::toString);
        assertArrayEquals(bid, OpenSsl.read(work.resolve("bid.out")));
    }

    @Test
    void ecOpeningCertificateHasKeyAgreementAndIsAnOpenSslCmsRecipient() throws Exception {
        writeCaPem();
        KeyPair ec = KeyPairs.ecP256();
        Instant deadline = deadline();
        X509Certificate cert = ca.issueOpeningCertificate(8L, "SL-2026-0008", deadline, ec.getPublic());
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[4], "keyAgreement");
        assertFalse(usage[2], "no keyEncipherment");
        assertEquals(new OpeningCertificateInfo(8L, "SL-2026-0008", deadline), OpeningCertificateInfo.of(cert));

        OpenSsl.write(work.resolve("opening.pem"), Pem.write(cert));
        OpenSsl.write(work.resolve("opening.key.pem"), Pem.write(ec.getPrivate()));
        OpenSsl.Result verify = OpenSsl.run(work, "verify", "-CAfile", "ca.pem", "opening.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        byte[] bid = "ec bid".getBytes(StandardCharsets.UTF_8);
        OpenSsl.write(work.resolve("bid.zip"), bid);
        OpenSsl.Result encrypt = OpenSsl.run(work, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "bid.zip",
                "-outform", "DER", "-out", "bid.cms", "-recip", "opening.pem", "-keyopt", "ecdh_kdf_md:sha256");
        assertEquals(0, encrypt.exitCode(), encrypt::toString);
        OpenSsl.Result decrypt = OpenSsl.run(work, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "bid.cms",
                "-inkey", "opening.key.pem", "-recip", "opening.pem", "-out", "bid.out");
        assertEquals(0, decrypt.exitCode(), decrypt::toString);
        assertArrayEquals(bid, OpenSsl.read(work.resolve("bid.out")));
    }

    @Test
    void openingCertificateArgumentsAreChecked() throws Exception {
        Instant deadline = deadline();
        KeyPair rsa2048 = KeyPairs.rsa(2048);
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(384);
        var key = rsaOpening.getPublic();
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T", deadline, rsa2048.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T", deadline, ed.generateKeyPair().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T", deadline, p384.generateKeyPair().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(0, "T", deadline, key));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, " T", deadline, key));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T\n2", deadline, key));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "x".repeat(44), deadline, key));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T", Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS), key));
        assertThrows(IllegalArgumentException.class, () -> ca.issueOpeningCertificate(1, "T", deadline.plusMillis(5), key));
        ca.issueOpeningCertificate(1, "x".repeat(43), deadline, key);
    }

    @Test
    void openingCertificateInfoRejectsOtherCertificates() {
        X509Certificate party = ca.issuePartyCertificate("某某建设集团有限公司", CREDIT_CODE, KeyPairs.ecP256().getPublic(),
                PlatformCa.Purpose.SIGNING);
        assertThrows(IllegalArgumentException.class, () -> OpeningCertificateInfo.of(party));
        assertThrows(IllegalArgumentException.class, () -> OpeningCertificateInfo.of(ca.certificate()));
    }

    @Test
    void partyCertificatesCarryNameCreditCodeAndPurpose() throws Exception {
        writeCaPem();
        X509Certificate signing = ca.issuePartyCertificate("某某建设集团有限公司", CREDIT_CODE, KeyPairs.ecP256().getPublic(),
                PlatformCa.Purpose.SIGNING);
        boolean[] usage = signing.getKeyUsage();
        assertTrue(usage[0] && usage[1], "digitalSignature, nonRepudiation");
        assertFalse(usage[2] || usage[4] || usage[5], "nothing else");
        ca.verify(signing);

        X509Certificate rsaEncryption = ca.issuePartyCertificate("Bidder Ltd", CREDIT_CODE, KeyPairs.rsa(2048).getPublic(),
                PlatformCa.Purpose.ENCRYPTION);
        assertTrue(rsaEncryption.getKeyUsage()[2], "keyEncipherment");
        assertFalse(rsaEncryption.getKeyUsage()[0], "no digitalSignature");
        X509Certificate ecEncryption = ca.issuePartyCertificate("Bidder Ltd", CREDIT_CODE, KeyPairs.ecP256().getPublic(),
                PlatformCa.Purpose.ENCRYPTION);
        assertTrue(ecEncryption.getKeyUsage()[4], "keyAgreement");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        X509Certificate edSigning = ca.issuePartyCertificate("Bidder Ltd", CREDIT_CODE, ed.getPublic(), PlatformCa.Purpose.SIGNING);
        ca.verify(edSigning);

        OpenSsl.write(work.resolve("party.pem"), Pem.write(signing));
        OpenSsl.Result text = OpenSsl.run(work, "x509", "-in", "party.pem", "-noout", "-text", "-nameopt", "utf8,sep_comma_plus_space");
        assertTrue(text.stdout().contains("organizationIdentifier=NTRCN-" + CREDIT_CODE), text::toString);
        assertTrue(text.stdout().contains("CN=某某建设集团有限公司"), text::toString);
        assertTrue(Pattern.compile("X509v3 Key Usage: critical\\s+Digital Signature, Non Repudiation\\s*\\n").matcher(text.stdout()).find(),
                text::toString);
        for (X509Certificate cert : List.of(signing, rsaEncryption, ecEncryption, edSigning)) {
            OpenSsl.write(work.resolve("c.pem"), Pem.write(cert));
            OpenSsl.Result verify = OpenSsl.run(work, "verify", "-CAfile", "ca.pem", "c.pem");
            assertEquals(0, verify.exitCode(), verify::toString);
        }

        assertThrows(IllegalArgumentException.class, () -> ca.issuePartyCertificate("X", "91350100M000100Y44",
                KeyPairs.ecP256().getPublic(), PlatformCa.Purpose.SIGNING), "bad check character");
        assertThrows(IllegalArgumentException.class, () -> ca.issuePartyCertificate("X", CREDIT_CODE,
                ed.getPublic(), PlatformCa.Purpose.ENCRYPTION), "Ed25519 cannot encrypt");
        assertThrows(IllegalArgumentException.class, () -> ca.issuePartyCertificate("X", CREDIT_CODE,
                KeyPairs.rsa(1024).getPublic(), PlatformCa.Purpose.SIGNING), "RSA too short");
        assertThrows(IllegalArgumentException.class, () -> ca.issuePartyCertificate("x".repeat(65), CREDIT_CODE,
                KeyPairs.ecP256().getPublic(), PlatformCa.Purpose.SIGNING), "CN too long");
    }

    @Test
    void verifyRejectsForeignExpiredAndNotYetValidCertificates() throws Exception {
        PlatformCa other = new PlatformCa(new KeyDirectory(work.resolve("other-ca")));
        X509Certificate foreign = other.issuePartyCertificate("X", CREDIT_CODE, KeyPairs.ecP256().getPublic(),
                PlatformCa.Purpose.SIGNING);
        assertEquals(ca.certificate().getSubjectX500Principal(), foreign.getIssuerX500Principal(), "same issuer name");
        assertThrows(CertificateException.class, () -> ca.verify(foreign));
        assertThrows(CertificateException.class, () -> ca.verify(other.certificate()));

        X509Certificate party = ca.issuePartyCertificate("X", CREDIT_CODE, KeyPairs.ecP256().getPublic(),
                PlatformCa.Purpose.SIGNING);
        ca.verify(party);
        assertThrows(CertificateException.class, () -> ca.verify(party, party.getNotAfter().toInstant().plusSeconds(1)));
        assertThrows(CertificateException.class, () -> ca.verify(party, party.getNotBefore().toInstant().minusSeconds(1)));
    }

    @Test
    void platformSignerSignsWhatOpenSslVerifies() throws Exception {
        writeCaPem();
        KeyMaterial signer = ca.platformSigner();
        assertEquals(2, signer.chain().size());
        assertEquals(ca.certificate(), signer.chain().get(1));
        assertEquals(KeyPairs.Type.EC_P256, KeyPairs.typeOf(signer.publicKey()));
        boolean[] usage = signer.certificate().getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertNull(signer.certificate().getExtendedKeyUsage());
        ca.verify(signer.certificate());
        assertEquals(signer.certificate(), ca.platformSigner().certificate(), "reused");

        OpenSsl.write(work.resolve("signer.pem"), Pem.write(signer.chain()));
        OpenSsl.Result verify = OpenSsl.run(work, "verify", "-CAfile", "ca.pem", "signer.pem");
        assertEquals(0, verify.exitCode(), verify::toString);

        byte[] receipt = "{\"tender\":4711,\"lot\":1}".getBytes(StandardCharsets.UTF_8);
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signer.privateKey());
        signature.update(receipt);
        OpenSsl.write(work.resolve("receipt.json"), receipt);
        OpenSsl.write(work.resolve("receipt.sig"), signature.sign());
        OpenSsl.write(work.resolve("signer.pub.pem"), Pem.write(signer.publicKey()));
        OpenSsl.Result check = OpenSsl.run(work, "dgst", "-sha256", "-verify", "signer.pub.pem", "-signature", "receipt.sig",
                "receipt.json");
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.stdout().contains("Verified OK"), check::toString);
    }

    @Test
    void certificatesHaveUniqueSerialsAndKeyIdentifiers() {
        X509Certificate a = ca.issuePartyCertificate("A", CREDIT_CODE, KeyPairs.ecP256().getPublic(), PlatformCa.Purpose.SIGNING);
        X509Certificate b = ca.issuePartyCertificate("A", CREDIT_CODE, KeyPairs.ecP256().getPublic(), PlatformCa.Purpose.SIGNING);
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
        assertTrue(a.getSerialNumber().signum() > 0 && a.getSerialNumber().bitLength() <= 159);
        assertTrue(a.getExtensionValue("2.5.29.14") != null && a.getExtensionValue("2.5.29.35") != null, "SKI and AKI");
    }
}
