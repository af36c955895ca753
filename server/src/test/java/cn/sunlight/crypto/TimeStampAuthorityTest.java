package cn.sunlight.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeStampAuthorityTest {

    @TempDir
    static Path keysDir;
    @TempDir
    Path work;

    static PlatformCa ca;
    static MutableClock clock;
    static TimeStampAuthority tsa;

    @BeforeAll
    static void setUp() {
        ca = new PlatformCa(new KeyDirectory(keysDir));
        // genTime comes from this clock; an odd millisecond shows it is used verbatim
        clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).plusMillis(123));
        tsa = new TimeStampAuthority(ca, TimeStampAuthority.DEFAULT_POLICY, clock);
    }

    private Path writeCaPem() {
        Path caPem = work.resolve("ca.pem");
        OpenSsl.write(caPem, Pem.write(ca.certificate()));
        return caPem;
    }

    private Path writeData(String name, String content) {
        Path file = work.resolve(name);
        OpenSsl.write(file, content);
        return file;
    }

    private byte[] respondTo(Path query) {
        return tsa.respond(OpenSsl.read(query));
    }

    @Test
    void openSslQueryWithCertReqGetsAResponseOpenSslVerifies() throws Exception {
        writeCaPem();
        writeData("bid.zip", "sealed bid bytes\n");
        OpenSsl.Result query = OpenSsl.run(work, "ts", "-query", "-data", "bid.zip", "-sha256", "-cert", "-out", "q.tsq");
        assertEquals(0, query.exitCode(), query::toString);

        byte[] reply = respondTo(work.resolve("q.tsq"));
        OpenSsl.write(work.resolve("resp.tsr"), reply);

        OpenSsl.Result verify = OpenSsl.run(work, "ts", "-verify", "-data", "bid.zip", "-in", "resp.tsr", "-CAfile", "ca.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().contains("Verification: OK"), verify::toString);

        TimeStampResponse response = new TimeStampResponse(reply);
        assertEquals(PKIStatus.GRANTED, response.getStatus());
        TimeStampToken token = response.getTimeStampToken();
        assertEquals(1, token.getCertificates().getMatches(null).size(), "certReq=true: TSA certificate included");
        assertEquals(clock.instant(), token.getTimeStampInfo().getGenTime().toInstant());
        assertEquals(TimeStampAuthority.DEFAULT_POLICY, token.getTimeStampInfo().getPolicy().getId());
        assertEquals(1, token.getTimeStampInfo().getAccuracy().getSeconds().intValueExact());
        assertNotNull(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
        SigningCertificateV2 essV2 = SigningCertificateV2.getInstance(
                token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2).getAttrValues().getObjectAt(0));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(tsa.certificate().getEncoded()),
                essV2.getCerts()[0].getCertHash(), "ESS cert id v2 is the SHA-256 of the TSA certificate");
        assertSignedBy(token, tsa.certificate());

        // other data: OpenSSL refuses
        writeData("other.zip", "another bid\n");
        OpenSsl.Result wrong = OpenSsl.run(work, "ts", "-verify", "-data", "other.zip", "-in", "resp.tsr", "-CAfile", "ca.pem");
        assertNotEquals(0, wrong.exitCode(), wrong::toString);
        assertFalse(wrong.stdout().contains("Verification: OK"), wrong::toString);
    }

    @Test
    void withoutCertReqTheTokenCarriesNoCertificateAndVerifiesWithTheTsaCertSupplied() throws Exception {
        writeCaPem();
        OpenSsl.write(work.resolve("tsa.pem"), Pem.write(tsa.certificate()));
        writeData("doc.pdf", "document\n");
        OpenSsl.Result query = OpenSsl.run(work, "ts", "-query", "-data", "doc.pdf", "-sha256", "-out", "q.tsq");
        assertEquals(0, query.exitCode(), query::toString);

        byte[] reply = respondTo(work.resolve("q.tsq"));
        OpenSsl.write(work.resolve("resp.tsr"), reply);
        assertTrue(new TimeStampResponse(reply).getTimeStampToken().getCertificates().getMatches(null).isEmpty(),
                "certReq absent: no certificate in the token");

        OpenSsl.Result withoutCert = OpenSsl.run(work, "ts", "-verify", "-data", "doc.pdf", "-in", "resp.tsr", "-CAfile", "ca.pem");
        assertNotEquals(0, withoutCert.exitCode(), withoutCert::toString);

        OpenSsl.Result verify = OpenSsl.run(work, "ts", "-verify", "-data", "doc.pdf", "-in", "resp.tsr",
                "-CAfile", "ca.pem", "-untrusted", "tsa.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().contains("Verification: OK"), verify::toString);
    }

    @Test
    void replyTextShowsPolicyNonceAndAccuracy() {
        writeData("f.txt", "nonce check\n");
        OpenSsl.Result query = OpenSsl.run(work, "ts", "-query", "-data", "f.txt", "-sha256", "-cert", "-out", "q.tsq");
        assertEquals(0, query.exitCode(), query::toString);
        OpenSsl.Result queryText = OpenSsl.run(work, "ts", "-query", "-in", "q.tsq", "-text");
        Matcher nonce = Pattern.compile("Nonce: (0x[0-9A-F]+)").matcher(queryText.stdout());
        assertTrue(nonce.find(), queryText::toString);

        OpenSsl.write(work.resolve("resp.tsr"), respondTo(work.resolve("q.tsq")));
        OpenSsl.Result reply = OpenSsl.run(work, "ts", "-reply", "-in", "resp.tsr", "-text");
        assertEquals(0, reply.exitCode(), reply::toString);
        String text = reply.stdout();
        assertTrue(text.contains("Status: Granted."), text);
        assertTrue(text.contains("Policy OID: " + TimeStampAuthority.DEFAULT_POLICY), text);
        assertTrue(text.contains("Nonce: " + nonce.group(1)), text);
        assertTrue(text.contains("Accuracy: 0x01 seconds"), text);
        assertTrue(text.contains("Ordering: no"), text);
        assertTrue(text.contains("Hash Algorithm: sha256"), text);
        assertTrue(text.contains("Sunlight Time-Stamping Authority"), "TSA name: " + text);
    }

    @Test
    void bareTokenOverADigestVerifiesWithOpenSslAndAnotherDigestFails() throws Exception {
        writeCaPem();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("envelope".getBytes(StandardCharsets.UTF_8));
        byte[] token = tsa.tokenDer(digest);
        OpenSsl.write(work.resolve("token.der"), token);

        OpenSsl.Result verify = OpenSsl.run(work, "ts", "-verify", "-digest", HexFormat.of().formatHex(digest),
                "-in", "token.der", "-token_in", "-CAfile", "ca.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().contains("Verification: OK"), verify::toString);

        byte[] other = MessageDigest.getInstance("SHA-256").digest("another envelope".getBytes(StandardCharsets.UTF_8));
        OpenSsl.Result wrong = OpenSsl.run(work, "ts", "-verify", "-digest", HexFormat.of().formatHex(other),
                "-in", "token.der", "-token_in", "-CAfile", "ca.pem");
        assertNotEquals(0, wrong.exitCode(), wrong::toString);
        assertFalse(wrong.stdout().contains("Verification: OK"), wrong::toString);

        // and a CA that did not issue the TSA certificate is not accepted
        Path otherKeys = work.resolve("other-keys");
        OpenSsl.write(work.resolve("other-ca.pem"), Pem.write(new PlatformCa(new KeyDirectory(otherKeys)).certificate()));
        OpenSsl.Result untrusted = OpenSsl.run(work, "ts", "-verify", "-digest", HexFormat.of().formatHex(digest),
                "-in", "token.der", "-token_in", "-CAfile", "other-ca.pem");
        assertNotEquals(0, untrusted.exitCode(), untrusted::toString);
    }

    @Test
    void stampUsesTheClockAndIncludesTheCertificate() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
        TimeStampToken token = tsa.stamp(digest);
        assertArrayEquals(digest, token.getTimeStampInfo().getMessageImprintDigest());
        assertEquals(NISTObjectIdentifiers.id_sha256, token.getTimeStampInfo().getMessageImprintAlgOID());
        assertEquals(clock.instant(), token.getTimeStampInfo().getGenTime().toInstant());
        assertEquals(1, token.getCertificates().getMatches(null).size());
        assertSignedBy(token, tsa.certificate());

        assertThrows(IllegalArgumentException.class, () -> tsa.stamp(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> tsa.stamp(null));
    }

    @Test
    void garbageQueryIsRejectedWithBadDataFormat() throws Exception {
        byte[] reply = tsa.respond("this is not DER".getBytes(StandardCharsets.US_ASCII));
        TimeStampResponse response = new TimeStampResponse(reply);
        assertEquals(PKIStatus.REJECTION, response.getStatus());
        assertEquals(2, response.getStatus());
        assertEquals(PKIFailureInfo.badDataFormat, response.getFailInfo().intValue());
        assertEquals(null, response.getTimeStampToken());

        OpenSsl.write(work.resolve("bad.tsr"), reply);
        OpenSsl.Result text = OpenSsl.run(work, "ts", "-reply", "-in", "bad.tsr", "-text");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().contains("Status: Rejected"), text::toString);
        assertTrue(text.stdout().contains("Failure info: the data submitted has the wrong format"), text::toString);

        for (byte[] bad : List.of(new byte[0], new byte[] {0x30, 0x00}, new byte[] {0x30, (byte) 0x80}, new byte[20_000])) {
            assertRejected(tsa.respond(bad), PKIFailureInfo.badDataFormat);
        }
        assertRejected(tsa.respond(null), PKIFailureInfo.badDataFormat);
    }

    @Test
    void unacceptableQueriesGetTheMatchingFailureInfo() throws Exception {
        writeData("f", "x");
        OpenSsl.Result sha1 = OpenSsl.run(work, "ts", "-query", "-data", "f", "-sha1", "-out", "sha1.tsq");
        assertEquals(0, sha1.exitCode(), sha1::toString);
        assertRejected(respondTo(work.resolve("sha1.tsq")), PKIFailureInfo.badAlg);

        OpenSsl.Result policy = OpenSsl.run(work, "ts", "-query", "-data", "f", "-sha256", "-tspolicy", "1.2.3.4", "-out", "p.tsq");
        assertEquals(0, policy.exitCode(), policy::toString);
        assertRejected(respondTo(work.resolve("p.tsq")), PKIFailureInfo.unacceptedPolicy);

        OpenSsl.Result ours = OpenSsl.run(work, "ts", "-query", "-data", "f", "-sha512", "-tspolicy",
                TimeStampAuthority.DEFAULT_POLICY, "-out", "ours.tsq");
        assertEquals(0, ours.exitCode(), ours::toString);
        assertEquals(PKIStatus.GRANTED, new TimeStampResponse(respondTo(work.resolve("ours.tsq"))).getStatus());

        // trailing bytes after a valid query
        byte[] valid = OpenSsl.read(work.resolve("ours.tsq"));
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertRejected(tsa.respond(trailing), PKIFailureInfo.badDataFormat);

        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        // imprint of the wrong length for SHA-256
        byte[] shortImprint = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(1), new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {sha256, new DEROctetString(new byte[20])})
        }).getEncoded();
        assertRejected(tsa.respond(shortImprint), PKIFailureInfo.badDataFormat);
        // version 2
        byte[] v2 = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(2), new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {sha256, new DEROctetString(new byte[32])}),
                ASN1Boolean.TRUE
        }).getEncoded();
        assertRejected(tsa.respond(v2), PKIFailureInfo.badRequest);
        // a request extension
        org.bouncycastle.tsp.TimeStampRequestGenerator generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
        generator.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4.5"), false, new DEROctetString(new byte[1]));
        byte[] withExtension = generator.generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded();
        assertRejected(tsa.respond(withExtension), PKIFailureInfo.unacceptedExtension);
    }

    @Test
    void respondNeverThrowsOnMangledInput() throws Exception {
        writeData("f", "fuzz");
        OpenSsl.run(work, "ts", "-query", "-data", "f", "-sha256", "-cert", "-out", "q.tsq");
        byte[] valid = OpenSsl.read(work.resolve("q.tsq"));
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] mangled = i % 2 == 0 ? valid.clone() : new byte[random.nextInt(200)];
            if (i % 2 == 0) {
                for (int j = 0; j < 1 + random.nextInt(3); j++) {
                    mangled[random.nextInt(mangled.length)] ^= (byte) (1 + random.nextInt(255));
                }
            } else {
                random.nextBytes(mangled);
            }
            TimeStampResponse response = new TimeStampResponse(tsa.respond(mangled));
            assertTrue(response.getStatus() == PKIStatus.GRANTED || response.getStatus() == PKIStatus.REJECTION);
            if (response.getStatus() == PKIStatus.REJECTION) {
                assertNotEquals(PKIFailureInfo.systemFailure, response.getFailInfo().intValue(), "input " + i);
            }
        }
    }

    @Test
    void serialNumbersAreUniqueAndIncreasing() throws Exception {
        byte[] digest = new byte[32];
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<BigInteger>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<BigInteger> serials = new ArrayList<>();
                    // the generators are shared between threads (one at a time): every token must still verify
                    var verifier = new JcaSimpleSignerInfoVerifierBuilder().build(tsa.certificate());
                    for (int i = 0; i < perThread; i++) {
                        TimeStampToken token = tsa.stamp(digest);
                        token.validate(verifier);
                        serials.add(token.getTimeStampInfo().getSerialNumber());
                    }
                    return serials;
                }));
            }
            Set<BigInteger> all = new HashSet<>();
            for (Future<List<BigInteger>> future : futures) {
                List<BigInteger> serials = future.get();
                List<BigInteger> sorted = new ArrayList<>(serials);
                Collections.sort(sorted);
                assertEquals(sorted, serials, "increasing within a thread");
                all.addAll(serials);
            }
            assertEquals(threads * perThread, all.size(), "unique");
        } finally {
            pool.shutdownNow();
        }
        // a second TSA instance in the same JVM continues the sequence
        BigInteger before = tsa.stamp(digest).getTimeStampInfo().getSerialNumber();
        TimeStampAuthority second = new TimeStampAuthority(ca, TimeStampAuthority.DEFAULT_POLICY, clock);
        assertTrue(second.stamp(digest).getTimeStampInfo().getSerialNumber().compareTo(before) > 0);
    }

    @Test
    void tsaCertificateIsFitForTimeStamping() {
        writeCaPem();
        X509Certificate cert = tsa.certificate();
        OpenSsl.write(work.resolve("tsa.pem"), Pem.write(cert));
        OpenSsl.Result text = OpenSsl.run(work, "x509", "-in", "tsa.pem", "-noout", "-text");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(Pattern.compile("X509v3 Extended Key Usage: critical\\s+Time Stamping\\s*\\n").matcher(text.stdout()).find(),
                text::toString);
        assertTrue(Pattern.compile("X509v3 Key Usage: critical\\s+Digital Signature\\s*\\n").matcher(text.stdout()).find(),
                text::toString);
        OpenSsl.Result verify = OpenSsl.run(work, "verify", "-purpose", "timestampsign", "-CAfile", "ca.pem", "tsa.pem");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().contains("tsa.pem: OK"), verify::toString);

        // a signing certificate without the timeStamping EKU cannot be made a TSA
        assertThrows(IllegalArgumentException.class,
                () -> new TimeStampAuthority(ca.platformSigner(), TimeStampAuthority.DEFAULT_POLICY, clock));
    }

    @Test
    void refusesToDateTokensOutsideTheTsaCertificateValidity() throws Exception {
        MutableClock early = new MutableClock(tsa.certificate().getNotBefore().toInstant().minusSeconds(60));
        TimeStampAuthority notYet = new TimeStampAuthority(ca, TimeStampAuthority.DEFAULT_POLICY, early);
        writeData("f", "x");
        OpenSsl.run(work, "ts", "-query", "-data", "f", "-sha256", "-out", "q.tsq");
        assertRejected(notYet.respond(OpenSsl.read(work.resolve("q.tsq"))), PKIFailureInfo.systemUnavail);
        assertThrows(IllegalStateException.class, () -> notYet.stamp(new byte[32]));
        early.set(tsa.certificate().getNotAfter().toInstant().plusSeconds(1));
        assertThrows(IllegalStateException.class, () -> notYet.stamp(new byte[32]));
    }

    @Test
    void policyIsConfigurable() throws Exception {
        TimeStampAuthority custom = new TimeStampAuthority(ca, "1.3.6.1.4.1.99999.1", clock);
        assertEquals("1.3.6.1.4.1.99999.1", custom.stamp(new byte[32]).getTimeStampInfo().getPolicy().getId());
        assertThrows(IllegalArgumentException.class, () -> new TimeStampAuthority(ca, "not an oid", clock));
    }

    /**
     * Checks the token's CMS signature with the JDK: signature over the DER signed attributes, message-digest attribute
     * equal to the SHA-256 of the TSTInfo. (Bouncy Castle's own TimeStampToken.validate cannot run on this classpath:
     * see BouncyCastleClasspathTest.)
     */
    static void assertSignedBy(TimeStampToken token, X509Certificate cert) throws Exception {
        SignerInformation signer = token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), signer.getEncryptionAlgOID());
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initVerify(cert.getPublicKey());
        signature.update(signer.getEncodedSignedAttributes());
        assertTrue(signature.verify(signer.getSignature()), "token signature verifies with the TSA public key");
        byte[] tstInfo = (byte[]) token.toCMSSignedData().getSignedContent().getContent();
        byte[] messageDigest = ASN1OctetString.getInstance(token.getSignedAttributes()
                .get(CMSAttributes.messageDigest).getAttrValues().getObjectAt(0)).getOctets();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(tstInfo), messageDigest);
    }

    private static void assertRejected(byte[] reply, int failureInfo) throws Exception {
        TimeStampResponse response = new TimeStampResponse(reply);
        assertEquals(PKIStatus.REJECTION, response.getStatus());
        assertNotNull(response.getFailInfo());
        assertEquals(failureInfo, response.getFailInfo().intValue());
    }
}
