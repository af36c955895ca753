package cn.sunlight.crypto;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * The platform's RFC 3161 time-stamping authority.
 *
 * <p>Tokens are CMS SignedData over a TSTInfo, signed SHA256withECDSA by the TSA key, with an ESS
 * signing-certificate-v2 attribute (SHA-256 certificate hash), the configured policy OID, a serial number that is
 * unique and increasing, genTime from the injected {@link Clock} (millisecond resolution), accuracy 1 s, ordering
 * false, the TSA's name, and the request's nonce. The TSA certificate is included when the request asks for it
 * ({@code certReq}); {@link #stamp(byte[])} always asks.
 *
 * <p>Accepted: version 1 requests over SHA-256, SHA-384 or SHA-512 imprints, without extensions, with no requested
 * policy or ours. Everything else gets a rejection (status 2) with the matching PKIFailureInfo: badAlg,
 * unacceptedPolicy, unacceptedExtension, badDataFormat (unparseable, wrong imprint length, oversized), badRequest
 * (wrong version), systemUnavail (the clock is outside the TSA certificate's validity), systemFailure (internal
 * error). {@link #respond(byte[])} never throws.
 *
 * <p>Thread-safe: Bouncy Castle's token generator holds a content signer (a {@code java.security.Signature}), which is
 * not reentrant, so a generator serves one request at a time; built ones are kept in a pool for the current TSA key
 * and reused (building one builds the signer and encodes the certificate), and a renewed key starts a new pool.
 */
public final class TimeStampAuthority {

    /** Configuration key of the TSA policy OID. */
    public static final String POLICY_CONFIG_KEY = "sunlight.tsa.policy";
    /**
     * The platform's private OID arc: a UUID-derived OID under {@code 2.25} (ITU-T X.667 / ISO/IEC 9834-8), which needs
     * no registration and cannot collide. Allocation below it: {@code .1} time-stamping; {@code .1.1} TSA policy v1.
     */
    public static final String PLATFORM_OID_ARC = "2.25.157459450424201713067467454499100323694";
    /** Default TSA policy: the platform's time-stamping policy, version 1. */
    public static final String DEFAULT_POLICY = PLATFORM_OID_ARC + ".1.1";
    /** Largest time-stamp query accepted (a SHA-512 query with nonce is about 100 bytes). */
    public static final int MAX_QUERY_BYTES = 8 * 1024;

    private static final System.Logger LOG = System.getLogger(TimeStampAuthority.class.getName());
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_ALGORITHMS = Set.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);
    /**
     * Last serial number issued in this JVM (shared by all instances, so two TSAs built on the same key cannot
     * collide). Serials are microseconds since the epoch of the system clock at issuance, bumped by one whenever that
     * would not increase: unique and increasing in this process, and across restarts as long as the system clock does
     * not step back. Independent of the injected genTime clock.
     */
    private static final AtomicLong LAST_SERIAL = new AtomicLong();

    private final Supplier<KeyMaterial> keys;
    private final ASN1ObjectIdentifier policy;
    private final Clock clock;
    private final DigestCalculatorProvider digests;
    /** Idle token generators for one TSA key (see the class comment); at most as many as concurrent requests. */
    private final AtomicReference<GeneratorPool> generators = new AtomicReference<>();

    private record GeneratorPool(KeyMaterial key, ConcurrentLinkedQueue<TimeStampTokenGenerator> idle) {
    }

    /**
     * A TSA with the platform CA's persisted TSA key ({@link PlatformCa#tsaSigner()}), picked up afresh for every
     * request so that a renewed TSA certificate takes over without a restart.
     */
    public TimeStampAuthority(PlatformCa ca, String policyOid, Clock clock) {
        this(ca::tsaSigner, policyOid, clock);
    }

    /**
     * @param tsa       the TSA key and chain (leaf first); the leaf must carry the critical, sole timeStamping EKU
     * @param policyOid the TSA policy OID, e.g. {@link #DEFAULT_POLICY}
     * @param clock     source of genTime
     */
    public TimeStampAuthority(KeyMaterial tsa, String policyOid, Clock clock) {
        this(constant(tsa), policyOid, clock);
    }

    private TimeStampAuthority(Supplier<KeyMaterial> keys, String policyOid, Clock clock) {
        this.keys = keys;
        this.policy = new ASN1ObjectIdentifier(Objects.requireNonNull(policyOid, "policyOid"));
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
        try {
            tokenGenerator(keys.get()); // fails now, not at the first request, if the certificate is unfit
        } catch (TSPException e) {
            throw new IllegalArgumentException("TSA key material is not fit for time-stamping: " + e.getMessage(), e);
        }
    }

    private static Supplier<KeyMaterial> constant(KeyMaterial tsa) {
        Objects.requireNonNull(tsa, "tsa");
        return () -> tsa;
    }

    public ASN1ObjectIdentifier policy() {
        return policy;
    }

    /** The current TSA certificate. */
    public X509Certificate certificate() {
        return keys.get().certificate();
    }

    /** The current TSA certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return keys.get().chain();
    }

    /**
     * Answers a DER {@code TimeStampReq} ({@code application/timestamp-query}) with a DER {@code TimeStampResp}
     * ({@code application/timestamp-reply}). Never throws: bad requests get a rejection response.
     */
    public byte[] respond(byte[] timeStampQueryDer) {
        try {
            TimeStampRequest request;
            try {
                request = parse(timeStampQueryDer);
            } catch (TSPValidationException e) {
                return reject(e.getFailureCode(), e.getMessage());
            }
            TimeStampResponse response;
            try {
                response = grant(request);
            } catch (TSPValidationException e) {
                return reject(e.getFailureCode(), e.getMessage());
            }
            return response.getEncoded();
        } catch (Exception | LinkageError e) {
            LOG.log(Level.ERROR, "time-stamp request failed", e);
            return reject(PKIFailureInfo.systemFailure, "internal error");
        }
    }

    /**
     * A time-stamp token over a SHA-256 digest, for the platform's own use (bid receipts). The token includes the TSA
     * certificate.
     *
     * @throws IllegalArgumentException if the digest is not 32 bytes
     * @throws IllegalStateException    if the token cannot be produced
     */
    public TimeStampToken stamp(byte[] sha256Digest) {
        if (sha256Digest == null || sha256Digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256Digest.clone());
        try {
            // The token as generated: a granted response would only be parsed back into it.
            KeyMaterial tsa = keys.get();
            request.validate(ACCEPTED_ALGORITHMS, Set.of(policy), Set.of());
            Date genTime = genTime(tsa);
            TimeStampTokenGenerator generator = borrow(tsa);
            TimeStampToken token = generator.generate(request, nextSerial(), genTime);
            giveBack(tsa, generator);
            return token;
        } catch (TSPException e) { // validation of our own request fails only when unavailable
            throw new IllegalStateException("time-stamping failed", e);
        }
    }

    /** DER encoding (a CMS ContentInfo) of {@link #stamp(byte[])}. */
    public byte[] tokenDer(byte[] sha256Digest) {
        try {
            return stamp(sha256Digest).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode time-stamp token", e);
        }
    }

    private static TimeStampRequest parse(byte[] der) throws TSPValidationException {
        if (der == null || der.length == 0) {
            throw new TSPValidationException("empty request", PKIFailureInfo.badDataFormat);
        }
        if (der.length > MAX_QUERY_BYTES) {
            throw new TSPValidationException("request too large", PKIFailureInfo.badDataFormat);
        }
        TimeStampReq req;
        try {
            // fromByteArray rejects trailing bytes after the request
            req = TimeStampReq.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new TSPValidationException("malformed request", PKIFailureInfo.badDataFormat);
        }
        if (req == null) {
            throw new TSPValidationException("malformed request", PKIFailureInfo.badDataFormat);
        }
        TimeStampRequest request = new TimeStampRequest(req);
        try {
            if (request.getVersion() != 1) {
                throw new TSPValidationException("unsupported request version", PKIFailureInfo.badRequest);
            }
        } catch (ArithmeticException e) {
            throw new TSPValidationException("unsupported request version", PKIFailureInfo.badRequest);
        }
        return request;
    }

    private TimeStampResponse grant(TimeStampRequest request) throws TSPException, IOException {
        KeyMaterial tsa = keys.get();
        Date genTime = genTime(tsa);
        TimeStampTokenGenerator tokens = borrow(tsa);
        TimeStampResponse response = new TimeStampResponseGenerator(tokens, ACCEPTED_ALGORITHMS, Set.of(policy), Set.of())
                .generateGrantedResponse(request, nextSerial(), genTime);
        giveBack(tsa, tokens); // only after a success: a failed one may have left its signer mid-operation
        return response;
    }

    /** An idle generator for {@code tsa}, or a new one. */
    private TimeStampTokenGenerator borrow(KeyMaterial tsa) throws TSPException {
        GeneratorPool pool = generators.get();
        if (pool != null && pool.key() == tsa) {
            TimeStampTokenGenerator g = pool.idle().poll();
            if (g != null) {
                return g;
            }
        }
        return tokenGenerator(tsa);
    }

    /** Back to the pool of {@code tsa}'s key (a pool for an older key is replaced; its generators are dropped). */
    private void giveBack(KeyMaterial tsa, TimeStampTokenGenerator generator) {
        GeneratorPool pool = generators.get();
        if (pool == null || pool.key() != tsa) {
            GeneratorPool fresh = new GeneratorPool(tsa, new ConcurrentLinkedQueue<>());
            pool = generators.compareAndSet(pool, fresh) ? fresh : generators.get();
            if (pool == null || pool.key() != tsa) {
                return; // another key took over meanwhile
            }
        }
        pool.idle().offer(generator);
    }

    /** Now, to the millisecond; refused while outside the TSA certificate's validity. */
    private Date genTime(KeyMaterial tsa) throws TSPValidationException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        X509Certificate cert = tsa.certificate();
        if (now.isBefore(cert.getNotBefore().toInstant()) || now.isAfter(cert.getNotAfter().toInstant())) {
            // a token dated outside the TSA certificate's validity would not verify anywhere
            LOG.log(Level.ERROR, "clock {0} is outside the TSA certificate validity {1} .. {2}", now,
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
            throw new TSPValidationException("time-stamping unavailable", PKIFailureInfo.systemUnavail);
        }
        return Date.from(now);
    }

    private TimeStampTokenGenerator tokenGenerator(KeyMaterial tsa) throws TSPException {
        X509Certificate cert = tsa.certificate();
        TimeStampTokenGenerator generator;
        JcaCertStore certificates;
        try {
            certificates = new JcaCertStore(List.of(cert));
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(cert)).build(tsa.privateKey()), cert);
            // a SHA-256 calculator makes Bouncy Castle add ESS signing-certificate-v2 (a SHA-1 one would give v1)
            DigestCalculator essCertIdDigest = digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            generator = new TimeStampTokenGenerator(signerInfo, essCertIdDigest, policy);
        } catch (OperatorCreationException | CertificateEncodingException | IllegalArgumentException e) {
            throw new TSPException("cannot set up the time-stamp token generator: " + e.getMessage(), e);
        }
        generator.setAccuracySeconds(1);
        generator.setOrdering(false);
        generator.setResolution(TimeStampTokenGenerator.R_MILLISECONDS);
        generator.setTSA(new GeneralName(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded())));
        generator.addCertificates(certificates); // only put in the token when the request has certReq
        return generator;
    }

    private static String signatureAlgorithm(X509Certificate cert) {
        return switch (KeyPairs.typeOf(cert.getPublicKey())) {
            case EC_P256 -> "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
            case ED25519 -> "Ed25519";
            // The TSA key is the platform's own P-256 key; OpenSSL 3.0's ts cannot check SM2 tokens anyway.
            case SM2 -> throw new IllegalArgumentException("the time-stamping authority does not sign with SM2");
        };
    }

    private static BigInteger nextSerial() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return BigInteger.valueOf(LAST_SERIAL.updateAndGet(last -> Math.max(last + 1, micros)));
    }

    /** A rejection: {@code TimeStampResp { status { rejection, statusString, failInfo } }}, built directly. */
    private static byte[] reject(int failureInfo, String reason) {
        LOG.log(Level.DEBUG, "rejecting time-stamp request: {0}", reason);
        try {
            return new TimeStampResp(new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(reason),
                    new PKIFailureInfo(failureInfo)), null).getEncoded(ASN1Encoding.DER);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
