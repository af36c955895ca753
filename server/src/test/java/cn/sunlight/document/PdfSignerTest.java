package cn.sunlight.document;

import static cn.sunlight.document.DocumentTestSupport.engineWithoutReflection;
import static cn.sunlight.document.DocumentTestSupport.pdftotext;
import static cn.sunlight.document.DocumentTestSupport.renderer;
import static cn.sunlight.document.DocumentTestSupport.sampleOpeningRecord;
import static cn.sunlight.document.DocumentTestSupport.squeeze;
import static cn.sunlight.document.DocumentTestSupport.write;
import static cn.sunlight.document.PdfSignatureTools.exec;
import static cn.sunlight.document.PdfSignatureTools.nssDatabase;
import static cn.sunlight.document.PdfSignatureTools.pdfsig;
import static cn.sunlight.document.PdfSignatureTools.signatures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.sunlight.crypto.KeyDirectory;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.crypto.TimeStampAuthority;

/**
 * The signed opening record checked by independent verifiers: poppler {@code pdfsig} (NSS, with the platform CA
 * trusted in a temporary NSS database), {@code openssl cms -verify} over the byte range and {@code openssl ts -verify}
 * for the embedded signature time-stamp. Needs poppler-utils, libnss3-tools and openssl.
 */
class PdfSignerTest {

    private static final String REASON = "开标记录 Bid opening record";
    private static final String VALID = "Signature Validation: Signature is Valid.";
    private static final String TRUSTED = "Certificate Validation: Certificate is Trusted.";

    @TempDir
    static Path keys;
    @TempDir
    static Path shared;
    @TempDir
    Path work;

    static PlatformCa ca;
    static TimeStampAuthority tsa;
    static PdfSigner signer;
    static Instant signedAfter;
    static byte[] signed;
    static Path signedFile;
    static Path caPem;
    static Path nssDb;

    @BeforeAll
    static void signOpeningRecord() throws Exception {
        ca = new PlatformCa(new KeyDirectory(keys));
        tsa = new TimeStampAuthority(ca, TimeStampAuthority.DEFAULT_POLICY, Clock.systemUTC());
        signer = new PdfSigner(ca, tsa);
        SignedDocuments documents = new SignedDocuments(
                new DocumentTemplates(engineWithoutReflection(), DocumentTestSupport.TEMPLATES), renderer(), signer);
        signedAfter = Instant.now().minusSeconds(1);
        signed = documents.renderSigned("opening-record", Map.of("r", sampleOpeningRecord()), REASON);
        signedFile = write(shared, "opening-record-signed.pdf", signed);
        caPem = shared.resolve("ca.pem");
        Files.writeString(caPem, Pem.write(ca.certificate()));
        nssDb = nssDatabase(shared, caPem);
    }

    private static CMSSignedData cms(PdfSignatureTools.Signature signature, byte[] pdf) throws Exception {
        return new CMSSignedData(new CMSProcessableByteArray(signature.signedContent(pdf)), signature.cms());
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    // ------------------------------------------------------------------ pdfsig

    @Test
    void pdfsigFindsOneValidTrustedCadesSignatureOverTheWholeFile() throws Exception {
        String out = pdfsig(nssDb, signedFile);
        System.out.println(out);
        assertTrue(out.contains("Signature #1"), out);
        assertFalse(out.contains("Signature #2"), out);
        assertTrue(out.contains(VALID), out);
        assertTrue(out.contains("Signature Type: ETSI.CAdES.detached"), out);
        assertTrue(out.contains("Signer Certificate Common Name: Sunlight Platform Signing"), out);
        assertTrue(out.contains(TRUSTED), out);
        assertTrue(out.contains("Total document signed"), out);
        assertFalse(out.contains("Not total document signed"), out);
        assertTrue(out.contains("Signing Hash Algorithm: SHA-256"), out);
    }

    @Test
    void withoutTheCaPdfsigStillFindsTheSignatureValidButTheIssuerUnknown() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty-nssdb"));
        PdfSignatureTools.run("certutil", "-N", "-d", "sql:" + empty, "--empty-password");
        String out = pdfsig(empty, signedFile);
        assertTrue(out.contains(VALID), out);
        assertFalse(out.contains(TRUSTED), out);
    }

