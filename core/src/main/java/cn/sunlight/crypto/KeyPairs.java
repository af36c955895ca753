package cn.sunlight.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Key pair generation (JDK providers; Bouncy Castle for SM2, which the JDK lacks) and classification of public keys by
 * their encoded algorithm.
 */
public final class KeyPairs {

    /** Key types the platform CA certifies. */
    public enum Type {
        RSA, EC_P256, ED25519,
        /** An EC key on sm2p256v1 (GB/T 32918, GM/T 0006 OID 1.2.156.10197.1.301): the national suite. */
        SM2
    }

    private KeyPairs() {
    }

    /** A new ECDSA/ECDH key pair on NIST P-256 (secp256r1). */
    public static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation unavailable", e);
        }
    }

    /**
     * A new SM2 key pair (curve sm2p256v1) from Bouncy Castle. Its encoding is an ordinary id-ecPublicKey
     * SubjectPublicKeyInfo naming the SM2 curve, which OpenSSL 3 reads as an SM2 key.
     */
    public static KeyPair sm2() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
            generator.initialize(new ECGenParameterSpec("sm2p256v1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM2 key generation unavailable", e);
        }
    }

    /** Whether {@code key} is an SM2 key (the national suite's). */
    public static boolean isSm2(PublicKey key) {
        try {
            return typeOf(key) == Type.SM2;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code key} is an SM2 private key (judged from its PKCS#8 algorithm parameters). */
    public static boolean isSm2(java.security.PrivateKey key) {
        try {
            byte[] encoded = key.getEncoded();
            return encoded != null && GMObjectIdentifiers.sm2p256v1.equals(org.bouncycastle.asn1.pkcs.PrivateKeyInfo
                    .getInstance(encoded).getPrivateKeyAlgorithm().getParameters());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A new RSA key pair of {@code bits} bits (3072 for opening keys), public exponent 65537. */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /**
     * The type of {@code key}, judged from its SubjectPublicKeyInfo (so keys from any provider are classified alike).
     *
     * @throws IllegalArgumentException for other algorithms and other EC curves
     */
    public static Type typeOf(PublicKey key) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("public key cannot be encoded", e);
        }
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return Type.RSA;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
                return Type.EC_P256;
            }
            if (GMObjectIdentifiers.sm2p256v1.equals(algorithm.getParameters())) {
                return Type.SM2;
            }
            throw new IllegalArgumentException("only the P-256 and SM2 curves are supported for EC keys");
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Type.ED25519;
        }
        throw new IllegalArgumentException("unsupported public key algorithm " + oid);
    }

    /** Bit length of an RSA key's modulus. */
    static int rsaBits(PublicKey key) {
        if (typeOf(key) != Type.RSA) {
            throw new IllegalArgumentException("not an RSA key");
        }
        try {
            return org.bouncycastle.asn1.pkcs.RSAPublicKey
                    .getInstance(SubjectPublicKeyInfo.getInstance(key.getEncoded()).parsePublicKey())
                    .getModulus().bitLength();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed RSA public key", e);
        }
    }
}
