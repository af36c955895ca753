package cn.sunlight.support;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Opens a national-suite sealed bid with OpenSSL 3.0's primitives only — the independent check of the SM2 / SM4-GCM
 * format. OpenSSL 3.0 has no SM2 CMS and no SM4-GCM cipher, so the envelope is taken apart (a DER parse for the
 * offsets; no cryptography from Bouncy Castle) and each piece goes to the OpenSSL command line:
 * <ul>
 *   <li>the content key: {@code openssl pkeyutl -decrypt -inkey sm2-key.pem} on the recipient's encryptedKey (a DER
 *       SM2Cipher, GM/T 0009 C1C3C2 — OpenSSL's own format);</li>
 *   <li>the content: GCM encryption is CTR mode from inc32(J0), J0 = nonce ‖ 00000001, so
 *       {@code openssl enc -d -sm4-ctr -iv nonce‖00000002} yields the plaintext;</li>
 *   <li>the tag: T = GHASH_H(C) ⊕ E_K(J0) (NIST SP 800-38D), with H = E_K(0¹²⁸) and E_K(J0) from
 *       {@code openssl enc -sm4-ecb}, and GHASH written out here from the specification, so the tag is checked
 *       without Bouncy Castle's GCM.</li>
 * </ul>
 */
public final class NationalOpenssl {

    private NationalOpenssl() {
    }

    /** One key-transport recipient: who it names and its encryptedKey. */
    public record Recipient(BigInteger serial, String keyEncryptionAlgorithm, byte[] encryptedKey) {
    }

    /** The pieces of a DER ContentInfo(AuthEnvelopedData). */
    public record Parts(List<Recipient> recipients, String contentAlgorithm, byte[] nonce, int tagLength,
                        byte[] ciphertext, byte[] mac) {
        public Recipient recipientFor(X509Certificate cert) {
            return recipients.stream().filter(r -> r.serial().equals(cert.getSerialNumber())).findFirst()
                    .orElseThrow(() -> new AssertionError("no recipient for serial " + cert.getSerialNumber().toString(16)));
        }
    }