    // ------------------------------------------------------------------ signature dictionary

    @Test
    void signatureDictionaryIsPades() throws Exception {
        try (PDDocument doc = Loader.loadPDF(signed)) {
            List<PDSignature> all = doc.getSignatureDictionaries();
            assertEquals(1, all.size());
            PDSignature sig = all.get(0);
            assertEquals("Adobe.PPKLite", sig.getFilter());
            assertEquals("ETSI.CAdES.detached", sig.getSubFilter());
            assertEquals(REASON, sig.getReason());
            assertEquals(SignedDocuments.LOCATION, sig.getLocation());
            assertEquals("Sunlight Platform Signing", sig.getName());
            assertNotNull(sig.getSignDate(), "/M");
            Instant m = sig.getSignDate().toInstant();
            assertFalse(m.isBefore(signedAfter.minusSeconds(1)), m + " vs " + signedAfter);
            assertFalse(m.isAfter(Instant.now()), m.toString());
            int[] range = sig.getByteRange();
            assertEquals(0, range[0]);
            assertEquals(signed.length, range[2] + range[3], "the signature covers the file up to its end");
            // <hex> of the reserved size sits between the two ranges
            assertEquals(2 * PdfSigner.RESERVED_BYTES + 2, range[2] - range[1]);
        }
        String tail = new String(signed, StandardCharsets.ISO_8859_1);
        assertTrue(tail.startsWith("%PDF-"));
        assertTrue(tail.indexOf("%%EOF") < tail.lastIndexOf("%%EOF"), "an incremental update follows the original");
    }

    // ------------------------------------------------------------------ CMS

    @Test
    void cmsVerifiesWithOpensslAgainstThePlatformCa() throws Exception {
        PdfSignatureTools.Signature sig = signatures(signed).get(0);
        Path der = work.resolve("signature.p7s");
        Path content = work.resolve("byterange.bin");
        Files.write(der, sig.cms());
        Files.write(content, sig.signedContent(signed));
        PdfSignatureTools.Result r = exec("openssl", "cms", "-verify", "-inform", "DER", "-in", der.toString(),
                "-binary", "-content", content.toString(), "-CAfile", caPem.toString(), "-purpose", "any",
                "-out", "/dev/null");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Verification successful"), r.output());

        String printed = PdfSignatureTools.run("openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                der.toString());
        assertTrue(printed.contains("eContentType: pkcs7-data"), printed);
        assertTrue(printed.contains("eContent: <ABSENT>"), "detached: " + printed);
        // the SignerInfo: signed attributes, signature algorithm, unsigned attributes (the token's own come later)
        int signedAt = printed.indexOf("signedAttrs:");
        int algorithmAt = printed.indexOf("signatureAlgorithm:", signedAt);
        int unsignedAt = printed.indexOf("unsignedAttrs:", algorithmAt);
        assertTrue(signedAt > 0 && algorithmAt > signedAt && unsignedAt > algorithmAt, printed);
        String signedAttrs = printed.substring(signedAt, algorithmAt).replaceAll("\\s+", " ");
        for (String attribute : List.of("contentType", "messageDigest", "id-smime-aa-signingCertificateV2")) {
            assertTrue(signedAttrs.contains("object: " + attribute), attribute + " in " + signedAttrs);
        }
        assertFalse(signedAttrs.contains("signingTime"), signedAttrs);
        assertTrue(printed.substring(algorithmAt, unsignedAt).contains("ecdsa-with-SHA256"), printed);
        String firstUnsigned = printed.substring(unsignedAt, Math.min(printed.length(), unsignedAt + 200))
                .replaceAll("\\s+", " ");
        assertTrue(firstUnsigned.startsWith("unsignedAttrs: object: id-smime-aa-timeStampToken"), firstUnsigned);

        // one flipped byte of content: openssl refuses
        byte[] other = sig.signedContent(signed);
        other[other.length / 2] ^= 1;
        Files.write(content, other);
        PdfSignatureTools.Result bad = exec("openssl", "cms", "-verify", "-inform", "DER", "-in", der.toString(),
                "-binary", "-content", content.toString(), "-CAfile", caPem.toString(), "-purpose", "any",
                "-out", "/dev/null");
        assertNotEquals(0, bad.exitCode(), bad.output());
    }

    @Test
    void cmsHasThePadesAttributesAndTheWholeChain() throws Exception {
        PdfSignatureTools.Signature sig = signatures(signed).get(0);
        CMSSignedData cms = cms(sig, signed);
        assertTrue(cms.isDetachedSignature());
        System.out.printf("CMS: %d bytes of %d reserved%n", sig.cms().length, PdfSigner.RESERVED_BYTES);
        assertTrue(sig.cms().length < PdfSigner.RESERVED_BYTES / 2, "room to spare in /Contents");
        assertEquals(1, cms.getSignerInfos().size());
        SignerInformation signerInfo = cms.getSignerInfos().getSigners().iterator().next();
        assertEquals(NISTObjectIdentifiers.id_sha256.getId(), signerInfo.getDigestAlgOID());
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), signerInfo.getEncryptionAlgOID());

