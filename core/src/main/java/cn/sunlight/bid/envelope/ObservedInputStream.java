package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The single pass over an incoming envelope: every byte handed to the parser is also counted, fed to
 * SHA-256 and copied to the caller's sink (storage), in that order, before the parser sees it. Refuses to
 * read past {@code maxBytes} (the byte that would exceed the limit is neither hashed nor copied).
 */
final class ObservedInputStream extends InputStream {
    private final InputStream source;
    private final OutputStream sink;
    private final MessageDigest sha256;
    private final long maxBytes;
    private long count;
    private boolean eof;

    ObservedInputStream(InputStream source, OutputStream sink, long maxBytes) {
        this.source = source;
        this.sink = sink;
        this.maxBytes = maxBytes;
        try {
            // The JDK's SHA-256 (Bouncy Castle is registered last, so this is SUN's implementation).
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        long allowed = maxBytes - count;
        if (allowed <= 0) {
            int probe = source.read();
            if (probe < 0) {
                eof = true;
                return -1;
            }
            throw new RejectionIOException(new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE,
                    "more than " + maxBytes + " bytes"));
        }
        int n = source.read(b, off, (int) Math.min(len, allowed));
        if (n < 0) {
            eof = true;
            return -1;
        }
        count += n;
        sha256.update(b, off, n);
        if (sink != null) {
            sink.write(b, off, n);
        }
        return n;
    }

    /** Reads and observes everything that is left (up to the size limit). */
    void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashed and copied by read()
        }
    }

    long count() {
        return count;
    }

    boolean reachedEof() {
        return eof;
    }

    /** Completes the digest; call once, at the end. */
    byte[] digest() {
        return sha256.digest();
    }

    long maxBytes() {
        return maxBytes;
    }
}
