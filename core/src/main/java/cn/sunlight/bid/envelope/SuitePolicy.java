package cn.sunlight.bid.envelope;

import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.MALFORMED;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.WRONG_ALGORITHM;

import java.util.Map;
import java.util.Set;

import cn.sunlight.tender.CryptoSuite;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The algorithm suites of docs/crypto.md, as the sealed-bid format uses them. Both are CMS AuthEnvelopedData with a
 * GCM content cipher (12-byte nonce, 16-byte tag):
 * <ul>
 *   <li>international: AES-256-GCM; key transport RSAES-OAEP with SHA-2 (OAEP hash and MGF1 hash), or key agreement
 *       dhSinglePass-(std|cofactor)DH-sha{256,384,512}kdf with AES-256 key wrap;</li>
 *   <li>national (国密): SM4-GCM (1.2.156.10197.1.104.8, 16-byte key); key transport SM2 encryption
 *       ({@code sm2encrypt}, DER SM2Cipher, see {@link Sm2KeyTransport}).</li>
 * </ul>
 * A tender's suite admits only its own algorithms, for the content and for every recipient: a national bid sealed
 * with AES or RSA, or an international one with SM4 or SM2, is {@code WRONG_ALGORITHM}.
 */
final class SuitePolicy {
    private SuitePolicy() {
    }

    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private static final Map<ASN1ObjectIdentifier, Integer> GCM_KEY_LENGTHS = Map.of(
            Oids.AES128_GCM, 16, Oids.AES192_GCM, 24, Oids.AES256_GCM, 32, Oids.SM4_GCM, 16);

    static final Set<ASN1ObjectIdentifier> INTERNATIONAL_CONTENT = Set.of(Oids.AES256_GCM);
    static final Set<ASN1ObjectIdentifier> NATIONAL_CONTENT = Set.of(Oids.SM4_GCM);

    private static final Set<ASN1ObjectIdentifier> SHA2 = Set.of(Oids.SHA256, Oids.SHA384, Oids.SHA512);

    private static final Set<ASN1ObjectIdentifier> ECDH_SCHEMES = Set.of(
            Oids.ECDH_STD_SHA256KDF, Oids.ECDH_STD_SHA384KDF, Oids.ECDH_STD_SHA512KDF,
            Oids.ECDH_COFACTOR_SHA256KDF, Oids.ECDH_COFACTOR_SHA384KDF, Oids.ECDH_COFACTOR_SHA512KDF);

    record Gcm(ASN1ObjectIdentifier oid, int keyLength, byte[] nonce, int tagLength) {
        /** SM4 (the national suite) rather than AES under GCM. */
        boolean sm4() {
            return Oids.SM4_GCM.equals(oid);
        }
    }

    static Set<ASN1ObjectIdentifier> contentAlgorithms(CryptoSuite suite) {
        return suite == CryptoSuite.NATIONAL ? NATIONAL_CONTENT : INTERNATIONAL_CONTENT;
    }

    static Gcm checkContentAlgorithm(AlgorithmIdentifier alg, CryptoSuite suite) throws EnvelopeRejected {
        return checkContentAlgorithm(alg, contentAlgorithms(suite));
    }

    static Gcm checkContentAlgorithm(AlgorithmIdentifier alg, Set<ASN1ObjectIdentifier> allowed)
            throws EnvelopeRejected {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        Integer keyLength = GCM_KEY_LENGTHS.get(oid);
        String required = allowed.stream().map(Oids::name).sorted().reduce((a, b) -> a + " or " + b).orElse("-");
        if (keyLength == null) {
            throw new EnvelopeRejected(WRONG_ALGORITHM,
                    "content encryption is " + Oids.name(oid) + "; " + required + " is required");
        }
        if (!allowed.contains(oid)) {
            throw new EnvelopeRejected(WRONG_ALGORITHM,
                    "content encryption is " + Oids.name(oid) + "; this tender requires " + required);
        }
        GCMParameters params;
        try {
            params = GCMParameters.getInstance(alg.getParameters());
        } catch (RuntimeException e) {
            throw new EnvelopeRejected(MALFORMED, "GCM parameters: " + e.getMessage(), e);
        }
        if (params == null) {
            throw new EnvelopeRejected(MALFORMED, "GCM parameters are missing");
        }
        byte[] nonce = params.getNonce();
        if (nonce.length != NONCE_LENGTH) {
            throw new EnvelopeRejected(WRONG_ALGORITHM, "GCM nonce is " + nonce.length + " bytes; 12 are required");
        }
        if (params.getIcvLen() != TAG_LENGTH) {
            throw new EnvelopeRejected(WRONG_ALGORITHM,
                    "GCM tag is " + params.getIcvLen() + " bytes; 16 are required");
        }
        return new Gcm(oid, keyLength, nonce, params.getIcvLen());
    }