        var signerCert = ca.platformSigner().certificate();
        assertTrue(signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCert)));

        Set<ASN1ObjectIdentifier> signedAttributes = Arrays.stream(
                signerInfo.getSignedAttributes().toASN1Structure().getAttributes())
                .map(Attribute::getAttrType).collect(Collectors.toSet());
        assertTrue(signedAttributes.contains(CMSAttributes.contentType));
        assertTrue(signedAttributes.contains(CMSAttributes.messageDigest));
        assertTrue(signedAttributes.contains(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
        assertFalse(signedAttributes.contains(CMSAttributes.signingTime), "PAdES: the time is /M, not signing-time");
        assertTrue(Set.of(CMSAttributes.contentType, CMSAttributes.messageDigest,
                PKCSObjectIdentifiers.id_aa_signingCertificateV2, CMSAttributes.cmsAlgorithmProtect)
                .containsAll(signedAttributes), signedAttributes.toString());

        AttributeTable attributes = signerInfo.getSignedAttributes();
        SigningCertificateV2 ess = SigningCertificateV2.getInstance(
                attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2).getAttrValues().getObjectAt(0));
        ESSCertIDv2 id = ess.getCerts()[0];
        assertEquals(NISTObjectIdentifiers.id_sha256, id.getHashAlgorithm().getAlgorithm());
        assertArrayEquals(sha256(signerCert.getEncoded()), id.getCertHash());
        assertEquals(signerCert.getSerialNumber(), id.getIssuerSerial().getSerial().getValue());

        List<X509CertificateHolder> certs = List.copyOf(cms.getCertificates().getMatches(null));
        assertEquals(2, certs.size());
        Set<String> encoded = certs.stream().map(c -> HexFormat.of().formatHex(sha256Unchecked(c))).collect(
                Collectors.toSet());
        assertEquals(Set.of(HexFormat.of().formatHex(sha256(signerCert.getEncoded())),
                HexFormat.of().formatHex(sha256(ca.certificate().getEncoded()))), encoded);

        Attribute stamp = signerInfo.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        assertNotNull(stamp, "B-T: signature time-stamp");
        assertEquals(1, signerInfo.getUnsignedAttributes().size());
    }

    private static byte[] sha256Unchecked(X509CertificateHolder c) {
        try {
            return sha256(c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ time stamp

    @Test
    void signatureTimeStampVerifiesWithOpensslOverTheSignatureValue() throws Exception {
        PdfSignatureTools.Signature sig = signatures(signed).get(0);
        SignerInformation signerInfo = cms(sig, signed).getSignerInfos().getSigners().iterator().next();
        Attribute stamp = signerInfo.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        byte[] tokenDer = stamp.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
        Path token = work.resolve("token.der");
        Files.write(token, tokenDer);
        String digest = HexFormat.of().formatHex(sha256(signerInfo.getSignature()));

        PdfSignatureTools.Result ok = exec("openssl", "ts", "-verify", "-digest", digest, "-in", token.toString(),
                "-token_in", "-CAfile", caPem.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Verification: OK"), ok.output());

        // over the signature value, not over anything else
        String contentDigest = HexFormat.of().formatHex(sha256(sig.signedContent(signed)));
        PdfSignatureTools.Result wrong = exec("openssl", "ts", "-verify", "-digest", contentDigest, "-in",
                token.toString(), "-token_in", "-CAfile", caPem.toString());
        assertNotEquals(0, wrong.exitCode(), wrong.output());

        String text = PdfSignatureTools.run("openssl", "ts", "-reply", "-in", token.toString(), "-token_in",
                "-token_out", "-text");
        assertTrue(text.contains("Policy OID: " + TimeStampAuthority.DEFAULT_POLICY), text);
        assertTrue(text.contains("Hash Algorithm: sha256"), text);

        TimeStampToken parsed = new TimeStampToken(new CMSSignedData(tokenDer));
        Instant genTime = parsed.getTimeStampInfo().getGenTime().toInstant();
        try (PDDocument doc = Loader.loadPDF(signed)) {
            Instant m = doc.getSignatureDictionaries().get(0).getSignDate().toInstant();
            assertFalse(genTime.isBefore(m.minusSeconds(1)), genTime + " before /M " + m);
            assertTrue(Duration.between(m, genTime).compareTo(Duration.ofMinutes(1)) < 0, genTime + " vs " + m);
        }
    }

    // ------------------------------------------------------------------ text

    @Test
    void pdftotextShowsBiddersAndPrices() throws Exception {
        String text = squeeze(pdftotext(signedFile));
        for (String s : List.of("开标记录", "Bidopeningrecord", "浙江宏远建设集团有限公司", "¥29,386,500.00",
                "杭州钱塘建工有限公司", "¥29,912,000.00", "宁波甬江建设有限公司", "¥37,480,000.00",
                "杭州绿城园林景观工程有限公司", "¥8,126,340.50", "浙江山水市政园林有限公司", "¥8,240,000.00",
                "湖州南太湖生态建设有限公司", "¥8,302,600.00", "中建华东第八工程局有限公司", "解密失败", "视为撤销其投标文件",
                "超过最高投标限价", "SL-KB-2025-0042-01", "pdfsig")) {
            assertTrue(text.contains(s), s);
        }
    }

    // ------------------------------------------------------------------ tampering

    @Test
    void oneChangedByteInTheSignedRangeMakesTheSignatureInvalid() throws Exception {
        byte[] tampered = signed.clone();
        // the binary comment on the second line of the header: signed, but the PDF still parses
        int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf('\n') + 2;
        assertTrue(at < signatures(signed).get(0).byteRange()[1]);
        tampered[at] ^= 0x01;
        Path file = write(work, "opening-record-tampered.pdf", tampered);
        String out = pdfsig(nssDb, file);
        assertTrue(out.contains("Signature #1"), out);
        assertFalse(out.contains(VALID), out);
        assertTrue(out.contains("Digest Mismatch"), out);
    }

    @Test
    void aChangedByteInTheMiddleOfTheFileIsDetectedToo() throws Exception {
        // page content is in compressed streams: flip a byte in the middle of the first signed range
        byte[] tampered = signed.clone();
        long[] range = signatures(signed).get(0).byteRange();
        tampered[(int) (range[1] / 2)] ^= 0x20;
        Path file = write(work, "opening-record-tampered-middle.pdf", tampered);
        String out = PdfSignatureTools.exec("pdfsig", "-nssdir", "sql:" + nssDb, file.toString()).output();
        assertFalse(out.contains(VALID), out);
    }

    // ------------------------------------------------------------------ second signature

    @Test
    void aSecondSignatureKeepsTheFirstValid() throws Exception {
        byte[] twice = signer.sign(signed, "复核 Second signature", "杭州");
        assertTrue(twice.length > signed.length);
        assertArrayEquals(signed, Arrays.copyOf(twice, signed.length), "incremental: the first file is a prefix");
        Path file = write(work, "opening-record-signed-twice.pdf", twice);
        String out = pdfsig(nssDb, file);
        assertTrue(out.contains("Signature #2"), out);
        assertFalse(out.contains("Signature #3"), out);
        assertEquals(2, count(out, VALID), out);
        assertEquals(2, count(out, "Signature Type: ETSI.CAdES.detached"), out);
        assertEquals(1, count(out, "Not total document signed"), "the first signature covers the first revision: " + out);
        // pdfsig 22.12 (NSS) trusts the first signature's certificate but reports "Unknown issue with Certificate"
        // for a later signature by the same certificate in one file; it does the same for CMS made by
        // `openssl cms -sign`, so the chain of each signature is checked with openssl instead.
        assertTrue(out.indexOf(TRUSTED) > 0 && out.indexOf(TRUSTED) < out.indexOf("Signature #2"), out);

        List<PdfSignatureTools.Signature> both = signatures(twice);
        assertEquals(2, both.size());
        for (PdfSignatureTools.Signature s : both) {
            Path der = Files.write(work.resolve("signature.p7s"), s.cms());
            Path content = Files.write(work.resolve("byterange.bin"), s.signedContent(twice));
            PdfSignatureTools.Result r = exec("openssl", "cms", "-verify", "-inform", "DER", "-in", der.toString(),
                    "-binary", "-content", content.toString(), "-CAfile", caPem.toString(), "-purpose", "any",
                    "-out", "/dev/null");
            assertEquals(0, r.exitCode(), r.output());
        }
    }

    private static int count(String haystack, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ API edges

    @Test
    void streamVariantWritesTheSameKindOfSignedPdf() throws Exception {
        byte[] plain = renderer().render(new DocumentTemplates(engineWithoutReflection(), DocumentTestSupport.TEMPLATES)
                .render("tender-announcement", DocumentTestSupport.sampleData()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signer.sign(new ByteArrayInputStream(plain), out, null, null);
        byte[] pdf = out.toByteArray();
        assertArrayEquals(plain, Arrays.copyOf(pdf, plain.length));
        Path file = write(work, "tender-announcement-signed.pdf", pdf);
        String result = pdfsig(nssDb, file);
        assertTrue(result.contains(VALID), result);
        assertTrue(result.contains(TRUSTED), result);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature sig = doc.getSignatureDictionaries().get(0);
            assertNull(sig.getReason());
            assertNull(sig.getLocation());
        }
    }

    @Test
    void theClockGivesM() throws Exception {
        Instant at = Instant.parse("2025-12-22T02:47:12Z");
        PdfSigner fixed = new PdfSigner(ca.platformSigner(), tsa, Clock.fixed(at, java.time.ZoneOffset.UTC));
        byte[] pdf = fixed.sign(renderer().render("<html><body><p>开标记录</p></body></html>"), null, null);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(at, doc.getSignatureDictionaries().get(0).getSignDate().toInstant());
        }
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("/M (D:20251222104712+08'00')"), "Beijing time in /M");
    }

    @Test
    void rejectsWhatIsNotAPdf() {
        assertThrows(IllegalArgumentException.class,
                () -> signer.sign("not a pdf".getBytes(StandardCharsets.US_ASCII), "x", "y"));
    }
}
