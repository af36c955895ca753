package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.sunlight.bid.envelope.EnvelopeRejected.Reason;

/** What the platform refuses at reception, and that a refusal still accounts for every byte received. */
class EnvelopeRejectionTest {

    private final TestPki pki = TestPki.get();
    private final EnvelopeInspector inspector = new EnvelopeInspector();

    @TempDir
    Path tmp;

    @Test
    void randomBytesAreNotCms() throws Exception {
        byte[] junk = new byte[100_000];
        new Random(7).nextBytes(junk);
        junk[0] = 0x42;
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> inspector.inspect(new ByteArrayInputStream(junk), stored, pki.opening.cert()));
        assertEquals(Reason.NOT_CMS, e.reason());
        assertEquals("NOT_CMS", e.code());
        // the whole upload was still read, stored and hashed
        assertEquals(junk.length, e.bytesRead());
        assertArrayEquals(TestFiles.sha256(junk), e.sha256());
        assertArrayEquals(junk, stored.toByteArray());
        assertEquals("提交的文件不是CMS格式的密封投标文件", e.message(Locale.SIMPLIFIED_CHINESE));
        assertEquals("the file is not a CMS ContentInfo", e.message(Locale.ENGLISH));
    }

    @Test
    void randomBytesStartingLikeASequenceAreNotCms() throws Exception {
        byte[] junk = new byte[5000];
        new Random(8).nextBytes(junk);
        junk[0] = 0x30;
        junk[1] = (byte) 0x82;
        junk[2] = 0x13;
        junk[3] = (byte) 0x84;
        junk[4] = 0x02; // an INTEGER where the content type OID should be
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> inspector.inspect(new ByteArrayInputStream(junk)));
        assertEquals(Reason.NOT_CMS, e.reason());
        assertEquals(junk.length, e.bytesRead());
    }

    @Test
    void emptyInputIsNotCms() {
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> inspector.inspect(new ByteArrayInputStream(new byte[0])));
        assertEquals(Reason.NOT_CMS, e.reason());
        assertEquals(0, e.bytesRead());
    }

    @Test
    void pemEncodedEnvelopeIsNotCms() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path pem = tmp.resolve("bid.pem");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "PEM", "-out", pem,
                "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> inspect(pem));
        assertEquals(Reason.NOT_CMS, e.reason());
        assertTrue(e.detail().contains("PEM"), e.detail());
    }

    @Test
    void cbcEnvelopedDataIsNotAuthEnveloped() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 10_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-cbc", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256");
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(cms)) {
                inspector.inspect(in, stored, pki.opening.cert());
            }
        });
        assertEquals(Reason.NOT_AUTH_ENVELOPED, e.reason());
        assertTrue(e.detail().contains("envelopedData"), e.detail());
        assertEquals(Files.size(cms), e.bytesRead());
        assertArrayEquals(Files.readAllBytes(cms), stored.toByteArray());
        assertArrayEquals(TestFiles.sha256(cms), e.sha256());
        // and the opener refuses it the same way
        EnvelopeRejected o = assertThrows(EnvelopeRejected.class, () -> open(cms, tmp.resolve("p")));
        assertEquals(Reason.NOT_AUTH_ENVELOPED, o.reason());
    }

    @Test
    void envelopeForAnotherTenderIsRefused() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 10_000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.otherTender.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt",
                "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");

        // structurally fine ...
        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(cms)) {
            facts = inspector.inspect(in);
        }
        assertFalse(facts.addressedTo(pki.opening.cert()));
        assertTrue(facts.addressedTo(pki.otherTender.cert()));
        // ... but not for this tender
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> inspect(cms));
        assertEquals(Reason.NOT_FOR_THIS_TENDER, e.reason());
        assertEquals(Files.size(cms), e.bytesRead());
        assertArrayEquals(TestFiles.sha256(cms), e.sha256());

        Path quarantine = tmp.resolve("plain.zip");
        EnvelopeRejected o = assertThrows(EnvelopeRejected.class, () -> open(cms, quarantine));
        assertEquals(Reason.NOT_FOR_THIS_TENDER, o.reason());
        assertNoPlaintext(quarantine);
    }

    @Test
    void aes128GcmIsTheWrongAlgorithm() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-128-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.opening.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> inspect(cms));
        assertEquals(Reason.WRONG_ALGORITHM, e.reason());
        assertTrue(e.detail().contains("aes128-GCM"), e.detail());
    }

    @Test
    void pkcs1v15KeyTransportIsTheWrongAlgorithm() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path cms = tmp.resolve("bid.cms");
        OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                "-recip", pki.opening.certPem());
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> inspect(cms));
        assertEquals(Reason.WRONG_ALGORITHM, e.reason());
        assertTrue(e.detail().contains("PKCS#1 v1.5"), e.detail());
    }

    /** Cut points: inside the first header, inside recipientInfos, inside the content, before the mac, last byte. */
    @ParameterizedTest
    @ValueSource(longs = {1, 12, 200, 30_000, -18, -1})
    void truncatedEnvelopeIsRefusedAndNeverOpened(long cut) throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 50_000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, java.util.List.of(pki.opening.cert()));
        byte[] all = Files.readAllBytes(cms);
        int length = (int) (cut > 0 ? cut : all.length + cut);
        Path truncated = Files.write(tmp.resolve("truncated.cms"), Arrays.copyOf(all, length));

        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(truncated)) {
                inspector.inspect(in, stored, pki.opening.cert());
            }
        });
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
        assertEquals(length, e.bytesRead());
        assertEquals(length, stored.size());

        Path quarantine = tmp.resolve("plain.zip");
        EnvelopeRejected o = assertThrows(EnvelopeRejected.class, () -> open(truncated, quarantine));
        assertEquals(Reason.TRUNCATED, o.reason(), o.getMessage());
        assertNoPlaintext(quarantine);
    }

    @Test
    void bytesAfterTheEnvelopeAreRefused() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, java.util.List.of(pki.opening.cert()));
        byte[] all = Files.readAllBytes(cms);
        byte[] extended = Arrays.copyOf(all, all.length + 100);
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> inspector.inspect(new ByteArrayInputStream(extended), null, pki.opening.cert()));
        assertEquals(Reason.TRAILING_DATA, e.reason());
        assertEquals(extended.length, e.bytesRead());
        Path quarantine = tmp.resolve("p");
        EnvelopeRejected o = assertThrows(EnvelopeRejected.class, () -> new EnvelopeOpener().open(
                new ByteArrayInputStream(extended), pki.opening.key(), pki.opening.cert(), quarantine));
        assertEquals(Reason.TRAILING_DATA, o.reason());
        assertNoPlaintext(quarantine);
    }

    /** Bouncy Castle's stream generator writes BER (indefinite lengths): the sealed-bid format is DER. */
    @Test
    void berEnvelopeIsNotDer() throws Exception {
        CMSAuthEnvelopedDataStreamGenerator gen = new CMSAuthEnvelopedDataStreamGenerator();
        gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(pki.opening.cert()));
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(
                CMSAlgorithm.AES256_GCM).build();
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        try (OutputStream out = gen.open(ber, encryptor)) {
            out.write(new byte[5000]);
        }
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> inspector.inspect(new ByteArrayInputStream(ber.toByteArray())));
        assertEquals(Reason.NOT_DER, e.reason());
        assertEquals(ber.size(), e.bytesRead());
    }

    @Test
    void oversizedUploadStopsAtTheLimit() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 100_000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, java.util.List.of(pki.opening.cert()));
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(cms)) {
                new EnvelopeInspector(50_000).inspect(in, stored, pki.opening.cert());
            }
        });
        assertEquals(Reason.TOO_LARGE, e.reason());
        // refused as soon as the header declared the size: nothing near the limit was received
        assertTrue(e.bytesRead() < 2_000, "read " + e.bytesRead());
        assertEquals(e.bytesRead(), stored.size());
        // a stream that lies about nothing but simply goes on is cut at the limit
        byte[] endless = Files.readAllBytes(cms);
        byte[] doubled = java.util.Arrays.copyOf(endless, endless.length * 2);
        EnvelopeRejected f = assertThrows(EnvelopeRejected.class, () -> new EnvelopeInspector(endless.length + 10)
                .inspect(new ByteArrayInputStream(doubled), null, pki.opening.cert()));
        assertEquals(Reason.TOO_LARGE, f.reason());
        assertEquals(endless.length + 10, f.bytesRead());
        // exactly at the limit is fine
        try (InputStream in = Files.newInputStream(cms)) {
            new EnvelopeInspector(Files.size(cms)).inspect(in, null, pki.opening.cert());
        }
    }

    @Test
    void everyReasonHasBothLanguages() {
        for (Reason r : Reason.values()) {
            assertFalse(r.messageZh().isBlank(), r.name());
            assertFalse(r.messageEn().isBlank(), r.name());
            assertEquals(r.name(), r.code());
        }
    }

    private EnvelopeFacts inspect(Path envelope) throws Exception {
        try (InputStream in = Files.newInputStream(envelope)) {
            return inspector.inspect(in, null, pki.opening.cert());
        }
    }

    private OpenedEnvelope open(Path envelope, Path quarantine) throws Exception {
        try (InputStream in = Files.newInputStream(envelope)) {
            return new EnvelopeOpener().open(in, pki.opening.key(), pki.opening.cert(), quarantine);
        }
    }

    static void assertNoPlaintext(Path quarantine) {
        assertFalse(Files.exists(quarantine), "quarantine file must not exist");
        assertFalse(Files.exists(quarantine.resolveSibling(quarantine.getFileName() + ".partial")),
                "partial file must be deleted");
    }
}
