package cn.sunlight.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The platform root CA (ECDSA P-256, self-signed) and the certificates it issues: the time-stamping authority, the
 * platform's own document/receipt signer, per-tender opening certificates and bidder/platform party certificates.
 *
 * <p>The CA key, the TSA key and the platform signing key are kept in a {@link KeyDirectory} as entries
 * {@value #CA_ENTRY}, {@value #TSA_ENTRY} and {@value #SIGNER_ENTRY}; they are created on first use and reused after.
 * The TSA and signer certificates are reissued (new key) when they no longer verify under the CA or expire within
 * {@link #RENEW_BEFORE}. All certificates are signed with SHA256withECDSA using the JDK providers; this class is
 * thread-safe.
 *
 * <p><b>National (SM2) certificates.</b> Opening certificates of national-suite tenders and parties' SM2 certificates
 * carry an SM2 subject key but are signed by this same ECDSA P-256 root. Decided deliberately: what the national suite
 * protects — the confidentiality of sealed bids (SM2 key transport, SM4) and the bidders' signatures (SM3withSM2) —
 * rests on the subject keys, not on the algorithm the CA signs with; one root keeps one trust anchor for every
 * relying party (the bidder tool pins it, receipts and time stamps chain to it); and OpenSSL 3.0 verifies the chain as
 * it is ({@code openssl verify -CAfile ca.pem opening.pem}). A fully national chain (GM/T 0015: an SM2 root signing
 * with SM3withSM2) would be a second root in the key directory, needed only where a regulator requires one.
 */
public final class PlatformCa {

    /** Key directory entry of the root CA. */
    public static final String CA_ENTRY = "platform-ca";
    /** Key directory entry of the time-stamping authority. */
    public static final String TSA_ENTRY = "tsa";
    /** Key directory entry of the platform's document and receipt signing key. */
    public static final String SIGNER_ENTRY = "platform-signer";

    /** The subject of the platform's receipt and document signer, which relying parties pin. */
    public static final X500Name PLATFORM_SIGNER_NAME = platformName("Sunlight Platform Signing");

    public static final Duration CA_VALIDITY = Duration.ofDays(25 * 365);
    public static final Duration TSA_VALIDITY = Duration.ofDays(10 * 365);
    public static final Duration SIGNER_VALIDITY = Duration.ofDays(5 * 365);
    public static final Duration PARTY_VALIDITY = Duration.ofDays(2 * 365);
    /** TSA and signer certificates closer than this to their notAfter are replaced at the next load. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(90);
    /**
     * An opening certificate's notAfter is exactly its tender's deadline plus this period: long enough for the
     * opening, evaluation and complaint periods, after which nobody should encrypt to the key any more.
     */
    public static final Duration OPENING_VALIDITY_AFTER_DEADLINE = Duration.ofDays(90);
    /** Prefix of an opening certificate's common name; the tender code follows. */
    public static final String OPENING_CN_PREFIX = "Sunlight opening key ";
    /** Prefix of an opening certificate's organizationalUnitName; the ISO-8601 UTC deadline follows. */
    public static final String OPENING_OU_PREFIX = "Opening deadline ";
    /** Minimum RSA modulus size of opening keys (the international suite's default is 3072). */
    public static final int MIN_RSA_OPENING_BITS = 3072;
    /** Minimum RSA modulus size of party keys. */
    public static final int MIN_RSA_PARTY_BITS = 2048;

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int UB_COMMON_NAME = 64;

    /** What a party certificate's key is for. */
    public enum Purpose {
        /** digitalSignature and nonRepudiation (bid signatures, document signatures). */
        SIGNING,
        /** keyEncipherment (RSA) or keyAgreement (EC): recipient of sealed bids. */
        ENCRYPTION
    }

    private final KeyDirectory keys;
    private final Clock clock;
    private final KeyMaterial ca;
    private final SecureRandom random = new SecureRandom();
    private volatile KeyMaterial tsa;
    private volatile KeyMaterial signer;

    public PlatformCa(KeyDirectory keys) {
        this(keys, Clock.systemUTC());
    }

    /** Loads the CA from {@code keys}, creating it on first use. {@code clock} gives validity dates and check time. */
    public PlatformCa(KeyDirectory keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ca = keys.loadOrCreate(CA_ENTRY, this::createRoot);
        X509Certificate cert = ca.certificate();
        if (cert.getBasicConstraints() < 0 || !cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            throw new IllegalStateException(keys.certificateFile(CA_ENTRY) + " is not a self-signed CA certificate");
        }
    }

    /** The root CA certificate (the trust anchor for everything the platform issues). */
    public X509Certificate certificate() {
        return ca.certificate();
    }

    // ------------------------------------------------------------------ platform keys

    /**
     * The TSA's key and chain [TSA, CA], created on first use and persisted as {@value #TSA_ENTRY}; replaced by a new
     * key and certificate once within {@link #RENEW_BEFORE} of expiry.
     */
    public KeyMaterial tsaSigner() {
        KeyMaterial current = tsa;
        if (current != null && notDueForRenewal(current)) {
            return current; // verified under the CA when it was loaded
        }
        synchronized (this) {
            current = tsa;
            if (current == null || !notDueForRenewal(current)) {
                current = keys.loadOrCreate(TSA_ENTRY, this::issueTsaCertificate, this::stillUsable);
                tsa = current;
            }
            return current;
        }
    }

    /**
     * The platform's document and receipt signing key (ECDSA P-256; digitalSignature, nonRepudiation) and chain
     * [signer, CA], created on first use and persisted as {@value #SIGNER_ENTRY}.
     */
    public KeyMaterial platformSigner() {
        KeyMaterial current = signer;
        if (current != null && notDueForRenewal(current)) {
            return current; // verified under the CA when it was loaded
        }
        synchronized (this) {
            current = signer;
            if (current == null || !notDueForRenewal(current)) {
                current = keys.loadOrCreate(SIGNER_ENTRY, this::issuePlatformSigner, this::stillUsable);
                signer = current;
            }
            return current;
        }
    }

    /** Whether a stored TSA/signer entry may be used: issued by this CA, valid, and not due for renewal. */
    private boolean stillUsable(KeyMaterial material) {
        try {
            verify(material.certificate());
        } catch (CertificateException e) {
            return false;
        }
        return notDueForRenewal(material);
    }

    private boolean notDueForRenewal(KeyMaterial material) {
        return material.certificate().getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
    }

    // ------------------------------------------------------------------ issuing

    /**
     * A new TSA key (ECDSA P-256) and certificate: extendedKeyUsage id-kp-timeStamping only and critical, keyUsage
     * digitalSignature (critical) — what RFC 3161 §2.3 and OpenSSL's {@code ts -verify} require. Not persisted; see
     * {@link #tsaSigner()}.
     */
    public KeyMaterial issueTsaCertificate() {
        KeyPair pair = KeyPairs.ecP256();
        X500Name subject = platformName("Sunlight Time-Stamping Authority");
        X509Certificate cert = issue(subject, pair.getPublic(), TSA_VALIDITY, builder -> {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        });
        return new KeyMaterial(pair.getPrivate(), List.of(cert, certificate()));
    }

    private KeyMaterial issuePlatformSigner() {
        KeyPair pair = KeyPairs.ecP256();
        X500Name subject = PLATFORM_SIGNER_NAME;
        X509Certificate cert = issue(subject, pair.getPublic(), SIGNER_VALIDITY, builder -> builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)));
        return new KeyMaterial(pair.getPrivate(), List.of(cert, certificate()));
    }

    /**
     * The opening certificate of one tender, for the tender's opening public key (RSA ≥ 3072 bits with keyUsage
     * keyEncipherment, EC P-256 with keyUsage keyAgreement, or — national suite — SM2 with keyUsage keyEncipherment,
     * since SM2 encryption transports the content key as RSA does).
     *
     * <p>Binding of tender and deadline, read back by {@link OpeningCertificateInfo#of(X509Certificate)}:
     * <ul>
     *   <li>subject commonName = {@code "Sunlight opening key " + tenderCode};</li>
     *   <li>subject serialNumber (2.5.4.5) = the tender id in decimal;</li>
     *   <li>subject organizationalUnitName = {@code "Opening deadline " + deadline} (ISO-8601 UTC, whole seconds);</li>
     *   <li>notAfter = deadline + {@link #OPENING_VALIDITY_AFTER_DEADLINE}, so the deadline is also recoverable from the
     *       validity period and a certificate whose two bindings disagree is rejected.</li>
     * </ul>
     * The whole subject is signed by the CA, so none of it can be changed without invalidating the certificate.
     *
     * @param deadline the bid deadline, whole seconds, after the CA clock's now
     */
    public X509Certificate issueOpeningCertificate(long tenderId, String tenderCode, Instant deadline, PublicKey key) {
        if (tenderId <= 0) {
            throw new IllegalArgumentException("tender id must be positive");
        }
        checkText("tender code", tenderCode, UB_COMMON_NAME - OPENING_CN_PREFIX.length());
        Objects.requireNonNull(deadline, "deadline");
        if (!deadline.truncatedTo(ChronoUnit.SECONDS).equals(deadline)) {
            throw new IllegalArgumentException("deadline must be whole seconds: " + deadline);
        }
        Instant now = clock.instant();
        if (!deadline.isAfter(now)) {
            throw new IllegalArgumentException("deadline " + deadline + " is not in the future");
        }
        KeyPairs.Type type = KeyPairs.typeOf(key);
        int usage = switch (type) {
            case RSA -> {
                if (KeyPairs.rsaBits(key) < MIN_RSA_OPENING_BITS) {
                    throw new IllegalArgumentException("RSA opening keys need at least " + MIN_RSA_OPENING_BITS + " bits");
                }
                yield KeyUsage.keyEncipherment;
            }
            case EC_P256 -> KeyUsage.keyAgreement;
            case SM2 -> KeyUsage.keyEncipherment;
            case ED25519 -> throw new IllegalArgumentException("Ed25519 keys cannot be opening (encryption) keys");
        };
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, "Sunlight")
                .addRDN(BCStyle.OU, OPENING_OU_PREFIX + DateTimeFormatter.ISO_INSTANT.format(deadline))
                .addRDN(BCStyle.SERIALNUMBER, Long.toString(tenderId))
                .addRDN(BCStyle.CN, OPENING_CN_PREFIX + tenderCode)
                .build();
        Instant notAfter = deadline.plus(OPENING_VALIDITY_AFTER_DEADLINE);
        return issue(subject, key, now, notAfter,
                builder -> builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage)));
    }

    /**
     * A certificate for a bidder, agent or the platform operator itself.
     *
     * <p>Subject: C=CN, O and CN = {@code subjectName}, organizationIdentifier (2.5.4.97) = {@code "NTRCN-" + creditCode}
     * (the ETSI EN 319 412-1 form for a national trade-register number). keyUsage (critical): SIGNING →
     * digitalSignature + nonRepudiation; ENCRYPTION → keyEncipherment for RSA and SM2, keyAgreement for EC P-256.
     * Keys: RSA ≥ 2048 bits, EC P-256, SM2 (national suite: SM3withSM2 signatures, SM2 key transport), or Ed25519
     * (signing only). Valid for {@link #PARTY_VALIDITY}.
     *
     * @param creditCode the holder's unified social credit code, check character verified
     */
    public X509Certificate issuePartyCertificate(String subjectName, String creditCode, PublicKey key, Purpose purpose) {
        checkText("subject name", subjectName, UB_COMMON_NAME);
        if (!cn.sunlight.account.CreditCode.isValid(creditCode)) {
            throw new IllegalArgumentException("not a valid unified social credit code: " + creditCode);
        }
        Objects.requireNonNull(purpose, "purpose");
        KeyPairs.Type type = KeyPairs.typeOf(key);
        if (type == KeyPairs.Type.RSA && KeyPairs.rsaBits(key) < MIN_RSA_PARTY_BITS) {
            throw new IllegalArgumentException("RSA keys need at least " + MIN_RSA_PARTY_BITS + " bits");
        }
        int usage = switch (purpose) {
            case SIGNING -> KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            case ENCRYPTION -> switch (type) {
                case RSA, SM2 -> KeyUsage.keyEncipherment;
                case EC_P256 -> KeyUsage.keyAgreement;
                case ED25519 -> throw new IllegalArgumentException("Ed25519 keys can only sign");
            };
        };
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, subjectName)
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRCN-" + creditCode)
                .addRDN(BCStyle.CN, subjectName)
                .build();
        return issue(subject, key, PARTY_VALIDITY,
                builder -> builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage)));
    }

    /**
     * The unified social credit code a party certificate names (subject organizationIdentifier {@code NTRCN-<code>},
     * as {@link #issuePartyCertificate} writes it; ETSI EN 319 412-1 semantics), if it names a valid one.
     */
    public static java.util.Optional<String> organisationCode(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (var rdn : subject.getRDNs(BCStyle.ORGANIZATION_IDENTIFIER)) {
            String value = org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdn.getFirst().getValue());
            if (value.startsWith("NTRCN-") && cn.sunlight.account.CreditCode.isValid(value.substring("NTRCN-".length()))) {
                return java.util.Optional.of(value.substring("NTRCN-".length()));
            }
        }
        return java.util.Optional.empty();
    }

    // ------------------------------------------------------------------ verification

    /**
     * Checks that {@code cert} was issued by this CA and is valid now (PKIX path validation with the CA as trust
     * anchor: signature, validity, the CA's basicConstraints and keyUsage; revocation is not checked).
     *
     * @throws CertificateException with the reason if it is not
     */
    public void verify(X509Certificate cert) throws CertificateException {
        verify(cert, clock.instant());
    }

    /** Like {@link #verify(X509Certificate)}, at the given time (e.g. a signature's time-stamp). */
    public void verify(X509Certificate cert, Instant at) throws CertificateException {
        Objects.requireNonNull(cert, "cert");
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(certificate(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            validate(List.of(cert), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate " + cert.getSubjectX500Principal().getName()
                    + " is not valid under the platform CA: " + e.getMessage(), e);
        }
    }

    /**
     * PKIX path validation with the JDK's validator, or Bouncy Castle's when a certificate on the path has an SM2 key:
     * the JDK's validator re-parses every certificate with its own X.509 parser, which does not know the SM2 curve.
     */
    public static void validate(List<X509Certificate> path, PKIXParameters parameters) throws GeneralSecurityException {
        boolean sm2 = path.stream().anyMatch(c -> KeyPairs.isSm2(c.getPublicKey()));
        if (sm2) {
            java.security.Provider bc = CryptoProviders.bouncyCastle();
            CertPath certPath = CertificateFactory.getInstance("X.509", bc).generateCertPath(path);
            CertPathValidator.getInstance("PKIX", bc).validate(certPath, parameters);
        } else {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        }
    }

    // ------------------------------------------------------------------ internals

    private KeyMaterial createRoot() {
        KeyPair pair = KeyPairs.ecP256();
        X500Name name = platformName("Sunlight Platform Root CA");
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notBefore.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            return new KeyMaterial(pair.getPrivate(), List.of(cert));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the platform CA", e);
        }
    }

    @FunctionalInterface
    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    /** Issues for {@code validity} from now, cut short at the CA's own notAfter. */
    private X509Certificate issue(X500Name subject, PublicKey key, Duration validity, Extensions specific) {
        Instant notBefore = clock.instant();
        Instant notAfter = notBefore.plus(validity);
        Instant caNotAfter = certificate().getNotAfter().toInstant();
        return issue(subject, key, notBefore, notAfter.isAfter(caNotAfter) ? caNotAfter : notAfter, specific);
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
            Extensions specific) {
        X509Certificate caCert = certificate();
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("certificate for " + subject + " would outlive the platform CA ("
                    + caCert.getNotAfter().toInstant() + ")");
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)), Date.from(notAfter), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCert));
            specific.add(builder);
            return sign(builder, ca.privateKey());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            return Pem.certificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }

    /** A random positive 159-bit serial number (fits the 20-octet limit of RFC 5280 §4.1.2.2). */
    private BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name platformName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, "Sunlight")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static void checkText(String what, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (!value.strip().equals(value) || value.codePointCount(0, value.length()) > maxLength
                || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength
                    + " characters without control characters or surrounding spaces: " + value);
        }
    }
}
