package cn.sunlight.bid.envelope;

import cn.sunlight.tender.CryptoSuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Decides, while a candidate sealed bid is received and stored, whether it is acceptable — without any key.
 *
 * <p>One pass: the inspector pulls the upload through itself; every byte it reads is first hashed (SHA-256) and
 * copied to {@code copyTo} (the caller's storage), so hashing, storing and inspecting happen together and the
 * stored bytes are exactly the hashed bytes. Memory use is constant (64 KiB buffers): the encrypted content is
 * streamed, only the small header elements are decoded.
 *
 * <p>The whole input is always consumed — also when it is rejected — so the stored copy and the hash in
 * {@link EnvelopeRejected#sha256()} cover everything that was submitted. The one exception is
 * {@link EnvelopeRejected.Reason#TOO_LARGE}: reading stops at the limit.
 *
 * <p>Checks, in order: DER ContentInfo ({@code NOT_CMS}, {@code NOT_DER}, {@code TRUNCATED}, {@code MALFORMED},
 * {@code TRAILING_DATA}); AuthEnvelopedData ({@code NOT_AUTH_ENVELOPED}); the suite's GCM cipher — AES-256-GCM, or
 * SM4-GCM for the national suite — with a 12-byte nonce and 16-byte tag ({@code WRONG_ALGORITHM}); and, when an
 * opening certificate is given, a recipient naming it ({@code NOT_FOR_THIS_TENDER}) that uses the suite's key
 * delivery: RSA-OAEP-SHA256 or ECDH + AES-256 wrap, or SM2 encryption ({@code WRONG_ALGORITHM}).
 * The GCM tag itself can only be verified with the key, at the opening ({@link EnvelopeOpener}).
 *
 * <p>Thread-safe; instances hold only configuration.
 */
public final class EnvelopeInspector {

    /** Default size limit: 2 GiB. */
    public static final long DEFAULT_MAX_ENVELOPE_BYTES = 2L * 1024 * 1024 * 1024;

    private final long maxEnvelopeBytes;

    public EnvelopeInspector() {
        this(DEFAULT_MAX_ENVELOPE_BYTES);
    }

    public EnvelopeInspector(long maxEnvelopeBytes) {
        if (maxEnvelopeBytes <= 0) {
            throw new IllegalArgumentException("maxEnvelopeBytes must be positive");
        }
        this.maxEnvelopeBytes = maxEnvelopeBytes;
    }

    /** Inspects without storing a copy. */
    public EnvelopeFacts inspect(InputStream envelope) throws EnvelopeRejected, IOException {
        return inspect(envelope, null, null);
    }

    /** Inspects, copying every byte read to {@code copyTo} (may be null). */
    public EnvelopeFacts inspect(InputStream envelope, OutputStream copyTo) throws EnvelopeRejected, IOException {
        return inspect(envelope, copyTo, null);
    }

    /**
     * Inspects, copying every byte read to {@code copyTo} (may be null), and — if {@code openingCertificate} is not
     * null — requires the envelope to be addressed to it with an allowed key-delivery algorithm.
     *
     * @throws EnvelopeRejected the envelope is not acceptable (reason code + zh/en message + size/hash consumed)
     * @throws IOException      reading the upload or writing {@code copyTo} failed (not the bidder's fault)
     */
    public EnvelopeFacts inspect(InputStream envelope, OutputStream copyTo, X509Certificate openingCertificate)
            throws EnvelopeRejected, IOException {
        return inspect(envelope, copyTo, CryptoSuite.INTERNATIONAL, openingCertificate, false);
    }

    /**
     * Inspects a submission to a tender of {@code suite}, copying every byte read to {@code copyTo} (may be null): the
     * content must be encrypted with the suite's cipher (AES-256-GCM or SM4-GCM) and every certificate recipient
     * (key transport or key agreement) must use the suite's key delivery (RSA-OAEP/ECDH, or SM2), so a bid sealed with
     * the other suite's algorithms is {@code WRONG_ALGORITHM}. Whether a recipient names the tender's opening
     * certificate is left to the caller, which knows every certificate the tender has had.
     */
    public EnvelopeFacts inspectSubmission(InputStream envelope, OutputStream copyTo, CryptoSuite suite)
            throws EnvelopeRejected, IOException {
        return inspect(envelope, copyTo, suite, null, true);
    }

    /**
     * Inspects a submission already received into {@code file}, whose {@code size} bytes were hashed to {@code sha256}
     * while they were written (see {@code cn.sunlight.storage.BlobReceiver}): the same checks as
     * {@link #inspectSubmission}, but the encrypted content is skipped by seeking, not read again.
     */
    public EnvelopeFacts inspectStoredSubmission(java.nio.file.Path file, long size, byte[] sha256, CryptoSuite suite)
            throws EnvelopeRejected, IOException {
        if (size > maxEnvelopeBytes) {
            throw new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE, "more than " + maxEnvelopeBytes + " bytes")
                    .withConsumed(size, sha256);
        }
        try (StoredEnvelopeInput in = new StoredEnvelopeInput(file)) {
            DerEnvelopeReader reader = new DerEnvelopeReader(in);
            Framing framing;
            try {
                framing = frame(reader);
            } catch (RejectionIOException e) {
                throw e.rejection().withConsumed(size, sha256);
            } catch (EnvelopeRejected e) {
                throw e.withConsumed(size, sha256);
            }
            return judge(framing, suite, null, true, size, sha256);
        }
    }

    private record Framing(DerEnvelopeReader.Header header, DerEnvelopeReader.Trailer trailer) {
    }

    private Framing frame(DerEnvelopeReader reader) throws EnvelopeRejected, IOException {
        DerEnvelopeReader.Header header = reader.readHeader();
        if (header.envelopeLength() > maxEnvelopeBytes) {
            // refuse at once instead of receiving up to the limit
            throw new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE, "the envelope declares "
                    + header.envelopeLength() + " bytes; the limit is " + maxEnvelopeBytes);
        }
        reader.skipContent();
        DerEnvelopeReader.Trailer trailer = reader.readTrailer();
        reader.requireEnd();
        return new Framing(header, trailer);
    }

    private EnvelopeFacts inspect(InputStream envelope, OutputStream copyTo, CryptoSuite suite,
                                  X509Certificate openingCertificate, boolean everyRecipient)
            throws EnvelopeRejected, IOException {
        ObservedInputStream observed = new ObservedInputStream(envelope, copyTo, maxEnvelopeBytes);
        Framing framing;
        try {
            framing = frame(new DerEnvelopeReader(observed));
        } catch (EnvelopeRejected e) {
            throw finish(observed, e);
        } catch (RejectionIOException e) {
            throw finish(observed, e.rejection());
        }
        // The whole input has been read, hashed and copied; now the semantic checks.
        return judge(framing, suite, openingCertificate, everyRecipient, observed.count(), observed.digest());
    }

    private static EnvelopeFacts judge(Framing framing, CryptoSuite suite, X509Certificate openingCertificate,
                                       boolean everyRecipient, long size, byte[] digest) throws EnvelopeRejected {
        DerEnvelopeReader.Header header = framing.header();
        DerEnvelopeReader.Trailer trailer = framing.trailer();
        try {
            SuitePolicy.Gcm gcm = SuitePolicy.checkContentAlgorithm(header.contentEncryptionAlgorithm(), suite);
            if (trailer.mac().length != gcm.tagLength()) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.MALFORMED,
                        "mac is " + trailer.mac().length + " bytes, GCM parameters say " + gcm.tagLength());
            }
            List<Recipients.Entry> entries = Recipients.entries(header.recipientInfos());
            if (openingCertificate != null) {
                Optional<Recipients.Entry> match = Recipients.find(entries, openingCertificate);
                if (match.isEmpty()) {
                    throw new EnvelopeRejected(EnvelopeRejected.Reason.NOT_FOR_THIS_TENDER,
                            "no recipient names " + openingCertificate.getSubjectX500Principal().getName()
                                    + " (serial " + openingCertificate.getSerialNumber().toString(16) + ")");
                }
                SuitePolicy.checkKeyDelivery(match.get(), suite);
            }
            if (everyRecipient) {
                for (Recipients.Entry entry : entries) {
                    if (entry.ktri() != null || entry.kari() != null) {
                        SuitePolicy.checkKeyDelivery(entry, suite);
                    }
                }
            }
            return new EnvelopeFacts(true, gcm.oid().getId(), Recipients.refs(entries), gcm.nonce().length,
                    gcm.tagLength(), header.encryptedContentLength(), trailer.authAttrsAad() != null, size, digest);
        } catch (EnvelopeRejected e) {
            throw e.withConsumed(size, digest);
        }
    }

    /**
     * Reads the rest of the input (so it is stored and hashed too) and records size and hash in the rejection. If
     * the rest exceeds the size limit, the rejection becomes TOO_LARGE — the stored copy is then incomplete — with
     * the first problem in the detail.
     */
    private static EnvelopeRejected finish(ObservedInputStream observed, EnvelopeRejected e) throws IOException {
        EnvelopeRejected result = e;
        if (e.reason() != EnvelopeRejected.Reason.TOO_LARGE) {
            try {
                observed.drain();
            } catch (RejectionIOException tooLarge) {
                result = new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE, "more than " + observed.maxBytes()
                        + " bytes, after " + e.getMessage(), e);
            }
        }
        return result.withConsumed(observed.count(), observed.digest());
    }
}
