package cn.sunlight.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PKCS#10 certification requests (RFC 2986): how a party proves to the platform CA that it holds the private key of the
 * public key it wants certified. The request is signed with that very key, so a public key copied from someone else's
 * certificate cannot be presented: certifying it would need a signature only the key's holder can make (《电子签名法》
 * 第十三条: the signature-creation data belong to the signatory alone). The same holds for an encryption-only key: EC,
 * SM2 and RSA keys can all sign their own request, and the request is not used for anything else.
 *
 * <p>Accepted signatures, one family per key type (a request signed with a mismatched or weak algorithm is refused):
 * ECDSA with SHA-256/384/512 for P-256 keys, RSA PKCS#1 v1.5 with SHA-256/384/512 for RSA keys, Ed25519, and
 * SM3withSM2 (GB/T 32918.2) for SM2 keys, with the GM/T 0009 default distinguishing identifier
 * {@code 1234567812345678} or the empty one OpenSSL 3.0's {@code req} signs with (see {@link #sm2SignatureValid}). What {@code openssl req -new -key key.pem -subj /CN=x} writes is accepted for every one.
 * The request's subject is ignored: the platform names the account and its organisation itself.
 *
 * <p>Plain Java (Bouncy Castle), usable by the server, the bidder tool and the demo alike.
 */
public final class CertificationRequests {

    /** PEM input larger than this is refused unread (an RSA-8192 request is about 1.5 KB of PEM). */
    public static final int MAX_PEM_CHARS = 16 * 1024;
    /** RSA moduli above this are refused before any signature check (verification cost grows with the modulus). */
    public static final int MAX_RSA_BITS = 8192;

    private static final ASN1ObjectIdentifier SM3_WITH_SM2 = GMObjectIdentifiers.sm2sign_with_sm3;
    private static final List<byte[]> SM2_IDS = List.of("1234567812345678".getBytes(StandardCharsets.US_ASCII), new byte[0]);
    private static final Map<KeyPairs.Type, Set<ASN1ObjectIdentifier>> SIGNATURES = Map.of(
            KeyPairs.Type.EC_P256, Set.of(X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
                    X9ObjectIdentifiers.ecdsa_with_SHA512),
            KeyPairs.Type.RSA, Set.of(PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption),
            KeyPairs.Type.ED25519, Set.of(EdECObjectIdentifiers.id_Ed25519),
            KeyPairs.Type.SM2, Set.of(SM3_WITH_SM2));

    /** Why a request was refused; {@link #code()} is a stable slug for the API's problem details. */
    public static final class Invalid extends IllegalArgumentException {
        private final String code;

        Invalid(String code, String message) {
            super(message);
            this.code = code;
        }

