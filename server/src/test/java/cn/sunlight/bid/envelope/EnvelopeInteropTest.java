package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Security;
import java.util.List;
import java.util.zip.ZipFile;

import javax.crypto.Cipher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSL 3 is the independent side: envelopes it makes are read by us, envelopes we make are read by it. */
class EnvelopeInteropTest {

    private static final String AES256_GCM = "2.16.840.1.101.3.4.1.46";

    private final TestPki pki = TestPki.get();
    private final EnvelopeInspector inspector = new EnvelopeInspector();
    private final EnvelopeOpener opener = new EnvelopeOpener();

    @TempDir
    Path tmp;

    @Test
    void opensslRsaOaepEnvelopeIsRecognisedAndOpened() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1_000_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256");

        Path stored = tmp.resolve("stored.cms");
        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms); OutputStream out = Files.newOutputStream(stored)) {
            facts = inspector.inspect(in, out, pki.opening.cert());
        }
        assertTrue(facts.authEnveloped());
        assertEquals(AES256_GCM, facts.contentEncryptionOid());
        assertEquals("aes256-GCM", facts.contentEncryptionName());
        assertEquals(12, facts.nonceLength());
        assertEquals(16, facts.tagLength());
        assertEquals(Files.size(zip), facts.encryptedContentLength());
        assertEquals(1, facts.recipients().size());
        RecipientRef r = facts.recipients().get(0);
        assertEquals(RecipientRef.Kind.KEY_TRANSPORT, r.kind());
        assertEquals("1.2.840.113549.1.1.7", r.keyEncryptionAlgorithm()); // RSAES-OAEP
        assertEquals("2.16.840.1.101.3.4.2.1", r.keyEncryptionHash()); // SHA-256
        assertEquals(pki.opening.cert().getSerialNumber(), r.serialNumber());
        assertTrue(facts.addressedTo(pki.opening.cert()));
        assertFalse(facts.addressedTo(pki.otherTender.cert()));
        assertFalse(facts.addressedTo(pki.ec.cert()));
        // one pass: the stored copy and the hash are exactly the input
        assertEquals(Files.size(cms), facts.envelopeSize());
        assertArrayEquals(TestFiles.sha256(cms), facts.sha256());
        assertEquals(-1, Files.mismatch(cms, stored));

        OpenedEnvelope opened;
        try (InputStream in = Files.newInputStream(stored)) {
            opened = opener.open(in, pki.opening.key(), pki.opening.cert(), tmp.resolve("plain.zip"));
        }
        assertEquals(-1, Files.mismatch(zip, opened.plaintext()));
        assertEquals(Files.size(zip), opened.plaintextSize());
        assertEquals(facts.sha256Hex(), opened.envelopeSha256Hex());
        assertFalse(Files.exists(tmp.resolve("plain.zip.partial")));
        try (ZipFile z = new ZipFile(opened.plaintext().toFile())) {
            assertNotNull(z.getEntry("opening-form.json"));
        }
    }

    @Test
    void opensslEcdhEnvelopeIsRecognisedAndOpened() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 300_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.ec.certPem(), "-keyopt", "ecdh_kdf_md:sha256");

        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms)) {
            facts = inspector.inspect(in, null, pki.ec.cert());
        }
        assertEquals(AES256_GCM, facts.contentEncryptionOid());
        RecipientRef r = facts.recipients().get(0);
        assertEquals(RecipientRef.Kind.KEY_AGREEMENT, r.kind());
        assertEquals("1.3.132.1.11.1", r.keyEncryptionAlgorithm()); // dhSinglePass-stdDH-sha256kdf-scheme
        assertEquals("2.16.840.1.101.3.4.1.45", r.keyWrapAlgorithm()); // aes256-wrap
        assertTrue(facts.addressedTo(pki.ec.cert()));
        assertFalse(facts.addressedTo(pki.opening.cert()));

        OpenedEnvelope opened;
        try (InputStream in = Files.newInputStream(cms)) {
            opened = opener.open(in, pki.ec.key(), pki.ec.cert(), tmp.resolve("plain.zip"));
        }
        assertEquals(-1, Files.mismatch(zip, opened.plaintext()));
    }

    @Test
    void opensslEnvelopeToOpeningAndBidderCertificatesOpensWithEither() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 100_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256", "-recip", pki.ec.certPem(), "-keyopt", "ecdh_kdf_md:sha256");

        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms)) {
            facts = inspector.inspect(in, null, pki.opening.cert());
        }
        assertEquals(2, facts.recipients().size());
        assertTrue(facts.addressedTo(pki.opening.cert()));
        assertTrue(facts.addressedTo(pki.ec.cert()));
        for (TestPki.Identity id : List.of(pki.opening, pki.ec)) {
            try (InputStream in = Files.newInputStream(cms)) {
                Path out = opener.open(in, id.key(), id.cert(), tmp.resolve(id.name() + ".zip")).plaintext();
                assertEquals(-1, Files.mismatch(zip, out), id.name());
            }
        }
    }

    @Test
    void opensslSubjectKeyIdentifierRecipientIsMatched() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 10_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-keyid", "-in", zip, "-outform", "DER",
                "-out", cms, "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt",
                "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");
        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms)) {
            facts = inspector.inspect(in, null, pki.opening.cert());
        }
        RecipientRef r = facts.recipients().get(0);
        assertNull(r.issuer());
        assertArrayEquals(Certificates.subjectKeyIdentifier(pki.opening.cert()), r.subjectKeyIdentifier());
        assertTrue(facts.addressedTo(pki.opening.cert()));
        assertFalse(facts.addressedTo(pki.otherTender.cert()));
        try (InputStream in = Files.newInputStream(cms)) {
            Path out = opener.open(in, pki.opening.key(), pki.opening.cert(), tmp.resolve("p.zip")).plaintext();
            assertEquals(-1, Files.mismatch(zip, out));
        }
    }

    @Test
    void sealerEnvelopeDecryptsWithOpenssl() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1_000_000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, List.of(pki.opening.cert(), pki.ec.cert()));

        for (TestPki.Identity id : List.of(pki.opening, pki.ec)) {
            Path out = tmp.resolve("openssl-" + id.name() + ".zip");
            OpenSsl.run(tmp, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", cms, "-inkey", id.keyPem(),
                    "-recip", id.certPem(), "-out", out);
            assertEquals(-1, Files.mismatch(zip, out), id.name());
        }
        // and it is what our inspector wants: DER, AES-256-GCM, RSA-OAEP-SHA256 / ECDH + AES-256 wrap
        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms)) {
            facts = inspector.inspect(in, null, pki.opening.cert());
        }
        assertEquals(AES256_GCM, facts.contentEncryptionOid());
        assertTrue(facts.addressedTo(pki.ec.cert()));
        try (InputStream in = Files.newInputStream(cms)) {
            new EnvelopeInspector().inspect(in, null, pki.ec.cert());
        }
        // OpenSSL's own parser sees a definite-length DER structure
        String dump = OpenSsl.run(tmp, "asn1parse", "-inform", "DER", "-in", cms);
        assertTrue(dump.contains("id-smime-ct-authEnvelopedData"), dump);
        assertFalse(dump.contains("l=inf"), dump);
    }

    @Test
    void sealerEnvelopeOpensWithOpenerForEachRecipient() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 200_000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, List.of(pki.opening.cert(), pki.ec.cert()));
        for (TestPki.Identity id : List.of(pki.opening, pki.ec)) {
            try (InputStream in = Files.newInputStream(cms)) {
                Path out = opener.open(in, id.key(), id.cert(), tmp.resolve(id.name() + ".zip")).plaintext();
                assertEquals(-1, Files.mismatch(zip, out), id.name());
            }
        }
    }

    @Test
    void emptyPlaintextRoundTripsThroughOpenssl() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.bin"));
        Path cms = tmp.resolve("empty.cms");
        new EnvelopeSealer().seal(empty, cms, List.of(pki.opening.cert()));
        Path out = tmp.resolve("out.bin");
        OpenSsl.run(tmp, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", cms, "-inkey", pki.opening.keyPem(),
                "-recip", pki.opening.certPem(), "-out", out);
        assertEquals(0, Files.size(out));
        try (InputStream in = Files.newInputStream(cms)) {
            assertEquals(0, opener.open(in, pki.opening.key(), pki.opening.cert(), tmp.resolve("p")).plaintextSize());
        }
    }

    @Test
    void bouncyCastleIsRegisteredAfterTheJdkProviders() throws Exception {
        cn.sunlight.crypto.CryptoProviders.bouncyCastle();
        var providers = java.util.Arrays.asList(Security.getProviders());
        int position = providers.indexOf(Security.getProvider("BC")) + 1;
        assertEquals(providers.size(), position, "Bouncy Castle must be last");
        assertTrue(position > 1);
        assertEquals("SUN", MessageDigest.getInstance("SHA-256").getProvider().getName());
        assertEquals("SunJCE", Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
    }
}
