package cn.sunlight.bid.envelope;

import static cn.sunlight.bid.envelope.EnvelopeRejectionTest.assertNoPlaintext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.sunlight.bid.envelope.EnvelopeRejected.Reason;

/** Opening: tamper and truncation leave no plaintext; the content-key path (opening path 1). */
class EnvelopeOpenerTest {

    private final TestPki pki = TestPki.get();
    private final EnvelopeOpener opener = new EnvelopeOpener();

    @TempDir
    Path tmp;

    private Path opensslEnvelope(TestPki.Identity recipient, Path zip) {
        Path cms = tmp.resolve("bid-" + recipient.name() + ".cms");
        if (recipient.cert().getPublicKey().getAlgorithm().equals("RSA")) {
            OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                    "-recip", recipient.certPem(), "-keyopt", "rsa_padding_mode:oaep", "-keyopt",
                    "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");
        } else {
            OpenSsl.run(tmp, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", zip, "-outform", "DER", "-out", cms,
                    "-recip", recipient.certPem(), "-keyopt", "ecdh_kdf_md:sha256");
        }
        return cms;
    }

    @Test
    void oneFlippedCiphertextByteIsTamperingAndLeavesNoPlaintext() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 500_000);
        Path cms = opensslEnvelope(pki.opening, zip);
        long middle = Files.size(cms) / 2; // well inside the encrypted content
        Path tampered = TestFiles.flipByte(cms, middle, tmp.resolve("tampered.cms"));

        // Reception cannot notice (no key), the structure is intact ...
        try (InputStream in = Files.newInputStream(tampered)) {
            new EnvelopeInspector().inspect(in, null, pki.opening.cert());
        }
        // ... the opening does.
        Path quarantine = tmp.resolve("plain.zip");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(tampered)) {
                opener.open(in, pki.opening.key(), pki.opening.cert(), quarantine);
            }
        });
        assertEquals(Reason.TAMPERED, e.reason());
        assertNoPlaintext(quarantine);
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("plain")));
        }
        // OpenSSL agrees that it is not authentic
        assertNotEquals(0, OpenSsl.tryRun(tmp, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", tampered,
                "-inkey", pki.opening.keyPem(), "-recip", pki.opening.certPem(), "-out", tmp.resolve("x")).exitCode());
    }

    @Test
    void flippedTagByteIsTampering() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 10_000);
        Path cms = opensslEnvelope(pki.ec, zip);
        Path tampered = TestFiles.flipByte(cms, Files.size(cms) - 1, tmp.resolve("tampered.cms"));
        Path quarantine = tmp.resolve("plain.zip");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(tampered)) {
                opener.open(in, pki.ec.key(), pki.ec.cert(), quarantine);
            }
        });
        assertEquals(Reason.TAMPERED, e.reason());
        assertNoPlaintext(quarantine);
    }

    @Test
    void contentKeyPathGivesTheSamePlaintext() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 300_000);
        for (TestPki.Identity id : List.of(pki.opening, pki.ec)) {
            Path cms = opensslEnvelope(id, zip);
            byte[] cek;
            try (InputStream in = Files.newInputStream(cms)) {
                cek = opener.unwrapContentKey(in, id.key(), id.cert());
            }
            assertEquals(32, cek.length);
            OpenedEnvelope byKey;
            try (InputStream in = Files.newInputStream(cms)) {
                byKey = opener.openWithContentKey(in, cek, tmp.resolve("by-cek-" + id.name() + ".zip"));
            }
            assertEquals(-1, Files.mismatch(zip, byKey.plaintext()), id.name());
            assertArrayEquals(TestFiles.sha256(cms), byKey.envelopeSha256());
            java.util.Arrays.fill(cek, (byte) 0);
        }
    }

    @Test
    void contentKeyOfOurSealerWorksForBothRecipients() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 50_000);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, List.of(pki.opening.cert(), pki.ec.cert()));
        byte[] viaRsa;
        byte[] viaEc;
        try (InputStream in = Files.newInputStream(cms)) {
            viaRsa = opener.unwrapContentKey(in, pki.opening.key(), pki.opening.cert());
        }
        try (InputStream in = Files.newInputStream(cms)) {
            viaEc = opener.unwrapContentKey(in, pki.ec.key(), pki.ec.cert());
        }
        assertArrayEquals(viaRsa, viaEc);
        try (InputStream in = Files.newInputStream(cms)) {
            Path out = opener.openWithContentKey(in, viaEc, tmp.resolve("p.zip")).plaintext();
            assertEquals(-1, Files.mismatch(zip, out));
        }
    }

    @Test
    void wrongContentKeyIsTamperingAndLeavesNoPlaintext() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 100_000);
        Path cms = opensslEnvelope(pki.opening, zip);
        byte[] wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        Path quarantine = tmp.resolve("plain.zip");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(cms)) {
                opener.openWithContentKey(in, wrong, quarantine);
            }
        });
        assertEquals(Reason.TAMPERED, e.reason());
        assertNoPlaintext(quarantine);

        EnvelopeRejected shortKey = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(cms)) {
                opener.openWithContentKey(in, new byte[16], quarantine);
            }
        });
        assertEquals(Reason.KEY_UNWRAP_FAILED, shortKey.reason());
        assertNoPlaintext(quarantine);
    }

    @Test
    void wrongPrivateKeyCannotUnwrap() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path quarantine = tmp.resolve("plain.zip");
        // RSA: the certificate matches the recipient, the key is another one
        Path rsa = opensslEnvelope(pki.opening, zip);
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(rsa)) {
                opener.open(in, pki.otherTender.key(), pki.opening.cert(), quarantine);
            }
        });
        assertEquals(Reason.KEY_UNWRAP_FAILED, e.reason());
        assertNoPlaintext(quarantine);
        // ECDH: another P-256 key derives another KEK; the AES key unwrap integrity check fails
        Path ec = opensslEnvelope(pki.ec, zip);
        EnvelopeRejected f = assertThrows(EnvelopeRejected.class, () -> {
            try (InputStream in = Files.newInputStream(ec)) {
                opener.open(in, pki.custodians.get(1).key(), pki.ec.cert(), quarantine);
            }
        });
        assertEquals(Reason.KEY_UNWRAP_FAILED, f.reason());
        assertNoPlaintext(quarantine);
    }

    @Test
    void existingQuarantineFileIsNeverOverwritten() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path cms = opensslEnvelope(pki.opening, zip);
        Path quarantine = Files.writeString(tmp.resolve("plain.zip"), "earlier");
        assertThrows(FileAlreadyExistsException.class, () -> {
            try (InputStream in = Files.newInputStream(cms)) {
                opener.open(in, pki.opening.key(), pki.opening.cert(), quarantine);
            }
        });
        assertEquals("earlier", Files.readString(quarantine));
    }

    @Test
    void quarantineFileIsReadableByOwnerOnly() throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), 1000);
        Path cms = opensslEnvelope(pki.opening, zip);
        Path out;
        try (InputStream in = Files.newInputStream(cms)) {
            out = opener.open(in, pki.opening.key(), pki.opening.cert(), tmp.resolve("plain.zip")).plaintext();
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
    }

    /**
     * Authenticated attributes come after the ciphertext in AuthEnvelopedData but are GCM additional data: the
     * opener feeds them late (Bouncy Castle's GCM supports that) and a change to them is tampering. The envelope is
     * made by Bouncy Castle's own generator and re-encoded as DER; OpenSSL decrypts it too.
     */
    @Test
    void authenticatedAttributesAreAuthenticated() throws Exception {
        byte[] plaintext = "投标文件 bid document".repeat(2000).getBytes(StandardCharsets.UTF_8);
        ASN1ObjectIdentifier attrType = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1");
        CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1"),
                DERNull.INSTANCE);
        gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(pki.opening.cert(),
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.7"), new RSAESOAEPparams(sha256,
                        new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.8"), sha256),
                        RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM))));
        gen.setAuthenticatedAttributeGenerator(new SimpleAttributeTableGenerator(new AttributeTable(
                new Attribute(attrType, new DERSet(new DERUTF8String("T-2026-001"))))));
        // Bouncy Castle's GCM here: the JDK's refuses additional data after the first update
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(
                CMSAlgorithm.AES256_GCM).setProvider("BC").build();
        byte[] der = toDer(gen.generate(new CMSProcessableByteArray(plaintext), encryptor).getEncoded());

        EnvelopeFacts facts = new EnvelopeInspector().inspect(new ByteArrayInputStream(der), null,
                pki.opening.cert());
        assertTrue(facts.authAttributesPresent());
        Path out;
        try (InputStream in = new ByteArrayInputStream(der)) {
            out = opener.open(in, pki.opening.key(), pki.opening.cert(), tmp.resolve("plain.bin")).plaintext();
        }
        assertArrayEquals(plaintext, Files.readAllBytes(out));
        // Independent check: Bouncy Castle's own (non-streaming) parser decrypts the DER re-encoding.
        // (OpenSSL 3.0 cannot parse authAttrs in AuthEnvelopedData at all: wrong implicit tags in its ASN.1
        // template, openssl/openssl#26101, fixed by #31695 — so our sealer never writes them.)
        RecipientInformation ri = new CMSAuthEnvelopedData(der).getRecipientInfos().getRecipients().iterator().next();
        assertArrayEquals(plaintext, ri.getContent(new JceKeyTransAuthEnvelopedRecipient(pki.opening.key())));

        // change "T-2026-001" to "T-2026-002" inside the authenticated attributes
        byte[] marker = "T-2026-001".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(der, marker);
        assertTrue(at > 0);
        byte[] altered = der.clone();
        altered[at + marker.length - 1] = '2';
        Path quarantine = tmp.resolve("altered.bin");
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class,
                () -> opener.open(new ByteArrayInputStream(altered), pki.opening.key(), pki.opening.cert(),
                        quarantine));
        assertEquals(Reason.TAMPERED, e.reason());
        assertNoPlaintext(quarantine);
        assertFalse(Files.exists(quarantine));
    }

    /** Re-encodes Bouncy Castle's BER AuthEnvelopedData as DER (primitive encryptedContent). */
    private static byte[] toDer(byte[] ber) throws Exception {
        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(ber));
        AuthEnvelopedData aed = AuthEnvelopedData.getInstance(ci.getContent());
        EncryptedContentInfo eci = aed.getAuthEncryptedContentInfo();
        EncryptedContentInfo derEci = new EncryptedContentInfo(eci.getContentType(), eci.getContentEncryptionAlgorithm(),
                new DEROctetString(eci.getEncryptedContent().getOctets()));
        AuthEnvelopedData derAed = new AuthEnvelopedData(aed.getOriginatorInfo(), aed.getRecipientInfos(), derEci,
                aed.getAuthAttrs(), aed.getMac(), aed.getUnauthAttrs());
        return new ContentInfo(ci.getContentType(), derAed).getEncoded(ASN1Encoding.DER);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
