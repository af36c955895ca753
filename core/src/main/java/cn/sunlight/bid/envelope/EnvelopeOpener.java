package cn.sunlight.bid.envelope;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import cn.sunlight.tender.CryptoSuite;


/**
 * Opens sealed bids (CMS AuthEnvelopedData; AES-256-GCM for the international suite, SM4-GCM with SM2 key transport
 * for the national one — an opener admits only its suite's algorithms) at the opening.
 *
 * <p>The plaintext is streamed into {@code <quarantine>.partial}; only after the GCM tag has verified at the very
 * end (and nothing follows the envelope) is that file flushed to disk and atomically renamed to
 * {@code quarantine}. On any failure — tag mismatch ({@code TAMPERED}), truncation, wrong key, malformed input,
 * I/O error — the partial file is deleted and no plaintext is left behind.
 *
 * <p>Decryption uses Bouncy Castle's lightweight GCM (over AES or SM4), which streams (and accepts authenticated attributes that
 * arrive after the ciphertext, as they do in AuthEnvelopedData). The JDK's AES-GCM cipher is not used for
 * decryption because it buffers the entire ciphertext in memory until {@code doFinal}.
 *
 * <p>Thread-safe; instances hold no state.
 */
public final class EnvelopeOpener {

    private static final int CHUNK = 64 * 1024;
    private final CryptoSuite suite;

    /** An opener for the international suite. */
    public EnvelopeOpener() {
        this(CryptoSuite.INTERNATIONAL);
    }

    /** An opener for the given suite: a bid sealed with the other suite's algorithms is {@code WRONG_ALGORITHM}. */
    public EnvelopeOpener(CryptoSuite suite) {
        cn.sunlight.crypto.CryptoProviders.bouncyCastle();
        this.suite = java.util.Objects.requireNonNull(suite, "suite");
    }

    /**
     * Path 2 (and the normal case): opens with the recipient's private key. The recipient is selected by
     * {@code recipientCertificate} (issuer+serial or subjectKeyIdentifier).
     *
     * @param quarantine where the plaintext goes; must not exist; its directory must exist
     * @throws EnvelopeRejected NOT_FOR_THIS_TENDER (no recipient for the certificate), KEY_UNWRAP_FAILED (wrong
     *                          key), TAMPERED (tag mismatch), TRUNCATED, MALFORMED, WRONG_ALGORITHM, …
     */
    public OpenedEnvelope open(InputStream envelope, PrivateKey recipientKey, X509Certificate recipientCertificate,
                               Path quarantine) throws EnvelopeRejected, IOException {
        return toFile(envelope, (header, gcm) -> unwrapFor(header, recipientKey, recipientCertificate, suite), quarantine);
    }

    /**
     * Path 1: opens with a content-encryption key the bidder's tool unwrapped and handed over. The caller keeps
     * ownership of {@code contentKey} (and should zero it). A wrong key is reported as {@code TAMPERED}: GCM cannot
     * tell a wrong key from altered content.
     */
    public OpenedEnvelope openWithContentKey(InputStream envelope, byte[] contentKey, Path quarantine)
            throws EnvelopeRejected, IOException {
        return toFile(envelope, (header, gcm) -> contentKey.clone(), quarantine);
    }

    /**
     * For the bidder's tool: recovers the content-encryption key addressed to {@code recipientCertificate}. Reads
     * only the envelope's header (recipients and algorithm), not the content; the caller closes the stream.
     * The caller owns the returned key and should zero it after use.
     */
    public byte[] unwrapContentKey(InputStream envelope, PrivateKey recipientKey,
                                   X509Certificate recipientCertificate) throws EnvelopeRejected, IOException {
        DerEnvelopeReader reader = new DerEnvelopeReader(envelope);
        try {
            DerEnvelopeReader.Header header = reader.readHeader();
            SuitePolicy.checkContentAlgorithm(header.contentEncryptionAlgorithm(), suite);
            return unwrapFor(header, recipientKey, recipientCertificate, suite);
        } catch (RejectionIOException e) {
            throw e.rejection();
        }
    }

