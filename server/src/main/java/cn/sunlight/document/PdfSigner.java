package cn.sunlight.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.KeyMaterial;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.crypto.TimeStampAuthority;

/**
 * Signs PDFs with the platform's document signing key: PAdES baseline B-T (ETSI EN 319 142-1).
 *
 * <p>Each call appends one invisible signature as an incremental update (earlier signatures stay valid). The
 * signature dictionary has {@code /Filter /Adobe.PPKLite}, {@code /SubFilter /ETSI.CAdES.detached}, {@code /M} (the
 * signing time, Asia/Shanghai), {@code /Name} (the signer's common name) and the optional {@code /Reason} and
 * {@code /Location}. {@code /Contents} holds a DER CMS SignedData (RFC 5652) detached over the {@code /ByteRange}:
 * <ul>
 * <li>digest SHA-256; signature ECDSA P-256 with SHA-256 (SHA256withRSA for an RSA key);</li>
 * <li>signed attributes: content-type (id-data), message-digest, ESS signing-certificate-v2 (RFC 5035; SHA-256 of the
 * signer certificate with issuer and serial) and CMS algorithm protection (RFC 6211, added by Bouncy Castle). No
 * signing-time: PAdES takes the claimed time from {@code /M};</li>
 * <li>certificates: the signer's whole chain (signer, platform root CA);</li>
 * <li>unsigned attribute signature-time-stamp (id-aa-signatureTimeStampToken): an RFC 3161 token from the platform
 * {@link TimeStampAuthority} over the SHA-256 of the SignerInfo's signature value (the B-T level).</li>
 * </ul>
 * {@value #RESERVED_BYTES} bytes are reserved for the CMS in {@code /Contents}. Verify with poppler's
 * {@code pdfsig}, or with {@code openssl cms -verify} over the byte range and {@code openssl ts -verify} for the token.
 *
 * <p>Thread-safe. The platform key is fetched per call, so a renewed signer certificate is picked up.
 */
@ApplicationScoped
public class PdfSigner {

    /**
     * Bytes reserved for the CMS SignedData in {@code /Contents} (written as hex: twice as many characters). The
     * platform's CMS takes about 3 KB (ECDSA signature, two certificates, a time-stamp token carrying the TSA
     * certificate); the rest leaves room for an external TSA with a longer RSA chain.
     */
    public static final int RESERVED_BYTES = 16 * 1024;

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Supplier<KeyMaterial> signer;
    private final TimeStampAuthority tsa;
    private final Clock clock;

    @Inject
    PdfSigner(PlatformCa ca, TimeStampAuthority tsa, PlatformClock clock) {
        this(ca::platformSigner, tsa, clock.asClock());
    }

    /** For use without CDI: signs with the platform signing key of {@code ca} ({@link PlatformCa#platformSigner()}). */
    public PdfSigner(PlatformCa ca, TimeStampAuthority tsa) {
        this(Objects.requireNonNull(ca, "ca")::platformSigner, tsa, Clock.systemUTC());
    }

    /** For use without CDI: signs with {@code signer} (an EC P-256 or RSA key and its chain, leaf first). */
    public PdfSigner(KeyMaterial signer, TimeStampAuthority tsa) {
        this(signer, tsa, Clock.systemUTC());
    }

    /** As {@link #PdfSigner(KeyMaterial, TimeStampAuthority)}, with the clock that gives {@code /M}. */
    public PdfSigner(KeyMaterial signer, TimeStampAuthority tsa, Clock clock) {
        this(constant(signer), tsa, clock);
    }

    private PdfSigner(Supplier<KeyMaterial> signer, TimeStampAuthority tsa, Clock clock) {
        this.signer = signer;
        this.tsa = Objects.requireNonNull(tsa, "tsa");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static Supplier<KeyMaterial> constant(KeyMaterial signer) {
        Objects.requireNonNull(signer, "signer");
        signatureAlgorithm(signer); // reject an unfit key now
        return () -> signer;
    }

    /**
     * Returns {@code pdf} with one more PAdES B-T signature appended as an incremental update.
     *
     * @param reason   {@code /Reason}, e.g. "开标记录"; null for none
     * @param location {@code /Location}; null for none
     * @throws IllegalArgumentException when {@code pdf} cannot be parsed as a PDF
     * @throws IllegalStateException    when signing or time-stamping fails
     */
    public byte[] sign(byte[] pdf, String reason, String location) {
        Objects.requireNonNull(pdf, "pdf");
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * RESERVED_BYTES + 4096);
        PDDocument doc;
        try {
            doc = Loader.loadPDF(pdf);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PDF: " + e.getMessage(), e);
        }
        sign(doc, out, reason, location);
        return out.toByteArray();
    }

