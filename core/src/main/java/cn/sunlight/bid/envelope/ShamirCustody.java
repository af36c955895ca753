package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;
import org.bouncycastle.crypto.threshold.SplitSecret;

/**
 * Opening-key custody (docs/crypto.md, "Opening key custody"): the tender's opening private key is split k-of-n with
 * Bouncy Castle's {@link ShamirSecretSplitter} ({@code resplit} over the key's PKCS#8 encoding, GF(2^8) per byte),
 * each share is sealed to one custodian, and after the deadline k released shares rebuild the key, which is checked
 * against the opening certificate before use.
 *
 * <p><b>Share format.</b> Each {@link Share} keeps its index (the x-coordinate; Bouncy Castle numbers shares 1..n
 * in the order it returns them) with it, plus what is needed to refuse wrong combinations early: the split id
 * (random per split — shares of two different splits of the same key never mix), the key id (SHA-256 of the
 * certificate's SubjectPublicKeyInfo), the key algorithm, k and n. Encoded as DER:
 * <pre>
 * CustodyShare ::= SEQUENCE { version INTEGER (1), splitId OCTET STRING, keyId OCTET STRING,
 *                             keyAlgorithm UTF8String, threshold INTEGER, total INTEGER, index INTEGER,
 *                             value OCTET STRING }
 * </pre>
 * The metadata is not secret and not authenticated by the sharing itself; what protects the result is the final
 * check against the certificate ({@link #matches}): a wrong, forged or missing share yields bytes that are not the
 * key.
 *
 * <p><b>Encryption to custodians.</b> A share is sealed as a small CMS AuthEnvelopedData (the same format and code as
 * a sealed bid: AES-256-GCM, RSA-OAEP-SHA256 or ECDH P-256 + AES-256 wrap) to the custodian's certificate, so a
 * custodian can also recover it with {@code openssl cms -decrypt}.
 *
 * <p><b>Wiping.</b> Byte arrays this class creates for secrets (the PKCS#8 encoding, share encodings, the rebuilt
 * secret) are zeroed after use, and {@link Share#wipe()} zeroes a share. Java cannot guarantee more: the JDK's
 * {@code PrivateKey} objects cannot be destroyed and Bouncy Castle's splitter keeps internal copies until garbage
 * collection. Callers should drop references to keys and shares promptly.
 */
public final class ShamirCustody {

    private static final int SHARE_FORMAT_VERSION = 1;

    private final SecureRandom random;

    public ShamirCustody() {
        this(new SecureRandom());
    }

    public ShamirCustody(SecureRandom random) {
        cn.sunlight.crypto.CryptoProviders.bouncyCastle();
        this.random = random;
    }

