package cn.sunlight.bid.envelope;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A sealed bid whose GCM tag verified: the plaintext now lies in {@code plaintext}.
 *
 * @param plaintext      the quarantine file (exists only because authentication succeeded)
 * @param plaintextSize  its length
 * @param envelopeSize   bytes read from the envelope
 * @param envelopeSha256 SHA-256 of those bytes (compare with the receipt)
 */
public record OpenedEnvelope(Path plaintext, long plaintextSize, long envelopeSize, byte[] envelopeSha256) {
    public OpenedEnvelope {
        envelopeSha256 = envelopeSha256.clone();
    }

    @Override
    public byte[] envelopeSha256() {
        return envelopeSha256.clone();
    }

    public String envelopeSha256Hex() {
        return HexFormat.of().formatHex(envelopeSha256);
    }
}