        Invalid(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A request whose self-signature verified: the key it proves possession of, and that key's fingerprint. */
    public record Verified(PublicKey publicKey, KeyPairs.Type type, String spkiSha256) {
    }

    private CertificationRequests() {
    }

    /**
     * A PEM request for {@code keys}, signed with its private key (SM3withSM2 for SM2, SHA-256 with ECDSA or RSA,
     * Ed25519); {@code commonName} only labels the request.
     */
    public static String create(KeyPair keys, String commonName) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(signatureFor(keys.getPublic()));
            if (KeyPairs.isSm2(keys.getPublic())) {
                builder.setProvider(CryptoProviders.bouncyCastle());
            }
            ContentSigner signer = builder.build(keys.getPrivate());
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer);
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            return out.toString();
        } catch (OperatorCreationException e) {
            throw new IllegalArgumentException("cannot sign a certification request with this key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String signatureFor(PublicKey key) {
        return switch (KeyPairs.typeOf(key)) {
            case SM2 -> "SM3withSM2";
            case EC_P256 -> "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
            case ED25519 -> "Ed25519";
        };
    }

    /**
     * Parses one PEM {@code CERTIFICATE REQUEST} and checks its self-signature with the key it carries.
     *
     * @throws Invalid with code {@code pem-csr} (not exactly one well-formed request), {@code key-type} (a key the
     *                 platform does not certify), {@code signature-algorithm} (weak, or not the key's family) or
     *                 {@code signature} (the signature does not verify: the requester does not hold the private key)
     */
    public static Verified verify(String pem) {
        if (pem == null || pem.length() > MAX_PEM_CHARS) {
            throw new Invalid("pem-csr", "a PEM certification request of at most " + MAX_PEM_CHARS + " characters is required");
        }
        PKCS10CertificationRequest request = parse(pem);
        PublicKey key;
        KeyPairs.Type type;
        try {
            key = Pem.publicKey(request.getSubjectPublicKeyInfo());
            type = KeyPairs.typeOf(key);
        } catch (IllegalArgumentException e) {
            throw new Invalid("key-type", "the request's key is not RSA, EC P-256, Ed25519 or SM2: " + e.getMessage(), e);
        }
        if (type == KeyPairs.Type.RSA && KeyPairs.rsaBits(key) > MAX_RSA_BITS) {
            throw new Invalid("key-type", "RSA keys of more than " + MAX_RSA_BITS + " bits are not certified");
        }
        ASN1ObjectIdentifier algorithm = request.getSignatureAlgorithm().getAlgorithm();
        if (!SIGNATURES.get(type).contains(algorithm)) {
            throw new Invalid("signature-algorithm", "a " + type + " key must sign its request with one of "
                    + SIGNATURES.get(type).stream().map(CertificationRequests::algorithmName).sorted().toList()
                    + ", not " + algorithmName(algorithm));
        }
        boolean valid;
        try {
            valid = type == KeyPairs.Type.SM2 ? sm2SignatureValid(request, key)
                    : request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new Invalid("signature", "the request's signature does not verify with the key it carries");
        }
        return new Verified(key, type, spkiSha256(key));
    }

    /**
     * SM3withSM2 over the request info, with the GM/T 0009 default distinguishing identifier {@code 1234567812345678}
     * (Bouncy Castle's, and OpenSSL's with {@code -sigopt distid:1234567812345678}) or with the empty one, which is what
     * OpenSSL 3.0's {@code req} uses when no {@code distid} is given. Either proves possession: the identifier only
     * enters the hashed prefix Z, and no signature verifies for any identifier without the private key.
     */
    private static boolean sm2SignatureValid(PKCS10CertificationRequest request, PublicKey key)
            throws GeneralSecurityException, IOException {
        byte[] info = request.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
        byte[] signature = request.getSignature();
        for (byte[] id : SM2_IDS) {
            Signature verifier = Signature.getInstance("SM3withSM2", CryptoProviders.bouncyCastle());
            verifier.setParameter(new SM2ParameterSpec(id));
            verifier.initVerify(key);
            verifier.update(info);
            if (verifier.verify(signature)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SHA-256 (hex) of the key's SubjectPublicKeyInfo as the JDK (Bouncy Castle for SM2) re-encodes it: named curve,
     * uncompressed point, so one key has one fingerprint however the request encoded it.
     */
    public static String spkiSha256(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PKCS10CertificationRequest parse(String pem) {
        PemObject object;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            object = reader.readPemObject();
            if (object == null || !"CERTIFICATE REQUEST".equals(object.getType()) && !"NEW CERTIFICATE REQUEST".equals(object.getType())) {
                throw new Invalid("pem-csr", "not a PEM certification request (-----BEGIN CERTIFICATE REQUEST-----)");
            }
            if (reader.readPemObject() != null) {
                throw new Invalid("pem-csr", "exactly one certification request is expected");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Invalid invalid) {
                throw invalid;
            }
            throw new Invalid("pem-csr", "malformed PEM", e);
        }
        try {
            return new PKCS10CertificationRequest(object.getContent());
        } catch (IOException | RuntimeException e) {
            throw new Invalid("pem-csr", "malformed PKCS#10 certification request", e);
        }
    }

    private static String algorithmName(ASN1ObjectIdentifier oid) {
        if (oid.equals(SM3_WITH_SM2)) {
            return "SM3withSM2";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        }
        String name = new org.bouncycastle.operator.DefaultAlgorithmNameFinder().getAlgorithmName(oid);
        return name == null ? oid.getId() : name;
    }
}