    /**
     * One custodian's share.
     *
     * @param splitId      hex, identical for all shares of one split
     * @param keyId        hex SHA-256 of the certificate's SubjectPublicKeyInfo
     * @param keyAlgorithm JCA key algorithm of the split key ("RSA", "EC"; an SM2 key is "EC" on sm2p256v1)
     * @param threshold    k
     * @param total        n
     * @param index        this share's x-coordinate, 1..n
     * @param value        the share bytes (secret)
     */
    public record Share(String splitId, String keyId, String keyAlgorithm, int threshold, int total, int index,
                        byte[] value) {

        public Share {
            Objects.requireNonNull(splitId);
            Objects.requireNonNull(keyId);
            Objects.requireNonNull(keyAlgorithm);
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Zeroes the share value held by this object. */
        public void wipe() {
            Arrays.fill(value, (byte) 0);
        }

        /** DER encoding (contains the secret value: zero it after use). */
        public byte[] encoded() {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(SHARE_FORMAT_VERSION));
            v.add(new DEROctetString(HexFormat.of().parseHex(splitId)));
            v.add(new DEROctetString(HexFormat.of().parseHex(keyId)));
            v.add(new DERUTF8String(keyAlgorithm));
            v.add(new ASN1Integer(threshold));
            v.add(new ASN1Integer(total));
            v.add(new ASN1Integer(index));
            v.add(new DEROctetString(value));
            try {
                return new DERSequence(v).getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Share decode(byte[] encoded) throws CustodyException {
            try {
                ASN1Sequence s = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(encoded));
                if (s.size() != 8 || !ASN1Integer.getInstance(s.getObjectAt(0)).hasValue(SHARE_FORMAT_VERSION)) {
                    throw new CustodyException("not a version-1 custody share");
                }
                byte[] value = ASN1OctetString.getInstance(s.getObjectAt(7)).getOctets();
                Share share = new Share(
                        HexFormat.of().formatHex(ASN1OctetString.getInstance(s.getObjectAt(1)).getOctets()),
                        HexFormat.of().formatHex(ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets()),
                        ASN1UTF8String.getInstance(s.getObjectAt(3)).getString(),
                        ASN1Integer.getInstance(s.getObjectAt(4)).intValueExact(),
                        ASN1Integer.getInstance(s.getObjectAt(5)).intValueExact(),
                        ASN1Integer.getInstance(s.getObjectAt(6)).intValueExact(),
                        value);
                Arrays.fill(value, (byte) 0);
                return share;
            } catch (IOException | RuntimeException e) {
                throw new CustodyException("malformed custody share: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Share s && splitId.equals(s.splitId) && keyId.equals(s.keyId)
                    && keyAlgorithm.equals(s.keyAlgorithm) && threshold == s.threshold && total == s.total
                    && index == s.index && MessageDigest.isEqual(value, s.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(splitId, keyId, index);
        }

        /** Never prints the value. */
        @Override
        public String toString() {
            return "Share[split=" + splitId + ", key=" + keyId + ", " + keyAlgorithm + ", " + index + " of "
                    + total + " (threshold " + threshold + "), value=<redacted>]";
        }
    }

    /**
     * Splits {@code key} (which must belong to {@code certificate}) into {@code total} shares, any
     * {@code threshold} of which rebuild it. The caller should then seal each share to its custodian
     * ({@link #sealShare}), wipe the shares and discard the key.
     */
    public List<Share> split(PrivateKey key, X509Certificate certificate, int threshold, int total)
            throws GeneralSecurityException {
        if (threshold < 2 || threshold > total || total > 255) {
            throw new IllegalArgumentException("need 2 <= k <= n <= 255, got k=" + threshold + ", n=" + total);
        }
        if (!matches(key, certificate)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate");
        }
        byte[] secret = key.getEncoded();
        if (secret == null) {
            throw new IllegalArgumentException("the private key is not extractable");
        }
        String splitId = HexFormat.of().formatHex(randomBytes(16));
        String keyId = keyId(certificate);
        try {
            ShamirSecretSplitter splitter = new ShamirSecretSplitter(ShamirSecretSplitter.Algorithm.AES,
                    ShamirSecretSplitter.Mode.Table, secret.length, random);
            SplitSecret split = splitter.resplit(secret, threshold, total);
            List<Share> shares = new ArrayList<>(total);
            org.bouncycastle.crypto.threshold.SecretShare[] parts = split.getSecretShares();
            for (int i = 0; i < parts.length; i++) {
                byte[] value = parts[i].getEncoded();
                // Bouncy Castle evaluates share i at x = i + 1 (ShamirSplitSecretShare's index).
                shares.add(new Share(splitId, keyId, key.getAlgorithm(), threshold, total, i + 1, value));
                Arrays.fill(value, (byte) 0);
            }
            return List.copyOf(shares);
        } catch (IOException e) {
            throw new GeneralSecurityException("splitting failed", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Rebuilds the private key from at least k consistent shares. Does not prove the key is right: use
     * {@link #recombine(List, X509Certificate)} for that (or {@link #matches}).
     *
     * @throws CustodyException fewer than k shares, shares from different splits/keys, duplicate or out-of-range
     *                          indexes, or bytes that do not form a private key (a wrong share)
     */
    public PrivateKey recombine(List<Share> shares) throws CustodyException {
        if (shares.isEmpty()) {
            throw new CustodyException("no shares");
        }
        Share first = shares.get(0);
        Set<Integer> indexes = new HashSet<>();
        for (Share s : shares) {
            if (!s.splitId().equals(first.splitId()) || !s.keyId().equals(first.keyId())
                    || !s.keyAlgorithm().equals(first.keyAlgorithm()) || s.threshold() != first.threshold()
                    || s.total() != first.total() || s.value.length != first.value.length) {
                throw new CustodyException("shares come from different splits (" + first + " / " + s + ")");
            }
            if (s.index() < 1 || s.index() > s.total() || !indexes.add(s.index())) {
                throw new CustodyException("bad or duplicate share index " + s.index());
            }
        }
        if (shares.size() < first.threshold()) {
            throw new CustodyException("need " + first.threshold() + " shares, got " + shares.size());
        }
        ShamirSplitSecretShare[] parts = new ShamirSplitSecretShare[shares.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new ShamirSplitSecretShare(shares.get(i).value, shares.get(i).index());
        }
        byte[] secret = null;
        try {
            secret = new ShamirSplitSecret(ShamirSecretSplitter.Algorithm.AES, ShamirSecretSplitter.Mode.Table, parts)
                    .getSecret();
            return privateKey(first.keyAlgorithm(), secret);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CustodyException("the shares do not rebuild a valid " + first.keyAlgorithm()
                    + " private key (a share is wrong)", e);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    /**
     * The JDK's key factory first; Bouncy Castle's for what the JDK cannot represent (an SM2 opening key is an "EC"
     * key on the sm2p256v1 curve, which SunEC does not know).
     */
    private static PrivateKey privateKey(String algorithm, byte[] pkcs8) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException jdkFailure) {
            return KeyFactory.getInstance(algorithm, cn.sunlight.crypto.CryptoProviders.bouncyCastle())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
    }

    /**
     * Rebuilds the key and proves it is the private key of {@code certificate} (see {@link #matches}).
     *
     * @throws CustodyException as {@link #recombine(List)}, or the shares are for another key, or the rebuilt
     *                          key does not match the certificate (a wrong share)
     */
    public PrivateKey recombine(List<Share> shares, X509Certificate certificate) throws CustodyException {
        if (!shares.isEmpty() && !shares.get(0).keyId().equals(keyId(certificate))) {
            throw new CustodyException("the shares are for another key than " + certificate.getSubjectX500Principal());
        }
        PrivateKey key = recombine(shares);
        if (!matches(key, certificate)) {
            throw new CustodyException("the rebuilt key does not match the certificate (a share is wrong)");
        }
        return key;
    }

    /**
     * Best-effort destruction of a whole opening key once it has been split or used: JDK RSA keys do not
     * implement destroy(), so for them this only documents intent; the caller must drop its reference.
     */
    public static void destroyQuietly(PrivateKey key) {
        try {
            key.destroy();
        } catch (javax.security.auth.DestroyFailedException | UnsupportedOperationException ignored) {
            // not destroyable by this provider
        }
    }

    /**
     * Whether {@code key} is the private key for {@code certificate}: a fresh signature by the key verifies under
     * the certificate's public key and, for RSA CRT keys, every CRT component is consistent with the public modulus
     * and exponent (a corrupted private exponent would otherwise go unnoticed because signing uses only the CRT
     * values).
     */
    public static boolean matches(PrivateKey key, X509Certificate certificate) {
        PublicKey pub = certificate.getPublicKey();
        try {
            if (pub instanceof RSAPublicKey rsa) {
                if (!(key instanceof RSAPrivateKey rk) || !rk.getModulus().equals(rsa.getModulus())) {
                    return false;
                }
                if (key instanceof RSAPrivateCrtKey crt && !crtConsistent(crt, rsa)) {
                    return false;
                }
                return signs(key, pub, "SHA256withRSA");
            }
            if (cn.sunlight.crypto.KeyPairs.isSm2(pub)) {
                // national suite: the opening key proves itself with an SM3withSM2 signature (Bouncy Castle)
                return cn.sunlight.crypto.KeyPairs.isSm2(key) && signs(key, pub, "SM3withSM2",
                        cn.sunlight.crypto.CryptoProviders.bouncyCastle());
            }
            if ("EC".equals(pub.getAlgorithm())) {
                return "EC".equals(key.getAlgorithm()) && signs(key, pub, "SHA256withECDSA");
            }
            if ("Ed25519".equals(pub.getAlgorithm()) || "EdDSA".equals(pub.getAlgorithm())) {
                return signs(key, pub, "Ed25519");
            }
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Seals a share to its custodian (CMS AuthEnvelopedData, see the class comment). */
    public byte[] sealShare(Share share, X509Certificate custodian) throws IOException, GeneralSecurityException {
        byte[] encoded = share.encoded();
        try {
            return new EnvelopeSealer(random).seal(encoded, List.of(custodian));
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** A custodian opens its sealed share (the GCM tag is verified before anything is decoded). */
    public Share openShare(byte[] sealedShare, PrivateKey custodianKey, X509Certificate custodianCertificate)
            throws EnvelopeRejected, IOException, CustodyException {
        byte[] encoded = new EnvelopeOpener().openInMemory(sealedShare, custodianKey, custodianCertificate);
        try {
            return Share.decode(encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** Hex SHA-256 of the certificate's SubjectPublicKeyInfo. */
    public static String keyId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean crtConsistent(RSAPrivateCrtKey k, RSAPublicKey pub) {
        BigInteger n = pub.getModulus();
        BigInteger e = pub.getPublicExponent();
        BigInteger p = k.getPrimeP();
        BigInteger q = k.getPrimeQ();
        BigInteger d = k.getPrivateExponent();
        if (p == null || q == null || p.signum() <= 0 || q.signum() <= 0) {
            return false;
        }
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        return e.equals(k.getPublicExponent())
                && p.multiply(q).equals(n)
                && e.multiply(d).mod(p1).equals(BigInteger.ONE)
                && e.multiply(d).mod(q1).equals(BigInteger.ONE)
                && d.mod(p1).equals(k.getPrimeExponentP())
                && d.mod(q1).equals(k.getPrimeExponentQ())
                && k.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
    }

    private static boolean signs(PrivateKey key, PublicKey pub, String algorithm) throws GeneralSecurityException {
        return signs(key, pub, algorithm, null);
    }

    private static boolean signs(PrivateKey key, PublicKey pub, String algorithm, java.security.Provider provider)
            throws GeneralSecurityException {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        verifier.initVerify(pub);
        verifier.update(challenge);
        return verifier.verify(signature);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
