package cn.sunlight.bid.envelope;

import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.MALFORMED;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.NOT_AUTH_ENVELOPED;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.NOT_CMS;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.NOT_DER;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.TRAILING_DATA;
import static cn.sunlight.bid.envelope.EnvelopeRejected.Reason.TRUNCATED;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Streaming reader for the outer framing of a DER {@code ContentInfo} holding {@code AuthEnvelopedData}
 * (RFC 5652 §3, RFC 5083 §2.1):
 *
 * <pre>
 * ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT AuthEnvelopedData }
 * AuthEnvelopedData ::= SEQUENCE {
 *   version 0, originatorInfo [0] IMPLICIT OPTIONAL, recipientInfos SET,
 *   authEncryptedContentInfo SEQUENCE { contentType OID, contentEncryptionAlgorithm AlgorithmIdentifier,
 *                                       encryptedContent [0] IMPLICIT OCTET STRING },
 *   authAttrs [1] IMPLICIT OPTIONAL, mac OCTET STRING, unauthAttrs [2] IMPLICIT OPTIONAL }
 * </pre>
 *
 * Only the headers on this path are parsed here; the small elements (recipient infos, algorithm identifier,
 * attributes) are read whole (at most {@link #MAX_SMALL_ELEMENT} bytes) and decoded with Bouncy Castle's ASN.1
 * classes; the encrypted content is exposed as a bounded stream and never buffered.
 *
 * <p>Why not {@code CMSAuthEnvelopedDataParser}: it accepts BER and DER alike without saying which; it only hands out
 * the ciphertext through a {@code Recipient}, i.e. with a key, so the key-less inspector could not read the
 * envelope to its end (mac, trailing bytes) through it; its lengths are {@code int}s (no envelope of 2 GiB or more);
 * and a truncated or garbled input surfaces as assorted runtime exceptions. Here every length is a {@code long},
 * only DER framing is accepted (definite lengths, minimal length octets, primitive encrypted content), and each
 * failure maps to one {@link EnvelopeRejected.Reason}.
 */
final class DerEnvelopeReader {

    static final int MAX_SMALL_ELEMENT = 1 << 20;
    private static final int MAX_OID = 127;
    private static final int MAX_MAC = 64;

    /** {@code envelopeLength} is the total length the ContentInfo header declares. */
    record Header(List<RecipientInfo> recipientInfos, boolean originatorInfoPresent,
                  ASN1ObjectIdentifier encryptedContentType, AlgorithmIdentifier contentEncryptionAlgorithm,
                  long encryptedContentLength, long envelopeLength) {
    }

    /** {@code authAttrsAad} is the DER encoding of the authAttrs as a SET OF (the GCM AAD), or null. */
    record Trailer(byte[] authAttrsAad, byte[] mac, boolean unauthAttrsPresent) {
    }

    private enum State { START, CONTENT, TRAILER, END }

    private final InputStream in;
    private final byte[] one = new byte[1];
    private long pos;
    private int firstByte = -1;
    private boolean recognized; // set once the content type says AuthEnvelopedData
    private State state = State.START;
    private long aedEnd;
    private long contentRemaining;

    DerEnvelopeReader(InputStream in) {
        this.in = in;
    }

    long position() {
        return pos;
    }

    Header readHeader() throws EnvelopeRejected, IOException {
        if (state != State.START) {
            throw new IllegalStateException("header already read");
        }
        int tag = readByteOrEof();
        if (tag < 0) {
            throw reject(NOT_CMS, "empty input");
        }
        firstByte = tag;
        if (tag != 0x30) {
            throw reject(NOT_CMS, tag == '-' ? "looks like PEM text; a binary DER envelope is required"
                    : String.format("first byte 0x%02x is not a DER SEQUENCE", tag));
        }
        // A BER (indefinite-length) ContentInfo is only reported as NOT_DER once its content type shows it is CMS.
        long ciLength = readLength("ContentInfo", true);
        boolean indefinite = ciLength < 0;
        long ciEnd = indefinite ? Long.MAX_VALUE : ciLength + pos;
        ASN1ObjectIdentifier contentType = readOid("ContentInfo.contentType", ciEnd, NOT_CMS);
        if (!Oids.AUTH_ENVELOPED_DATA.equals(contentType)) {
            if (contentType.on(Oids.PKCS7) || contentType.on(Oids.SMIME_CT)) {
                throw reject(NOT_AUTH_ENVELOPED, "content type is " + Oids.name(contentType)
                        + (Oids.ENVELOPED_DATA.equals(contentType) ? " (EnvelopedData cannot carry AES-GCM)" : ""));
            }
            throw reject(NOT_CMS, "unknown content type " + contentType.getId());
        }
        recognized = true;
        if (indefinite) {
            throw reject(NOT_DER, "ContentInfo uses an indefinite length (BER)");
        }

        long explicitEnd = expectConstructed(0xA0, "ContentInfo.content [0]", ciEnd);
        if (explicitEnd != ciEnd) {
            throw reject(MALFORMED, "extra elements in ContentInfo");
        }
        aedEnd = expectConstructed(0x30, "AuthEnvelopedData", explicitEnd);
        if (aedEnd != explicitEnd) {
            throw reject(MALFORMED, "extra elements after AuthEnvelopedData");
        }

        byte[] version = readElement(expectTag(0x02, "AuthEnvelopedData.version"), "version", aedEnd);
        if (!ASN1Integer.getInstance(parse(version, "version")).hasValue(0)) {
            throw reject(MALFORMED, "AuthEnvelopedData version must be 0");
        }

        int t = readTag("AuthEnvelopedData.recipientInfos");
        boolean originatorInfo = false;
        if (t == 0xA0) {
            originatorInfo = true;
            readElement(t, "originatorInfo", aedEnd);
            t = readTag("AuthEnvelopedData.recipientInfos");
        }
        if (t != 0x31) {
            throw reject(MALFORMED, String.format("expected recipientInfos SET, found tag 0x%02x", t));
        }
        List<RecipientInfo> recipients = parseRecipientInfos(readElement(t, "recipientInfos", aedEnd));

        long eciEnd = expectConstructed(0x30, "authEncryptedContentInfo", aedEnd);
        ASN1ObjectIdentifier encryptedContentType = readOid("authEncryptedContentInfo.contentType", eciEnd, MALFORMED);
        byte[] algBytes = readElement(expectTag(0x30, "contentEncryptionAlgorithm"), "contentEncryptionAlgorithm",
                eciEnd);
        AlgorithmIdentifier alg;
        try {
            alg = AlgorithmIdentifier.getInstance(parse(algBytes, "contentEncryptionAlgorithm"));
        } catch (IllegalArgumentException e) {
            throw reject(MALFORMED, "contentEncryptionAlgorithm: " + e.getMessage());
        }
        if (pos == eciEnd) {
            throw reject(MALFORMED, "encryptedContent is absent (detached content is not supported)");
        }
        t = readTag("encryptedContent");
        if (t == 0xA0) {
            throw reject(NOT_DER, "encryptedContent is a constructed (chunked) OCTET STRING");
        }
        if (t != 0x80) {
            throw reject(MALFORMED, String.format("expected encryptedContent [0], found tag 0x%02x", t));
        }
        long contentLength = readLength("encryptedContent");
        if (pos + contentLength != eciEnd) {
            throw reject(MALFORMED, "encryptedContent length does not match authEncryptedContentInfo");
        }
        contentRemaining = contentLength;
        state = State.CONTENT;
        return new Header(recipients, originatorInfo, encryptedContentType, alg, contentLength, ciEnd);
    }

    /**
     * The ciphertext, exactly {@code encryptedContentLength} bytes. A premature end of input is reported as
     * {@link RejectionIOException} carrying {@code TRUNCATED}.
     */
    InputStream encryptedContent() {
        if (state != State.CONTENT) {
            throw new IllegalStateException("not positioned at the encrypted content");
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (contentRemaining == 0) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int n = in.read(b, off, (int) Math.min(len, contentRemaining));
                if (n < 0) {
                    throw new RejectionIOException(reject(TRUNCATED,
                            "input ended with " + contentRemaining + " bytes of encrypted content missing"));
                }
                pos += n;
                contentRemaining -= n;
                return n;
            }
        };
    }

    /** Skips (reads) whatever is left of the encrypted content. */
    void skipContent() throws IOException {
        if (in instanceof StoredEnvelopeInput stored) {
            // already hashed while it was written: seek over the ciphertext instead of reading it
            long skipped = stored.skip(contentRemaining);
            pos += skipped;
            contentRemaining -= skipped;
            if (contentRemaining > 0) {
                throw new RejectionIOException(reject(TRUNCATED,
                        "input ended with " + contentRemaining + " bytes of encrypted content missing"));
            }
            return;
        }
        InputStream content = encryptedContent();
        byte[] buf = new byte[64 * 1024];
        while (content.read(buf, 0, buf.length) >= 0) {
            // discard
        }
    }

    Trailer readTrailer() throws EnvelopeRejected, IOException {
        if (state != State.CONTENT || contentRemaining != 0) {
            throw new IllegalStateException("encrypted content not fully read");
        }
        state = State.TRAILER;
        if (pos == aedEnd) {
            throw reject(MALFORMED, "mac is missing");
        }
        int t = readTag("mac");
        byte[] aad = null;
        if (t == 0xA1) {
            byte[] authAttrs = readElement(t, "authAttrs", aedEnd);
            try {
                ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(parse(authAttrs, "authAttrs"));
                // RFC 5083 §2.2: the AAD is the DER encoding of authAttrs with a universal SET OF tag.
                aad = ASN1Set.getInstance(tagged, false).getEncoded(ASN1Encoding.DER);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw reject(MALFORMED, "authAttrs: " + e.getMessage());
            }
            t = readTag("mac");
        }
        if (t != 0x04) {
            throw reject(MALFORMED, String.format("expected mac OCTET STRING, found tag 0x%02x", t));
        }
        long macLength = readLength("mac");
        if (macLength < 1 || macLength > MAX_MAC || pos + macLength > aedEnd) {
            throw reject(MALFORMED, "bad mac length " + macLength);
        }
        byte[] mac = new byte[(int) macLength];
        readFully(mac, "mac");
        boolean unauth = false;
        if (pos < aedEnd) {
            t = readTag("unauthAttrs");
            if (t != 0xA2) {
                throw reject(MALFORMED, String.format("unexpected element after mac (tag 0x%02x)", t));
            }
            readElement(t, "unauthAttrs", aedEnd);
            unauth = true;
        }
        if (pos != aedEnd) {
            throw reject(MALFORMED, "AuthEnvelopedData has extra elements");
        }
        state = State.END;
        return new Trailer(aad, mac, unauth);
    }

    /** The envelope must be the whole input: any further byte is {@code TRAILING_DATA}. */
    void requireEnd() throws EnvelopeRejected, IOException {
        if (state != State.END) {
            throw new IllegalStateException("trailer not read");
        }
        if (readByteOrEof() >= 0) {
            throw reject(TRAILING_DATA, "data after the end of the ContentInfo at offset " + (pos - 1));
        }
    }

    // ---------------------------------------------------------------- low level

    private List<RecipientInfo> parseRecipientInfos(byte[] encoded) throws EnvelopeRejected {
        List<RecipientInfo> list = new ArrayList<>();
        try {
            ASN1Set set = ASN1Set.getInstance(parse(encoded, "recipientInfos"));
            for (int i = 0; i < set.size(); i++) {
                list.add(RecipientInfo.getInstance(set.getObjectAt(i)));
            }
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw reject(MALFORMED, "recipientInfos: " + e.getMessage());
        }
        if (list.isEmpty()) {
            throw reject(MALFORMED, "no recipients");
        }
        return List.copyOf(list);
    }

    private ASN1Primitive parse(byte[] encoded, String what) throws EnvelopeRejected {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(encoded);
            if (p == null) {
                throw reject(MALFORMED, what + ": empty");
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw reject(MALFORMED, what + ": " + e.getMessage());
        }
    }

    private ASN1ObjectIdentifier readOid(String what, long parentEnd, EnvelopeRejected.Reason onError)
            throws EnvelopeRejected, IOException {
        int t = readTag(what);
        if (t != 0x06) {
            throw reject(onError, String.format("%s: expected OBJECT IDENTIFIER, found tag 0x%02x", what, t));
        }
        long len = readLength(what);
        if (len < 1 || len > MAX_OID || pos + len > parentEnd) {
            throw reject(onError, what + ": bad OBJECT IDENTIFIER length " + len);
        }
        byte[] tlv = new byte[2 + (int) len];
        tlv[0] = 0x06;
        tlv[1] = (byte) len;
        readFully(tlv, 2, (int) len, what);
        try {
            return ASN1ObjectIdentifier.getInstance(ASN1Primitive.fromByteArray(tlv));
        } catch (IOException | RuntimeException e) {
            throw reject(onError, what + ": invalid OBJECT IDENTIFIER");
        }
    }

    /** Reads the tag, which must be {@code expected}, and its length; returns the end offset of the element. */
    private long expectConstructed(int expected, String what, long parentEnd) throws EnvelopeRejected, IOException {
        expectTag(expected, what);
        long len = readLength(what);
        long end = pos + len;
        if (end > parentEnd || end < pos) {
            throw reject(MALFORMED, what + " is longer than its parent");
        }
        return end;
    }

    private int expectTag(int expected, String what) throws EnvelopeRejected, IOException {
        int t = readTag(what);
        if (t != expected) {
            throw reject(MALFORMED, String.format("%s: expected tag 0x%02x, found 0x%02x", what, expected, t));
        }
        return t;
    }

    private int readTag(String what) throws EnvelopeRejected, IOException {
        int t = readByte(what);
        if ((t & 0x1f) == 0x1f) {
            throw reject(MALFORMED, what + ": high-tag-number form is not expected here");
        }
        return t;
    }

    /** Reads the length and value of an element whose tag was just read; returns the whole TLV encoding. */
    private byte[] readElement(int tag, String what, long parentEnd) throws EnvelopeRejected, IOException {
        long len = readLength(what);
        if (pos + len > parentEnd) {
            throw reject(MALFORMED, what + " is longer than its parent");
        }
        if (len > MAX_SMALL_ELEMENT) {
            throw reject(MALFORMED, what + " is implausibly large (" + len + " bytes)");
        }
        byte[] header = encodeHeader(tag, len);
        byte[] tlv = new byte[header.length + (int) len];
        System.arraycopy(header, 0, tlv, 0, header.length);
        readFully(tlv, header.length, (int) len, what);
        return tlv;
    }

    /** DER length: definite, minimal. */
    private long readLength(String what) throws EnvelopeRejected, IOException {
        return readLength(what, false);
    }

    /** As {@link #readLength(String)}; with {@code allowIndefinite}, an indefinite length is returned as -1. */
    private long readLength(String what, boolean allowIndefinite) throws EnvelopeRejected, IOException {
        int first = readByte(what);
        if (first < 0x80) {
            return first;
        }
        if (first == 0x80) {
            if (allowIndefinite) {
                return -1;
            }
            throw reject(NOT_DER, what + " uses an indefinite length (BER)");
        }
        int n = first & 0x7f;
        if (n > 8) {
            throw reject(MALFORMED, what + ": length of " + n + " octets");
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            int b = readByte(what);
            if (i == 0 && b == 0) {
                throw reject(NOT_DER, what + ": non-minimal length encoding");
            }
            value = (value << 8) | b;
        }
        if (value < 0) {
            throw reject(MALFORMED, what + ": length overflows");
        }
        if (value < 0x80) {
            throw reject(NOT_DER, what + ": non-minimal length encoding");
        }
        return value;
    }

    static byte[] encodeHeader(int tag, long len) {
        if (len < 0x80) {
            return new byte[] {(byte) tag, (byte) len};
        }
        int n = (64 - Long.numberOfLeadingZeros(len) + 7) / 8;
        byte[] h = new byte[2 + n];
        h[0] = (byte) tag;
        h[1] = (byte) (0x80 | n);
        for (int i = 0; i < n; i++) {
            h[2 + i] = (byte) (len >>> (8 * (n - 1 - i)));
        }
        return h;
    }

    private int readByteOrEof() throws IOException {
        int n;
        do {
            n = in.read(one, 0, 1);
        } while (n == 0);
        if (n < 0) {
            return -1;
        }
        pos++;
        return one[0] & 0xff;
    }

    private int readByte(String what) throws EnvelopeRejected, IOException {
        int b = readByteOrEof();
        if (b < 0) {
            throw reject(TRUNCATED, "input ended inside " + what + " at offset " + pos);
        }
        return b;
    }

    private void readFully(byte[] b, String what) throws EnvelopeRejected, IOException {
        readFully(b, 0, b.length, what);
    }

    private void readFully(byte[] b, int off, int len, String what) throws EnvelopeRejected, IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw reject(TRUNCATED, "input ended inside " + what + " at offset " + pos);
            }
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Until the content type has been recognised, structural errors mean "this is not CMS at all"; a premature end
     * after a plausible start (a SEQUENCE) is a truncation.
     */
    private EnvelopeRejected reject(EnvelopeRejected.Reason reason, String detail) {
        EnvelopeRejected.Reason r = reason;
        if (!recognized && r != NOT_AUTH_ENVELOPED && r != NOT_CMS) {
            r = (r == TRUNCATED && firstByte == 0x30) ? TRUNCATED : NOT_CMS;
        }
        return new EnvelopeRejected(r, detail);
    }
}
