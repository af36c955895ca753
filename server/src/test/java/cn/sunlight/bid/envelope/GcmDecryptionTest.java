package cn.sunlight.bid.envelope;

import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The opening's streaming AES-GCM (the JDK's AES-CTR plus Bouncy Castle's GHASH) against the JDK's own AES-GCM as the
 * reference: every length around the block size, fed in awkward pieces, with and without additional data (which
 * CMS AuthEnvelopedData puts after the ciphertext), and any altered byte, tag or additional data is refused.
 */
class GcmDecryptionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SuitePolicy.Gcm gcm(byte[] nonce) throws EnvelopeRejected {
        return SuitePolicy.checkContentAlgorithm(new AlgorithmIdentifier(Oids.AES256_GCM, new GCMParameters(nonce, 16)),
                Set.of(Oids.AES256_GCM));
    }

    private static byte[][] sealWithJdk(byte[] key, byte[] nonce, byte[] plain, byte[] aad) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        if (aad != null) {
            c.updateAAD(aad);
        }
        byte[] all = c.doFinal(plain);
        return new byte[][]{Arrays.copyOf(all, plain.length), Arrays.copyOfRange(all, plain.length, all.length)};
    }

    /** Decrypts in pieces of {@code piece} bytes, as the opener's read loop would. */
    private static byte[] open(GcmDecryption d, byte[] ct, byte[] aad, byte[] tag, int piece) throws EnvelopeRejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.max(piece, 16) + 64];
        for (int off = 0; off < ct.length; off += piece) {
            int n = Math.min(piece, ct.length - off);
            int m = d.update(Arrays.copyOfRange(ct, off, off + n), 0, n, buf);
            out.write(buf, 0, m);
        }
        int m = d.finish(aad, tag, buf);
        out.write(buf, 0, m);
        return out.toByteArray();
    }

    @Test
    void matchesTheJdksGcmForEveryLengthPieceAndAdditionalData() throws Exception {
        for (int len : new int[]{0, 1, 15, 16, 17, 31, 32, 33, 100, 4095, 65536, 65536 + 7, 1_000_003}) {
            for (byte[] aad : new byte[][]{null, new byte[0], bytes(5), bytes(16), bytes(37)}) {
                byte[] key = bytes(32);
                byte[] nonce = bytes(12);
                byte[] plain = bytes(len);
                byte[][] sealed = sealWithJdk(key, nonce, plain, aad);
                for (int piece : new int[]{1, 7, 16, 4096, 65536}) {
                    if (len > 100_000 && piece < 4096) {
                        continue;
                    }
                    GcmDecryption d = GcmDecryption.of(gcm(nonce), key);
                    assertEquals(GcmDecryption.JdkAesGcm.class, d.getClass());
                    assertArrayEquals(plain, open(d, sealed[0], aad, sealed[1], piece),
                            "length " + len + ", aad " + (aad == null ? "none" : aad.length) + ", pieces of " + piece);
                }
            }
        }
    }

    @Test
    void anyAlteredByteTagOrAdditionalDataIsRefused() throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] plain = bytes(1000);
        byte[] aad = bytes(20);
        byte[][] sealed = sealWithJdk(key, nonce, plain, aad);
        for (int i : new int[]{0, 15, 16, 500, 999}) {
            byte[] ct = sealed[0].clone();
            ct[i] ^= 1;
            assertTampered(() -> open(GcmDecryption.of(gcm(nonce), key), ct, aad, sealed[1], 64));
        }
        byte[] tag = sealed[1].clone();
        tag[15] ^= (byte) 0x80;
        assertTampered(() -> open(GcmDecryption.of(gcm(nonce), key), sealed[0], aad, tag, 64));
        byte[] otherAad = aad.clone();
        otherAad[3] ^= 4;
        assertTampered(() -> open(GcmDecryption.of(gcm(nonce), key), sealed[0], otherAad, sealed[1], 64));
        assertTampered(() -> open(GcmDecryption.of(gcm(nonce), key), sealed[0], null, sealed[1], 64));
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertTampered(() -> open(GcmDecryption.of(gcm(nonce), otherKey), sealed[0], aad, sealed[1], 64));
        assertTampered(() -> open(GcmDecryption.of(gcm(nonce), key), Arrays.copyOf(sealed[0], 999), aad, sealed[1], 64));
    }

    private interface Opening {
        byte[] run() throws Exception;
    }

    private static void assertTampered(Opening o) {
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, o::run);
        assertEquals(EnvelopeRejected.Reason.TAMPERED, e.reason());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
