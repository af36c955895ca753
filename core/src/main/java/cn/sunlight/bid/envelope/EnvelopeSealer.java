package cn.sunlight.bid.envelope;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import cn.sunlight.tender.CryptoSuite;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * Seals a bid (for the bidder's tool, the share custody and tests): CMS AuthEnvelopedData with a GCM content cipher
 * (12-byte nonce, 16-byte tag), one RecipientInfo per certificate, recipients identified by issuer and serial number.
 * <ul>
 *   <li>International suite: AES-256-GCM; RSAES-OAEP with SHA-256 and MGF1-SHA-256 for RSA certificates, ECDH
 *       (dhSinglePass-stdDH-sha256kdf-scheme, ephemeral P-256 key) with AES-256 key wrap for EC P-256 certificates.</li>
 *   <li>National suite (国密): SM4-GCM (16-byte key) and SM2 key transport for SM2 certificates
 *       ({@link Sm2KeyTransport}). SM4-GCM rather than GM/T 0010's EnvelopedData with SM4-CBC: the bid stays an
 *       AuthEnvelopedData whose tag authenticates every byte at the opening, exactly as in the international suite,
 *       so integrity never depends on a separate check (docs/crypto.md, "National suite").</li>
 * </ul>
 *
 * <p>Output is DER with definite lengths, written in one streaming pass: because the plaintext length is known up
 * front (GCM ciphertext has the plaintext's length, the tag goes into the separate {@code mac} field), every
 * length can be written before the content. Bouncy Castle's {@code CMSAuthEnvelopedDataStreamGenerator} is not used
 * for the framing because it always writes BER (indefinite lengths, chunked OCTET STRING), which the platform's
 * DER-only inspector rejects; its building blocks are used instead: Bouncy Castle's recipient-info generators wrap
 * the content key, and the JDK's AES-GCM (SunJCE, hardware-accelerated; it streams when encrypting) encrypts. SM4-GCM
 * is Bouncy Castle's lightweight {@link GCMBlockCipher} over {@link SM4Engine}, which streams too.
 */
public final class EnvelopeSealer {

    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = SuitePolicy.TAG_LENGTH * 8;
    private static final int SM4_KEY_LENGTH = 16;

    private final CryptoSuite suite;
    private final SecureRandom random;

    /** An international-suite sealer. */
    public EnvelopeSealer() {
        this(CryptoSuite.INTERNATIONAL, new SecureRandom());
    }

    /** An international-suite sealer. */
    public EnvelopeSealer(SecureRandom random) {
        this(CryptoSuite.INTERNATIONAL, random);
    }

    public EnvelopeSealer(CryptoSuite suite) {
        this(suite, new SecureRandom());
    }

    public EnvelopeSealer(CryptoSuite suite, SecureRandom random) {
        cn.sunlight.crypto.CryptoProviders.bouncyCastle();
        this.suite = java.util.Objects.requireNonNull(suite, "suite");
        this.random = random;
    }

    public CryptoSuite suite() {
        return suite;
    }

    /** Seals a file; on failure the partially written {@code envelope} is deleted. */
    public void seal(Path plaintext, Path envelope, List<X509Certificate> recipients)
            throws IOException, GeneralSecurityException {
        long length = Files.size(plaintext);
        boolean ok = false;
        try (InputStream in = Files.newInputStream(plaintext);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(envelope), CHUNK)) {
            seal(in, length, out, recipients);
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(envelope);
            }
        }
    }

    /** Seals a small payload in memory. */
    public byte[] seal(byte[] plaintext, List<X509Certificate> recipients) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 1024);
        seal(new ByteArrayInputStream(plaintext), plaintext.length, out, recipients);
        return out.toByteArray();
    }

    /**
     * Streams exactly {@code plaintextLength} bytes from {@code plaintext} into a DER envelope written to
     * {@code envelope} (neither stream is closed). Fails if the input is shorter or longer than declared.
     *
     * @return the number of envelope bytes written
     */
    public long seal(InputStream plaintext, long plaintextLength, OutputStream envelope,
                     List<X509Certificate> recipients) throws IOException, GeneralSecurityException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate is required");
        }
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintextLength < 0");
        }
        boolean national = suite == CryptoSuite.NATIONAL;
        byte[] cek = new byte[national ? SM4_KEY_LENGTH : 32];
        byte[] nonce = new byte[SuitePolicy.NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            random.nextBytes(cek);
            AlgorithmIdentifier contentAlg = new AlgorithmIdentifier(national ? Oids.SM4_GCM : Oids.AES256_GCM,
                    new GCMParameters(nonce, SuitePolicy.TAG_LENGTH));
            ASN1EncodableVector infos = new ASN1EncodableVector();
            ContentCipher cipher;
            if (national) {
                for (X509Certificate certificate : recipients) {
                    requireSm2(certificate);
                    infos.add(Sm2KeyTransport.recipientInfo(certificate, cek, random));
                }
                GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
                gcm.init(true, new AEADParameters(new KeyParameter(cek), TAG_BITS, nonce));
                cipher = ContentCipher.of(gcm);
            } else {
                SecretKeySpec key = new SecretKeySpec(cek, "AES");
                GenericKey genericKey = new JceGenericKey(contentAlg, key);
                for (X509Certificate certificate : recipients) {
                    infos.add(recipientInfoGenerator(certificate).generate(genericKey));
                }
                Cipher jce = Cipher.getInstance("AES/GCM/NoPadding");
                jce.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher = ContentCipher.of(jce);
            }
            byte[] recipientInfos = new DERSet(infos).getEncoded(ASN1Encoding.DER);
            return write(plaintext, plaintextLength, envelope, recipientInfos, contentAlg, cipher);
        } catch (CMSException e) {
            throw new GeneralSecurityException("wrapping the content key failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }

    /** The GCM encryption of either suite: the JDK's AES-GCM, or Bouncy Castle's lightweight SM4-GCM. */
    private interface ContentCipher {
        int outputSize(int length);

        int update(byte[] in, int off, int len, byte[] out) throws GeneralSecurityException;

        /** The remaining ciphertext followed by the tag. */
        byte[] doFinal() throws GeneralSecurityException;

        static ContentCipher of(Cipher cipher) {
            return new ContentCipher() {
                public int outputSize(int length) {
                    return cipher.getOutputSize(length);
                }

                public int update(byte[] in, int off, int len, byte[] out) throws GeneralSecurityException {
                    return cipher.update(in, off, len, out, 0);
                }

                public byte[] doFinal() throws GeneralSecurityException {
                    return cipher.doFinal();
                }
            };
        }

        static ContentCipher of(GCMModeCipher gcm) {
            return new ContentCipher() {
                public int outputSize(int length) {
                    return gcm.getOutputSize(length);
                }

                public int update(byte[] in, int off, int len, byte[] out) {
                    return gcm.processBytes(in, off, len, out, 0);
                }

                public byte[] doFinal() throws GeneralSecurityException {
                    byte[] last = new byte[gcm.getOutputSize(0)];
                    try {
                        int n = gcm.doFinal(last, 0);
                        return n == last.length ? last : Arrays.copyOf(last, n);
                    } catch (InvalidCipherTextException e) {
                        throw new GeneralSecurityException(e);
                    }
                }
            };
        }
    }

    private static void requireSm2(X509Certificate certificate) {
        if (!Sm2KeyTransport.isSm2(certificate)) {
            throw new IllegalArgumentException("the national suite seals to SM2 certificates only; "
                    + certificate.getSubjectX500Principal() + " has a " + certificate.getPublicKey().getAlgorithm()
                    + " key of another kind");
        }
        requireUsage(certificate, Certificates.KEY_ENCIPHERMENT, "keyEncipherment");
    }

    private long write(InputStream plaintext, long length, OutputStream out, byte[] recipientInfos,
                       AlgorithmIdentifier contentAlg, ContentCipher cipher) throws IOException, GeneralSecurityException {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] dataOid = Oids.DATA.getEncoded(ASN1Encoding.DER);
        byte[] algId = contentAlg.getEncoded(ASN1Encoding.DER);
        byte[] contentHeader = DerEnvelopeReader.encodeHeader(0x80, length);
        long eciBody = dataOid.length + algId.length + contentHeader.length + length;
        byte[] eciHeader = DerEnvelopeReader.encodeHeader(0x30, eciBody);
        long macTlv = 2 + SuitePolicy.TAG_LENGTH;
        long aedBody = version.length + recipientInfos.length + eciHeader.length + eciBody + macTlv;
        byte[] aedHeader = DerEnvelopeReader.encodeHeader(0x30, aedBody);
        long explicitBody = aedHeader.length + aedBody;
        byte[] explicitHeader = DerEnvelopeReader.encodeHeader(0xA0, explicitBody);
        byte[] typeOid = Oids.AUTH_ENVELOPED_DATA.getEncoded(ASN1Encoding.DER);
        long ciBody = typeOid.length + explicitHeader.length + explicitBody;
        byte[] ciHeader = DerEnvelopeReader.encodeHeader(0x30, ciBody);

        for (byte[] part : List.of(ciHeader, typeOid, explicitHeader, aedHeader, version, recipientInfos, eciHeader,
                dataOid, algId, contentHeader)) {
            out.write(part);
        }

        byte[] in = new byte[CHUNK];
        byte[] enc = new byte[cipher.outputSize(CHUNK)];
        long remaining = length;
        long written = 0;
        while (remaining > 0) {
            int n = plaintext.read(in, 0, (int) Math.min(in.length, remaining));
            if (n < 0) {
                throw new IOException("plaintext ended " + remaining + " bytes before the declared length " + length);
            }
            remaining -= n;
            int m = cipher.update(in, 0, n, enc);
            out.write(enc, 0, m);
            written += m;
        }
        if (plaintext.read() >= 0) {
            throw new IOException("plaintext is longer than the declared length " + length);
        }
        byte[] last = cipher.doFinal(); // remaining ciphertext followed by the tag
        int tagOffset = last.length - SuitePolicy.TAG_LENGTH;
        out.write(last, 0, tagOffset);
        written += tagOffset;
        if (written != length) {
            throw new IllegalStateException("GCM produced " + written + " ciphertext bytes for " + length);
        }
        out.write(0x04);
        out.write(SuitePolicy.TAG_LENGTH);
        out.write(last, tagOffset, SuitePolicy.TAG_LENGTH);
        out.flush();
        Arrays.fill(in, (byte) 0);
        return ciHeader.length + ciBody;
    }

    private RecipientInfoGenerator recipientInfoGenerator(X509Certificate certificate)
            throws GeneralSecurityException {
        PublicKey publicKey = certificate.getPublicKey();
        if (Sm2KeyTransport.isSm2(certificate)) {
            throw new IllegalArgumentException("SM2 certificate " + certificate.getSubjectX500Principal()
                    + " belongs to the national suite; this is an international-suite sealer");
        }
        try {
            if (publicKey instanceof RSAPublicKey) {
                requireUsage(certificate, Certificates.KEY_ENCIPHERMENT, "keyEncipherment");
                AlgorithmIdentifier sha256 = new AlgorithmIdentifier(Oids.SHA256, DERNull.INSTANCE);
                AlgorithmIdentifier oaep = new AlgorithmIdentifier(Oids.RSAES_OAEP, new RSAESOAEPparams(sha256,
                        new AlgorithmIdentifier(Oids.MGF1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
                return new JceKeyTransRecipientInfoGenerator(certificate, oaep);
            }
            if (publicKey instanceof ECPublicKey) {
                requireUsage(certificate, Certificates.KEY_AGREEMENT, "keyAgreement");
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
                if (!Oids.SECP256R1.equals(spki.getAlgorithm().getParameters())) {
                    throw new IllegalArgumentException("EC recipient certificates must use P-256: "
                            + certificate.getSubjectX500Principal());
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                KeyPair ephemeral = generator.generateKeyPair();
                return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                        ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP).setSecureRandom(random)
                        .addRecipient(certificate);
            }
        } catch (CertificateEncodingException e) {
            throw new GeneralSecurityException(e);
        }
        throw new IllegalArgumentException("unsupported recipient key " + publicKey.getAlgorithm() + " in "
                + certificate.getSubjectX500Principal());
    }

    private static void requireUsage(X509Certificate certificate, int bit, String name) {
        if (!Certificates.allowsKeyUsage(certificate, bit)) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " does not allow " + name);
        }
    }
}
