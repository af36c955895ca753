package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * SM2 key transport of the national suite: the content key is encrypted to the recipient's SM2 public key
 * (GB/T 32918.4, SM3 as hash and KDF) and carried in an ordinary KeyTransRecipientInfo whose keyEncryptionAlgorithm is
 * {@code sm2encrypt} (1.2.156.10197.1.301.3, parameters absent) and whose encryptedKey is the DER {@code SM2Cipher} of
 * GM/T 0009 — the form GM/T 0010 CMS, GmSSL and {@code openssl pkeyutl -decrypt} with an SM2 key all use:
 * <pre>
 * SM2Cipher ::= SEQUENCE { xCoordinate INTEGER, yCoordinate INTEGER, hash OCTET STRING (32), cipherText OCTET STRING }
 * </pre>
 *
 * <p>Why not Bouncy Castle's {@code JceKeyTransRecipientInfoGenerator}: bcpkix 1.87 maps only
 * {@code sm2encrypt_with_sm3} (1.2.156.10197.1.301.3.2.1) to its "SM2/C1C3C2/NoPadding" cipher, which writes the raw
 * concatenation 04‖x‖y‖C3‖C2 rather than the DER SM2Cipher, so neither OpenSSL nor GmSSL could read the key. The
 * arithmetic is Bouncy Castle's lightweight {@link SM2Engine} in C1C3C2 order; only the encoding is done here.
 */
final class Sm2KeyTransport {

    private static final int COORDINATE = 32;
    private static final int HASH = 32;

    private Sm2KeyTransport() {
    }

    static boolean isSm2(X509Certificate certificate) {
        return cn.sunlight.crypto.KeyPairs.isSm2(certificate.getPublicKey());
    }

    /** The RecipientInfo delivering {@code contentKey} to {@code certificate}'s SM2 key, named by issuer and serial. */
    static RecipientInfo recipientInfo(X509Certificate certificate, byte[] contentKey, SecureRandom random)
            throws IOException {
        byte[] encrypted = encrypt(certificate.getPublicKey(), contentKey, random);
        IssuerAndSerialNumber id = new IssuerAndSerialNumber(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()), certificate.getSerialNumber());
        return new RecipientInfo(new KeyTransRecipientInfo(new RecipientIdentifier(id),
                new AlgorithmIdentifier(Oids.SM2_ENCRYPT), new DEROctetString(encrypted)));
    }

    /** Encrypts to an SM2 public key; returns the DER SM2Cipher. */
    static byte[] encrypt(PublicKey key, byte[] plaintext, SecureRandom random) throws IOException {
        AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(key.getEncoded());
        SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(publicKey, random));
        byte[] raw;
        try {
            raw = engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
        // raw = 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2 (uncompressed point C1, then the SM3 check value, then the masked key)
        int c2 = 1 + 2 * COORDINATE + HASH;
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE, 1 + 2 * COORDINATE))));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, 1 + 2 * COORDINATE, c2)));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, c2, raw.length)));
        Arrays.fill(raw, (byte) 0);
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }

    /**
     * Decrypts a DER SM2Cipher with an SM2 private key. The SM3 check value C3 is verified by the engine, so a wrong
     * key or an altered ciphertext is refused rather than yielding a wrong content key.
     *
     * @throws EnvelopeRejected KEY_UNWRAP_FAILED with the reason
     */
    static byte[] decrypt(PrivateKey key, byte[] sm2Cipher) throws EnvelopeRejected {
        byte[] raw = null;
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(sm2Cipher));
            if (s.size() != 4) {
                throw new IllegalArgumentException("SM2Cipher has " + s.size() + " elements, 4 expected");
            }
            byte[] x = unsigned(ASN1Integer.getInstance(s.getObjectAt(0)).getPositiveValue());
            byte[] y = unsigned(ASN1Integer.getInstance(s.getObjectAt(1)).getPositiveValue());
            byte[] hash = ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets();
            byte[] c2 = ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets();
            if (hash.length != HASH || c2.length == 0) {
                throw new IllegalArgumentException("SM2Cipher hash is " + hash.length + " bytes, cipherText "
                        + c2.length);
            }
            raw = new byte[1 + 2 * COORDINATE + HASH + c2.length];
            raw[0] = 0x04;
            System.arraycopy(x, 0, raw, 1, COORDINATE);
            System.arraycopy(y, 0, raw, 1 + COORDINATE, COORDINATE);
            System.arraycopy(hash, 0, raw, 1 + 2 * COORDINATE, HASH);
            System.arraycopy(c2, 0, raw, 1 + 2 * COORDINATE + HASH, c2.length);
            SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
            engine.init(false, PrivateKeyFactory.createKey(key.getEncoded()));
            return engine.processBlock(raw, 0, raw.length);
        } catch (InvalidCipherTextException e) {
            throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED,
                    "SM2 decryption failed (wrong key or altered encryptedKey): " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED,
                    "malformed SM2Cipher or key: " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** A coordinate as exactly 32 big-endian bytes (DER INTEGERs drop leading zeros and may add a sign byte). */
    private static byte[] unsigned(BigInteger value) {
        byte[] b = value.toByteArray();
        if (b.length == COORDINATE) {
            return b;
        }
        if (b.length > COORDINATE + 1 || (b.length == COORDINATE + 1 && b[0] != 0)) {
            throw new IllegalArgumentException("SM2Cipher coordinate is too large");
        }
        byte[] out = new byte[COORDINATE];
        int n = Math.min(b.length, COORDINATE);
        System.arraycopy(b, b.length - n, out, COORDINATE - n, n);
        return out;
    }
}
