package cn.sunlight.bid.envelope;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Object identifiers used by the sealed-bid format (RFC 5652, 5083, 5084, 5753, 8017, 3394; for the national suite
 * GM/T 0006: SM4 modes under 1.2.156.10197.1.104, SM2 under 1.2.156.10197.1.301).
 */
final class Oids {
    private Oids() {
    }

    static final ASN1ObjectIdentifier PKCS7 = new ASN1ObjectIdentifier("1.2.840.113549.1.7");
    static final ASN1ObjectIdentifier SMIME_CT = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.1");
    static final ASN1ObjectIdentifier DATA = PKCS7.branch("1");
    static final ASN1ObjectIdentifier ENVELOPED_DATA = PKCS7.branch("3");
    static final ASN1ObjectIdentifier AUTH_ENVELOPED_DATA = SMIME_CT.branch("23");

    static final ASN1ObjectIdentifier AES128_GCM = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.1.6");
    static final ASN1ObjectIdentifier AES192_GCM = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.1.26");
    static final ASN1ObjectIdentifier AES256_GCM = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.1.46");
    static final ASN1ObjectIdentifier AES256_WRAP = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.1.45");

    static final ASN1ObjectIdentifier RSA_ENCRYPTION = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");
    static final ASN1ObjectIdentifier RSAES_OAEP = new ASN1ObjectIdentifier("1.2.840.113549.1.1.7");
    static final ASN1ObjectIdentifier MGF1 = new ASN1ObjectIdentifier("1.2.840.113549.1.1.8");
    static final ASN1ObjectIdentifier SHA1 = new ASN1ObjectIdentifier("1.3.14.3.2.26");
    static final ASN1ObjectIdentifier SHA256 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1");
    static final ASN1ObjectIdentifier SHA384 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.2");
    static final ASN1ObjectIdentifier SHA512 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.3");

    /** dhSinglePass-stdDH-sha{256,384,512}kdf-scheme and the cofactor variants (RFC 5753 / SEC 1). */
    static final ASN1ObjectIdentifier ECDH_STD_SHA256KDF = new ASN1ObjectIdentifier("1.3.132.1.11.1");
    static final ASN1ObjectIdentifier ECDH_STD_SHA384KDF = new ASN1ObjectIdentifier("1.3.132.1.11.2");
    static final ASN1ObjectIdentifier ECDH_STD_SHA512KDF = new ASN1ObjectIdentifier("1.3.132.1.11.3");
    static final ASN1ObjectIdentifier ECDH_COFACTOR_SHA256KDF = new ASN1ObjectIdentifier("1.3.132.1.14.1");
    static final ASN1ObjectIdentifier ECDH_COFACTOR_SHA384KDF = new ASN1ObjectIdentifier("1.3.132.1.14.2");
    static final ASN1ObjectIdentifier ECDH_COFACTOR_SHA512KDF = new ASN1ObjectIdentifier("1.3.132.1.14.3");

    static final ASN1ObjectIdentifier SECP256R1 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");

    /** SM4 in GCM mode; parameters GCMParameters as for AES-GCM (RFC 5084). */
    static final ASN1ObjectIdentifier SM4_GCM = new ASN1ObjectIdentifier("1.2.156.10197.1.104.8");
    /** SM2 public-key encryption (SM2-3), the key transport of GM/T 0010 CMS: encryptedKey is a DER SM2Cipher. */
    static final ASN1ObjectIdentifier SM2_ENCRYPT = new ASN1ObjectIdentifier("1.2.156.10197.1.301.3");

    static String name(ASN1ObjectIdentifier oid) {
        if (oid == null) {
            return "null";
        }
        String id = oid.getId();
        return switch (id) {
            case "1.2.840.113549.1.7.1" -> "data";
            case "1.2.840.113549.1.7.2" -> "signedData";
            case "1.2.840.113549.1.7.3" -> "envelopedData";
            case "1.2.840.113549.1.7.6" -> "encryptedData";
            case "1.2.840.113549.1.9.16.1.2" -> "authenticatedData";
            case "1.2.840.113549.1.9.16.1.23" -> "authEnvelopedData";
            case "2.16.840.1.101.3.4.1.6" -> "aes128-GCM";
            case "2.16.840.1.101.3.4.1.26" -> "aes192-GCM";
            case "2.16.840.1.101.3.4.1.46" -> "aes256-GCM";
            case "2.16.840.1.101.3.4.1.2" -> "aes128-CBC";
            case "2.16.840.1.101.3.4.1.22" -> "aes192-CBC";
            case "2.16.840.1.101.3.4.1.42" -> "aes256-CBC";
            case "2.16.840.1.101.3.4.1.45" -> "aes256-wrap";
            case "1.2.840.113549.1.9.16.3.18" -> "chacha20-poly1305";
            case "1.2.156.10197.1.104.8" -> "sm4-GCM";
            case "1.2.156.10197.1.104.2" -> "sm4-CBC";
            case "1.2.156.10197.1.301.3" -> "sm2encrypt";
            case "1.2.840.113549.1.1.1" -> "rsaEncryption (PKCS#1 v1.5)";
            case "1.2.840.113549.1.1.7" -> "RSAES-OAEP";
            case "1.3.132.1.11.1" -> "dhSinglePass-stdDH-sha256kdf";
            case "1.3.132.1.14.1" -> "dhSinglePass-cofactorDH-sha256kdf";
            default -> id;
        };
    }
}
