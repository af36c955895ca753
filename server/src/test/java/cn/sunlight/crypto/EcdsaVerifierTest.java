package cn.sunlight.crypto;

import cn.sunlight.bid.BidStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native ECDSA verifier (ACCP) gives exactly the JDK's answers — for signatures made by the JDK (the bidder
 * tool and the test helpers), by ACCP itself and by the OpenSSL command line, and for tampered statements,
 * tampered or malformed signatures and wrong keys — and the platform falls back to the JDK when it cannot load.
 */
class EcdsaVerifierTest {

    @TempDir
    Path work;

    static EcdsaVerifier.Choice jdk;

    @BeforeAll
    static void providers() {
        CryptoProviders.bouncyCastle();
        jdk = EcdsaVerifier.choose(false, () -> {
            throw new AssertionError("not asked");
        });
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void theNativeProviderIsUsedOnThisPlatform() {
        EcdsaVerifier.Choice c = EcdsaVerifier.choice();
        assertTrue(c.isNative(), c.description());
        assertEquals(EcdsaVerifier.ACCP_NAME, c.provider().getName());
        assertTrue(c.description().contains("native"), c.description());
    }

    @Test
    void aProviderThatCannotLoadMeansTheJdk() throws Exception {
        EcdsaVerifier.Choice c = EcdsaVerifier.choose(true, () -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        });
        assertFalse(c.isNative());
        assertNull(c.provider());
        assertTrue(c.description().contains("UnsatisfiedLinkError") && c.description().contains("JDK"), c.description());
        // ... and the JDK verifies as before.
        KeyPair k = KeyPairs.ecP256();
        byte[] m = "sunlight-auction-bid/2".getBytes(StandardCharsets.UTF_8);
        byte[] sig = sign("SHA256withECDSA", k, m, null);
        assertTrue(EcdsaVerifier.verify(c, "SHA256withECDSA", k.getPublic(), m, sig));
        m[0] ^= 1;
        assertFalse(EcdsaVerifier.verify(c, "SHA256withECDSA", k.getPublic(), m, sig));
        assertFalse(EcdsaVerifier.choose(false, () -> null).isNative());
    }

    @Test
    void nativeAndJdkGiveTheSameAnswers() throws Exception {
        EcdsaVerifier.Choice used = EcdsaVerifier.choice();
        Random random = new Random(13);
        KeyPair other = KeyPairs.ecP256();
        for (int i = 0; i < 60; i++) {
            KeyPair k = KeyPairs.ecP256();
            byte[] m = new byte[1 + random.nextInt(300)];
            random.nextBytes(m);
            byte[] byJdk = sign("SHA256withECDSA", k, m, null);
            byte[] byUsed = sign("SHA256withECDSA", k, m, used.provider());
            for (byte[] sig : new byte[][]{byJdk, byUsed}) {
                same(true, used, k, m, sig);
                byte[] tamperedMessage = m.clone();
                tamperedMessage[random.nextInt(m.length)] ^= (byte) (1 + random.nextInt(255));
                same(false, used, k, tamperedMessage, sig);
                byte[] tamperedSignature = sig.clone();
                tamperedSignature[sig.length - 1 - random.nextInt(8)] ^= 1; // inside s: still DER, no longer valid
                same(false, used, k, m, tamperedSignature);
                same(false, used, other, m, sig);
            }
            same(false, used, k, m, new byte[0]);
            same(false, used, k, m, new byte[]{0x30, 0x02, 0x02, 0x00});
        }
    }

    @Test
    void openSslSignaturesVerify() throws Exception {
        KeyPair k = KeyPairs.ecP256();
        OpenSsl.write(work.resolve("key.pem"), Pem.write(k.getPrivate()));
        String statement = "sunlight-auction-bid/2\ntender=T\nlot=1\nprice=100.00\n";
        OpenSsl.write(work.resolve("statement.txt"), statement);
        var r = OpenSsl.run(work, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "statement.txt");
        assertEquals(0, r.exitCode(), r::toString);
        byte[] sig = OpenSsl.read(work.resolve("sig.der"));
        assertTrue(BidStatement.verify(statement, sig, k.getPublic()));
        same(true, EcdsaVerifier.choice(), k, statement.getBytes(StandardCharsets.UTF_8), sig);
        assertFalse(BidStatement.verify(statement.replace("100.00", "99.00"), sig, k.getPublic()));
    }

    /** What the bidder tool does (BidStatement.sign) still verifies; a changed statement does not; SM2 stays on BC. */
    @Test
    void bidStatementsSignedByTheBidderToolStillVerify() throws Exception {
        for (KeyPair k : new KeyPair[]{KeyPairs.ecP256(), KeyPairs.sm2()}) {
            String statement = "sunlight-auction-bid/2\ntender=ZB-1\nlot=2\nauction=7\norg=91110000000000000X\nround=3\nprice=9499999.97\n";
            byte[] sig = BidStatement.sign(statement, k.getPrivate());
            assertTrue(BidStatement.verify(statement, sig, k.getPublic()), k.getPublic().getAlgorithm());
            assertFalse(BidStatement.verify(statement.replace("round=3", "round=4"), sig, k.getPublic()));
            byte[] bad = sig.clone();
            bad[bad.length - 1] ^= 1;
            assertFalse(BidStatement.verify(statement, bad, k.getPublic()));
        }
    }

    private static void same(boolean expected, EcdsaVerifier.Choice used, KeyPair k, byte[] m, byte[] sig) throws Exception {
        assertEquals(expected, EcdsaVerifier.verify(jdk, "SHA256withECDSA", k.getPublic(), m, sig), "JDK");
        assertEquals(expected, EcdsaVerifier.verify(used, "SHA256withECDSA", k.getPublic(), m, sig), used.description());
    }

    private static byte[] sign(String alg, KeyPair k, byte[] m, java.security.Provider p) throws Exception {
        Signature s = p == null ? Signature.getInstance(alg) : Signature.getInstance(alg, p);
        s.initSign(k.getPrivate());
        s.update(m);
        return s.sign();
    }
}
