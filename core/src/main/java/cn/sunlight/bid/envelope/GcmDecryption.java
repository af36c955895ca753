package cn.sunlight.bid.envelope;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMExponentiator;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;
import org.bouncycastle.crypto.modes.gcm.Tables64kGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Streaming GCM decryption of a sealed bid: plaintext comes out as the ciphertext goes in (the caller keeps it in
 * quarantine), and {@link #finish} checks the tag over everything, including authenticated attributes that CMS
 * AuthEnvelopedData places after the ciphertext.
 *
 * <p>Two implementations. AES uses the JDK's AES-CTR for the bulk (AES-NI) and Bouncy Castle's table-driven GHASH for
 * the tag — the JDK's own AES-GCM decryption holds the whole ciphertext in memory until it has checked the tag, and
 * Bouncy Castle's AES engine is an order of magnitude slower than the JDK's. SM4 (the national suite) uses Bouncy
 * Castle's GCM over its SM4 engine, the only SM4 at hand.
 */
interface GcmDecryption {

    /** Decrypts {@code len} bytes into {@code out} from offset 0 and returns how many plaintext bytes it wrote. */
    int update(byte[] in, int off, int len, byte[] out) throws EnvelopeRejected;

    /** Checks the tag (after any late authenticated data) and writes what plaintext is left into {@code out}. */
    int finish(byte[] aad, byte[] tag, byte[] out) throws EnvelopeRejected;

    static GcmDecryption of(SuitePolicy.Gcm gcm, byte[] key) throws EnvelopeRejected {
        return gcm.sm4() ? new BouncyCastleGcm(gcm, key) : new JdkAesGcm(key, gcm.nonce(), gcm.tagLength());
    }

    /** Bouncy Castle's GCM over its SM4 engine (it folds late additional data in at doFinal). */
    final class BouncyCastleGcm implements GcmDecryption {
        private final GCMModeCipher cipher;

        BouncyCastleGcm(SuitePolicy.Gcm gcm, byte[] key) {
            cipher = GCMBlockCipher.newInstance(new SM4Engine());
            cipher.init(false, new AEADParameters(new KeyParameter(key), gcm.tagLength() * 8, gcm.nonce()));
        }

        @Override
        public int update(byte[] in, int off, int len, byte[] out) {
            return cipher.processBytes(in, off, len, out, 0);
        }

        @Override
        public int finish(byte[] aad, byte[] tag, byte[] out) throws EnvelopeRejected {
            if (aad != null) {
                cipher.processAADBytes(aad, 0, aad.length);
            }
            int m = cipher.processBytes(tag, 0, tag.length, out, 0);
            try {
                return m + cipher.doFinal(out, m);
            } catch (InvalidCipherTextException e) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.TAMPERED, e.getMessage(), e);
            }
        }
    }

    /**
     * NIST SP 800-38D with a 96-bit IV: J0 = IV ‖ 0^31 ‖ 1; the ciphertext is AES-CTR from inc32(J0); the tag is
     * E(K, J0) ⊕ GHASH_H(A ‖ C ‖ len(A) ‖ len(C)), H = E(K, 0^128). The JDK's CTR increments all 128 counter bits and
     * GCM only the low 32: they agree while the low word does not wrap, i.e. below 2^32 − 2 blocks (64 GiB), far above
     * the largest bid; longer input is refused. GHASH is linear, so additional data that arrives after the ciphertext
     * is folded in as GHASH(A)·H^n ⊕ GHASH(C).
     */
    final class JdkAesGcm implements GcmDecryption {
        private static final long MAX_BLOCKS = (1L << 32) - 2;

        private final Cipher ctr;
        private final Tables64kGCMMultiplier ghash = new Tables64kGCMMultiplier();
        private final byte[] h;
        private final byte[] encryptedJ0;
        private final int tagLength;
        private final byte[] x = new byte[16];
        private final byte[] partial = new byte[16];
        private int partialLength;
        private long ciphertextLength;

        JdkAesGcm(byte[] key, byte[] nonce, int tagLength) throws EnvelopeRejected {
            if (nonce.length != 12) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.WRONG_ALGORITHM, "GCM nonce must be 12 bytes");
            }
            this.tagLength = tagLength;
            try {
                SecretKeySpec k = new SecretKeySpec(key, "AES");
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, k);
                h = ecb.doFinal(new byte[16]);
                byte[] j0 = Arrays.copyOf(nonce, 16);
                j0[15] = 1;
                encryptedJ0 = ecb.doFinal(j0);
                byte[] counter = j0.clone();
                counter[15] = 2; // inc32(J0)
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
                ctr.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(counter));
            } catch (GeneralSecurityException e) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED, "AES key: " + e.getMessage(), e);
            }
            ghash.init(h);
        }

        @Override
        public int update(byte[] in, int off, int len, byte[] out) throws EnvelopeRejected {
            ciphertextLength += len;
            if ((ciphertextLength + 15) / 16 > MAX_BLOCKS) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.MALFORMED, "GCM ciphertext longer than 2^32 - 2 blocks");
            }
            absorb(in, off, len);
            try {
                return ctr.update(in, off, len, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR", e);
            }
        }

        /** Feeds ciphertext to GHASH in whole blocks, keeping a trailing partial block for later. */
        private void absorb(byte[] in, int off, int len) {
            int end = off + len;
            if (partialLength > 0) {
                int take = Math.min(16 - partialLength, len);
                System.arraycopy(in, off, partial, partialLength, take);
                partialLength += take;
                off += take;
                if (partialLength < 16) {
                    return;
                }
                block(partial, 0);
                partialLength = 0;
            }
            for (; off + 16 <= end; off += 16) {
                block(in, off);
            }
            if (off < end) {
                partialLength = end - off;
                System.arraycopy(in, off, partial, 0, partialLength);
            }
        }

        private void block(byte[] b, int off) {
            for (int i = 0; i < 16; i++) {
                x[i] ^= b[off + i];
            }
            ghash.multiplyH(x);
        }

        @Override
        public int finish(byte[] aad, byte[] tag, byte[] out) throws EnvelopeRejected {
            int written;
            try {
                written = ctr.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR", e);
            }
            if (partialLength > 0) {
                Arrays.fill(partial, partialLength, 16, (byte) 0);
                block(partial, 0);
                partialLength = 0;
            }
            byte[] s = x.clone();
            long aadLength = aad == null ? 0 : aad.length;
            if (aadLength > 0) {
                // GHASH(A ‖ C) = GHASH(A)·H^n ⊕ GHASH(C), n = number of ciphertext blocks
                byte[] a = new byte[16];
                for (int off = 0; off < aad.length; off += 16) {
                    int n = Math.min(16, aad.length - off);
                    for (int i = 0; i < n; i++) {
                        a[i] ^= aad[off + i];
                    }
                    ghash.multiplyH(a);
                }
                long blocks = (ciphertextLength + 15) / 16;
                if (blocks > 0) {
                    BasicGCMExponentiator exp = new BasicGCMExponentiator();
                    exp.init(h);
                    byte[] hn = new byte[16];
                    exp.exponentiateX(blocks, hn);
                    GCMUtil.multiply(a, hn);
                }
                for (int i = 0; i < 16; i++) {
                    s[i] ^= a[i];
                }
            }
            byte[] lengths = new byte[16];
            putLong(lengths, 0, aadLength * 8);
            putLong(lengths, 8, ciphertextLength * 8);
            for (int i = 0; i < 16; i++) {
                s[i] ^= lengths[i];
            }
            ghash.multiplyH(s);
            for (int i = 0; i < 16; i++) {
                s[i] ^= encryptedJ0[i];
            }
            boolean ok = tag.length == tagLength && MessageDigest.isEqual(Arrays.copyOf(s, tagLength), tag);
            Arrays.fill(s, (byte) 0);
            Arrays.fill(x, (byte) 0);
            if (!ok) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.TAMPERED, "mac check in GCM failed");
            }
            return written;
        }

        private static void putLong(byte[] b, int off, long v) {
            for (int i = 7; i >= 0; i--) {
                b[off + i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