    public static Parts parse(byte[] envelope) throws IOException {
        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(envelope));
        assertEquals("1.2.840.113549.1.9.16.1.23", ci.getContentType().getId(), "AuthEnvelopedData");
        AuthEnvelopedData aed = AuthEnvelopedData.getInstance(ci.getContent());
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < aed.getRecipientInfos().size(); i++) {
            RecipientInfo ri = RecipientInfo.getInstance(aed.getRecipientInfos().getObjectAt(i));
            KeyTransRecipientInfo ktri = KeyTransRecipientInfo.getInstance(ri.getInfo());
            IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(ktri.getRecipientIdentifier().getId());
            recipients.add(new Recipient(ias.getSerialNumber().getValue(), ktri.getKeyEncryptionAlgorithm().getAlgorithm().getId(),
                    ktri.getEncryptedKey().getOctets()));
        }
        var eci = aed.getAuthEncryptedContentInfo();
        GCMParameters gcm = GCMParameters.getInstance(eci.getContentEncryptionAlgorithm().getParameters());
        return new Parts(recipients, eci.getContentEncryptionAlgorithm().getAlgorithm().getId(), gcm.getNonce(), gcm.getIcvLen(),
                eci.getEncryptedContent().getOctets(), aed.getMac().getOctets());
    }

    /** {@code openssl pkeyutl -decrypt} of a DER SM2Cipher with an SM2 private key (PKCS#8 PEM). */
    public static byte[] sm2Decrypt(Path dir, byte[] encryptedKey, String privateKeyPem) throws Exception {
        Files.writeString(dir.resolve("sm2-key.pem"), privateKeyPem);
        Files.write(dir.resolve("ek.der"), encryptedKey);
        Shell.ok(dir, "openssl", "pkeyutl", "-decrypt", "-inkey", "sm2-key.pem", "-in", "ek.der", "-out", "cek.bin");
        return Files.readAllBytes(dir.resolve("cek.bin"));
    }

    /**
     * Decrypts SM4-GCM with OpenSSL and checks the tag as described in the class comment; throws AssertionError if
     * the tag does not match (altered ciphertext or wrong key).
     */
    public static byte[] sm4GcmDecrypt(Path dir, byte[] key, byte[] nonce, byte[] ciphertext, byte[] mac) throws Exception {
        if (nonce.length != 12) {
            throw new AssertionError("a 12-byte nonce is expected, got " + nonce.length);
        }
        String k = HexFormat.of().formatHex(key);
        Files.write(dir.resolve("c.bin"), ciphertext);
        Shell.ok(dir, "openssl", "enc", "-d", "-sm4-ctr", "-K", k, "-iv", HexFormat.of().formatHex(counter(nonce, 2)),
                "-in", "c.bin", "-out", "p.bin");
        byte[] plaintext = Files.readAllBytes(dir.resolve("p.bin"));
        byte[] h = sm4Block(dir, k, new byte[16]);
        byte[] ej0 = sm4Block(dir, k, counter(nonce, 1));
        byte[] tag = ghash(h, ciphertext);
        for (int i = 0; i < 16; i++) {
            tag[i] ^= ej0[i];
        }
        if (!Arrays.equals(Arrays.copyOf(tag, mac.length), mac)) {
            throw new AssertionError("SM4-GCM tag mismatch: computed " + HexFormat.of().formatHex(tag) + ", envelope has "
                    + HexFormat.of().formatHex(mac));
        }
        return plaintext;
    }

    private static byte[] counter(byte[] nonce, int n) {
        byte[] block = Arrays.copyOf(nonce, 16);
        block[15] = (byte) n;
        return block;
    }

    private static byte[] sm4Block(Path dir, String key, byte[] block) throws Exception {
        Files.write(dir.resolve("block.bin"), block);
        Shell.ok(dir, "openssl", "enc", "-e", "-sm4-ecb", "-nopad", "-K", key, "-in", "block.bin", "-out", "block.enc");
        return Files.readAllBytes(dir.resolve("block.enc"));
    }

    /** GHASH_H over C (no additional data) and the length block, per SP 800-38D §6.4 and Algorithm 1. */
    public static byte[] ghash(byte[] h, byte[] c) {
        long hh = toLong(h, 0);
        long hl = toLong(h, 8);
        long xh = 0;
        long xl = 0;
        byte[] block = new byte[16];
        for (int off = 0; off < c.length; off += 16) {
            Arrays.fill(block, (byte) 0);
            System.arraycopy(c, off, block, 0, Math.min(16, c.length - off));
            long[] z = multiply(xh ^ toLong(block, 0), xl ^ toLong(block, 8), hh, hl);
            xh = z[0];
            xl = z[1];
        }
        long[] z = multiply(xh, xl ^ ((long) c.length * 8), hh, hl); // [len(A)=0]64 ‖ [len(C)]64
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (z[0] >>> (56 - 8 * i));
            out[8 + i] = (byte) (z[1] >>> (56 - 8 * i));
        }
        return out;
    }

    /** X · Y in GF(2^128) with GCM's bit order (bit 0 is the most significant bit of byte 0), R = 11100001 ‖ 0^120. */
    private static long[] multiply(long xh, long xl, long yh, long yl) {
        long zh = 0;
        long zl = 0;
        long vh = yh;
        long vl = yl;
        for (int i = 0; i < 128; i++) {
            long bit = i < 64 ? (xh >>> (63 - i)) & 1 : (xl >>> (127 - i)) & 1;
            if (bit == 1) {
                zh ^= vh;
                zl ^= vl;
            }
            boolean lsb = (vl & 1) == 1;
            vl = (vl >>> 1) | (vh << 63);
            vh = vh >>> 1;
            if (lsb) {
                vh ^= 0xE100000000000000L;
            }
        }
        return new long[]{zh, zl};
    }

    private static long toLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