    /** Small envelopes (custodian shares): decrypts into memory, returns the plaintext only if authentic. */
    byte[] openInMemory(byte[] envelope, PrivateKey recipientKey, X509Certificate recipientCertificate)
            throws EnvelopeRejected, IOException {
        SecretBuffer plain = new SecretBuffer();
        try {
            decrypt(new ObservedInputStream(new ByteArrayInputStream(envelope), null, Long.MAX_VALUE),
                    (header, gcm) -> unwrapFor(header, recipientKey, recipientCertificate, suite), plain, suite);
            return plain.takeAndWipe();
        } catch (RejectionIOException e) {
            throw e.rejection();
        } finally {
            plain.wipe();
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface KeySource {
        byte[] contentKey(DerEnvelopeReader.Header header, SuitePolicy.Gcm gcm) throws EnvelopeRejected;
    }

    private static byte[] unwrapFor(DerEnvelopeReader.Header header, PrivateKey key, X509Certificate certificate,
                                    CryptoSuite suite) throws EnvelopeRejected {
        List<Recipients.Entry> entries = Recipients.entries(header.recipientInfos());
        Recipients.Entry entry = Recipients.find(entries, certificate).orElseThrow(() -> new EnvelopeRejected(
                EnvelopeRejected.Reason.NOT_FOR_THIS_TENDER,
                "no recipient names " + certificate.getSubjectX500Principal().getName()));
        SuitePolicy.checkKeyDelivery(entry, suite);
        return ContentKeys.unwrap(entry, key, header.contentEncryptionAlgorithm());
    }

    private OpenedEnvelope toFile(InputStream envelope, KeySource keys, Path quarantine)
            throws EnvelopeRejected, IOException {
        Path target = quarantine.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        ObservedInputStream observed = new ObservedInputStream(envelope, null, Long.MAX_VALUE);
        boolean done = false;
        try (FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly(partial))) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK);
            long plaintextSize = decrypt(observed, keys, out, suite);
            out.flush();
            channel.force(true);
            channel.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return new OpenedEnvelope(target, plaintextSize, observed.count(), observed.digest());
        } catch (RejectionIOException e) {
            throw e.rejection();
        } finally {
            if (!done) {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    /**
     * Streams the plaintext into {@code out}. Everything written to {@code out} is unauthenticated until this
     * method returns normally; callers discard it otherwise.
     *
     * @return the plaintext length
     */
    private static long decrypt(ObservedInputStream in, KeySource keys, OutputStream out, CryptoSuite suite)
            throws EnvelopeRejected, IOException {
        DerEnvelopeReader reader = new DerEnvelopeReader(in);
        DerEnvelopeReader.Header header = reader.readHeader();
        SuitePolicy.Gcm gcm = SuitePolicy.checkContentAlgorithm(header.contentEncryptionAlgorithm(), suite);

        GcmDecryption cipher;
        byte[] key = keys.contentKey(header, gcm);
        try {
            if (key.length != gcm.keyLength()) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED,
                        "content key is " + key.length + " bytes; " + Oids.name(gcm.oid()) + " needs "
                                + gcm.keyLength());
            }
            cipher = GcmDecryption.of(gcm, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }

        InputStream content = reader.encryptedContent();
        byte[] buf = new byte[CHUNK];
        byte[] plain = new byte[CHUNK + 64];
        try {
            long total = 0;
            int n;
            while ((n = content.read(buf, 0, buf.length)) >= 0) {
                int m = cipher.update(buf, 0, n, plain);
                out.write(plain, 0, m);
                total += m;
            }
            DerEnvelopeReader.Trailer trailer = reader.readTrailer();
            if (trailer.mac().length != gcm.tagLength()) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.MALFORMED,
                        "mac is " + trailer.mac().length + " bytes, GCM parameters say " + gcm.tagLength());
            }
            // authenticated attributes come after the ciphertext in AuthEnvelopedData; the tag covers them too
            int m = cipher.finish(trailer.authAttrsAad(), trailer.mac(), plain);
            out.write(plain, 0, m);
            total += m;
            reader.requireEnd();
            return total;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