    /**
     * Reads a PDF from {@code in} (into memory: an incremental update needs the whole original) and writes it with
     * one more signature to {@code out}. Neither stream is closed.
     *
     * @throws UncheckedIOException when reading {@code in} or writing {@code out} fails
     * @see #sign(byte[], String, String)
     */
    public void sign(InputStream in, OutputStream out, String reason, String location) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        PDDocument doc;
        try {
            doc = Loader.loadPDF(new RandomAccessReadBuffer(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PDF: " + e.getMessage(), e);
        }
        sign(doc, out, reason, location);
    }

    private void sign(PDDocument loaded, OutputStream out, String reason, String location) {
        try (PDDocument doc = loaded; SignatureOptions options = new SignatureOptions()) {
            KeyMaterial key = signer.get();
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(commonName(key.certificate()));
            if (reason != null && !reason.isBlank()) {
                signature.setReason(reason);
            }
            if (location != null && !location.isBlank()) {
                signature.setLocation(location);
            }
            Calendar now = new GregorianCalendar(TimeZone.getTimeZone(ZONE), Locale.ROOT);
            now.setTimeInMillis(clock.millis());
            signature.setSignDate(now);

            options.setPreferredSignatureSize(RESERVED_BYTES);
            doc.addSignature(signature, options);
            ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
            byte[] cms;
            try (InputStream content = external.getContent()) {
                cms = signedData(content, key);
            }
            if (cms.length > RESERVED_BYTES) {
                throw new IllegalStateException("CMS signature of " + cms.length + " bytes does not fit the "
                        + RESERVED_BYTES + " bytes reserved in /Contents");
            }
            external.setSignature(cms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign PDF: " + e.getMessage(), e);
        }
    }

    /**
     * The detached CMS SignedData over {@code content} (the byte range), with the signature time-stamp added as an
     * unsigned attribute. DER.
     */
    byte[] signedData(InputStream content, KeyMaterial key) throws IOException {
        X509Certificate cert = key.certificate();
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.privateKey());
            AttributeTable ess = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(signingCertificateV2(cert))));
            DefaultSignedAttributeTableGenerator standard = new DefaultSignedAttributeTableGenerator(ess);
            // content-type, message-digest and algorithm protection from Bouncy Castle; PAdES wants no signing-time
            CMSAttributeTableGenerator signedAttributes =
                    parameters -> standard.getAttributes(parameters).remove(CMSAttributes.signingTime);
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(signedAttributes)
                    .build(contentSigner, cert);

            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new JcaCertStore(key.chain()));
            CMSSignedData signed = generator.generate(new StreamedContent(content), false);

            SignerInformation signerInformation = signed.getSignerInfos().getSigners().iterator().next();
            byte[] token = tsa.tokenDer(sha256(signerInformation.getSignature()));
            Attribute timeStamp = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ASN1Primitive.fromByteArray(token)));
            SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signerInformation,
                    new AttributeTable(timeStamp));
            signed = CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the CMS signature: " + e.getMessage(), e);
        }
    }

    /** ESS signing-certificate-v2 for {@code cert}: SHA-256 (the default, so not encoded) hash plus issuer and serial. */
    private static SigningCertificateV2 signingCertificateV2(X509Certificate cert) throws GeneralSecurityException {
        X500Name issuer = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(issuer)), cert.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2(sha256(cert.getEncoded()), issuerSerial));
    }

    private static String signatureAlgorithm(KeyMaterial key) {
        return switch (KeyPairs.typeOf(key.publicKey())) {
            case EC_P256 -> "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
            case ED25519 -> throw new IllegalArgumentException("Ed25519 keys are not supported for PDF signatures");
            // The platform's document signer is ECDSA P-256 (PlatformCa); PAdES with SM2 is not offered.
            case SM2 -> throw new IllegalArgumentException("SM2 keys are not supported for PDF signatures");
        };
    }

    private static String commonName(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] cn = subject.getRDNs(BCStyle.CN);
        return cn.length > 0 ? IETFUtils.valueToString(cn[0].getFirst().getValue()) : subject.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The byte range as CMS content, read once while the signature is computed (never held in memory). */
    private record StreamedContent(InputStream in) implements CMSTypedData {

        @Override
        public ASN1ObjectIdentifier getContentType() {
            return CMSObjectIdentifiers.data;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            in.transferTo(out);
        }

        @Override
        public Object getContent() {
            return in;
        }
    }
}
