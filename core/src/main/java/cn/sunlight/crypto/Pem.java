package cn.sunlight.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding and decoding of certificates and keys, in the forms OpenSSL writes and reads.
 *
 * <ul>
 *   <li>private keys are written as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----});</li>
 *   <li>public keys as SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----});</li>
 *   <li>certificates as {@code -----BEGIN CERTIFICATE-----}; a collection is written as concatenated blocks.</li>
 * </ul>
 * Readers accept PKCS#8 and the traditional OpenSSL forms ({@code RSA/EC PRIVATE KEY}); encrypted keys are refused.
 * Key objects come from the JDK providers whether or not Bouncy Castle is registered; Bouncy Castle is used only
 * for keys the JDK cannot handle (SM2).
 * Malformed input raises {@link IllegalArgumentException}.
 */
public final class Pem {

    private Pem() {
    }

    /**
     * PEM text of an {@link X509Certificate}, {@link PrivateKey} (PKCS#8), {@link PublicKey}, {@link X509CRL}, or a
     * {@link Collection} of those (blocks concatenated in iteration order).
     */
    /**
     * Creates {@code file} (it must not exist) holding {@code pem}, owner-only from the start where the file system has
     * POSIX permissions: a chmod after writing would leave a private key readable by others for a moment.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (nothing is overwritten)
     */
    public static void createOwnerOnly(java.nio.file.Path file, String pem) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        java.nio.file.Path created = posix
                ? java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))
                : java.nio.file.Files.createFile(file);
        java.nio.file.Files.writeString(created, pem, java.nio.file.StandardOpenOption.WRITE);
    }

    public static String write(Object object) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writeTo(writer, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeTo(PemWriter writer, Object object) throws IOException {
        switch (object) {
            case null -> throw new IllegalArgumentException("nothing to write");
            case X509Certificate cert -> {
                try {
                    writer.writeObject(new PemObject("CERTIFICATE", cert.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException("certificate cannot be encoded", e);
                }
            }
            case PrivateKey key -> writer.writeObject(new PemObject("PRIVATE KEY", pkcs8(key)));
            case PublicKey key -> writer.writeObject(new PemObject("PUBLIC KEY", key.getEncoded()));
            case X509CRL crl -> {
                try {
                    writer.writeObject(new PemObject("X509 CRL", crl.getEncoded()));
                } catch (CRLException e) {
                    throw new IllegalArgumentException("CRL cannot be encoded", e);
                }
            }
            case Collection<?> items -> {
                for (Object item : items) {
                    writeTo(writer, item);
                }
            }
            default -> throw new IllegalArgumentException("cannot write " + object.getClass().getName() + " as PEM");
        }
    }

    private static byte[] pkcs8(PrivateKey key) {
        if (!"PKCS#8".equalsIgnoreCase(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("private key is not exportable as PKCS#8 (format " + key.getFormat() + ")");
        }
        return key.getEncoded();
    }

    /** The first certificate in {@code pem}. */
    public static X509Certificate readCertificate(String pem) {
        List<X509Certificate> certs = readCertificates(pem);
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate in PEM input");
        }
        return certs.get(0);
    }

    /** All certificates in {@code pem}, in order; other PEM blocks are skipped. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> result = new ArrayList<>();
        for (Object object : parseAll(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    result.add(certificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("malformed certificate in PEM input", e);
                }
            }
        }
        return result;
    }

    /**
     * The JDK's certificate object where the JDK can parse it; Bouncy Castle's for a certificate with an SM2 key, which
     * the JDK's X.509 parser refuses outright ("Unknown named curve: 1.2.156.10197.1.301").
     */
    public static X509Certificate certificate(X509CertificateHolder holder) throws CertificateException {
        if (GMObjectIdentifiers.sm2p256v1.equals(holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters())) {
            return new JcaX509CertificateConverter().setProvider(CryptoProviders.bouncyCastle()).getCertificate(holder);
        }
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** The first private key in {@code pem} (PKCS#8 or traditional RSA/EC form, unencrypted). */
    public static PrivateKey readPrivateKey(String pem) {
        for (Object object : parseAll(pem)) {
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException("encrypted private keys are not supported here");
            }
            if (object instanceof PrivateKeyInfo info) {
                return privateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return privateKey(pair.getPrivateKeyInfo());
            }
        }
        throw new IllegalArgumentException("no private key in PEM input");
    }

    /** The first public key ({@code PUBLIC KEY} or {@code RSA PUBLIC KEY}) in {@code pem}. */
    public static PublicKey readPublicKey(String pem) {
        for (Object object : parseAll(pem)) {
            if (object instanceof SubjectPublicKeyInfo info) {
                return publicKey(info);
            }
        }
        throw new IllegalArgumentException("no public key in PEM input");
    }

    /**
     * A private key from the JDK providers (the JCA name is chosen from the algorithm OID, so the result does not
     * depend on whether Bouncy Castle is registered); Bouncy Castle only for what the JDK cannot do (e.g. SM2).
     */
    static PrivateKey privateKey(PrivateKeyInfo info) {
        String algorithm = jcaName(info.getPrivateKeyAlgorithm().getAlgorithm());
        try {
            if (algorithm != null) {
                try {
                    return KeyFactory.getInstance(algorithm, jdkProvider(algorithm))
                            .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
                } catch (GeneralSecurityException jdkFailure) {
                    // fall through to Bouncy Castle
                }
            }
            return new JcaPEMKeyConverter().setProvider(CryptoProviders.bouncyCastle()).getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unsupported or malformed private key", e);
        }
    }

    /** A public key, chosen as in {@link #privateKey(PrivateKeyInfo)}. */
    static PublicKey publicKey(SubjectPublicKeyInfo info) {
        String algorithm = jcaName(info.getAlgorithm().getAlgorithm());
        try {
            if (algorithm != null) {
                try {
                    return KeyFactory.getInstance(algorithm, jdkProvider(algorithm))
                            .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
                } catch (GeneralSecurityException jdkFailure) {
                    // fall through to Bouncy Castle
                }
            }
            return new JcaPEMKeyConverter().setProvider(CryptoProviders.bouncyCastle()).getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unsupported or malformed public key", e);
        }
    }

    private static String jcaName(ASN1ObjectIdentifier oid) {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            return "RSASSA-PSS";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            return "Ed25519";
        }
        if (EdECObjectIdentifiers.id_X25519.equals(oid)) {
            return "X25519";
        }
        return null;
    }

    /** The first registered provider offering {@code KeyFactory.<algorithm>} that is not Bouncy Castle. */
    private static Provider jdkProvider(String algorithm) throws NoSuchAlgorithmException {
        for (Provider provider : Security.getProviders("KeyFactory." + algorithm)) {
            if (!BouncyCastleProvider.PROVIDER_NAME.equals(provider.getName())) {
                return provider;
            }
        }
        throw new NoSuchAlgorithmException("no JDK KeyFactory for " + algorithm);
    }

    private static List<Object> parseAll(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("PEM input is null");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM input", e);
        }
        return objects;
    }
}