    /** Checks how the content key was delivered to the recipient that matched our certificate (international). */
    static void checkKeyDelivery(Recipients.Entry entry) throws EnvelopeRejected {
        checkKeyDelivery(entry, CryptoSuite.INTERNATIONAL);
    }

    /** Checks how the content key was delivered to one recipient, against the tender's suite. */
    static void checkKeyDelivery(Recipients.Entry entry, CryptoSuite suite) throws EnvelopeRejected {
        try {
            if (suite == CryptoSuite.NATIONAL) {
                checkNationalKeyDelivery(entry);
                return;
            }
            if (entry.ktri() != null) {
                AlgorithmIdentifier kea = entry.ktri().getKeyEncryptionAlgorithm();
                if (Oids.SM2_ENCRYPT.equals(kea.getAlgorithm())) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM,
                            "SM2 key transport belongs to the national suite; this tender uses the international one");
                }
                if (Oids.RSA_ENCRYPTION.equals(kea.getAlgorithm())) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM,
                            "RSA PKCS#1 v1.5 key transport is not allowed; RSA-OAEP with SHA-256 is required");
                }
                if (!Oids.RSAES_OAEP.equals(kea.getAlgorithm())) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM, "key transport " + Oids.name(kea.getAlgorithm()));
                }
                RSAESOAEPparams p = RSAESOAEPparams.getInstance(kea.getParameters());
                ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
                AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
                ASN1ObjectIdentifier mgfHash = Oids.MGF1.equals(mgf.getAlgorithm())
                        ? AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm() : null;
                if (!SHA2.contains(hash) || mgfHash == null || !SHA2.contains(mgfHash)) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM, "RSA-OAEP must use SHA-256 (or stronger) for the "
                            + "hash and MGF1; found " + hash.getId() + " / " + (mgfHash == null ? mgf.getAlgorithm()
                            : mgfHash).toString());
                }
                return;
            }
            if (entry.kari() != null) {
                AlgorithmIdentifier kea = entry.kari().getKeyEncryptionAlgorithm();
                if (!ECDH_SCHEMES.contains(kea.getAlgorithm())) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM, "key agreement " + Oids.name(kea.getAlgorithm())
                            + "; ECDH with a SHA-2 KDF is required");
                }
                ASN1ObjectIdentifier wrap = AlgorithmIdentifier.getInstance(kea.getParameters()).getAlgorithm();
                if (!Oids.AES256_WRAP.equals(wrap)) {
                    throw new EnvelopeRejected(WRONG_ALGORITHM, "key wrap " + Oids.name(wrap)
                            + "; aes256-wrap is required");
                }
                return;
            }
        } catch (RuntimeException e) {
            throw new EnvelopeRejected(MALFORMED, "recipient algorithm parameters: " + e.getMessage(), e);
        }
        throw new EnvelopeRejected(WRONG_ALGORITHM, "recipient type " + entry.ref().kind());
    }

    /** National suite: key transport with SM2 encryption only (no key agreement, no RSA, no other recipients). */
    private static void checkNationalKeyDelivery(Recipients.Entry entry) throws EnvelopeRejected {
        if (entry.ktri() == null) {
            throw new EnvelopeRejected(WRONG_ALGORITHM, "recipient type " + entry.ref().kind()
                    + "; the national suite delivers the content key by SM2 encryption (key transport)");
        }
        AlgorithmIdentifier kea = entry.ktri().getKeyEncryptionAlgorithm();
        if (!Oids.SM2_ENCRYPT.equals(kea.getAlgorithm())) {
            throw new EnvelopeRejected(WRONG_ALGORITHM, "key transport " + Oids.name(kea.getAlgorithm())
                    + "; this tender uses the national suite, which requires sm2encrypt");
        }
        if (kea.getParameters() != null && !DERNull.INSTANCE.equals(kea.getParameters())) {
            throw new EnvelopeRejected(WRONG_ALGORITHM, "sm2encrypt with parameters " + kea.getParameters()
                    + "; SM2 encryption with SM3 takes none");
        }
    }
}
