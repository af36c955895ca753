package cn.sunlight.audit.log;

import java.util.List;
import java.util.OptionalLong;

/**
 * A note whose text was verified by at least one trusted key.
 *
 * @param text       the verified text
 * @param signatures the signatures that verified, with their keys (unknown signers are not listed)
 */
public record VerifiedNote(String text, List<Verified> signatures) {

    public VerifiedNote {
        signatures = List.copyOf(signatures);
    }

    /** A signature line that verified under {@code key}. */
    public record Verified(VerifierKey key, NoteSignature signature) {

        /** For a cosignature (type 0x04), the time it claims, in seconds since the epoch. */
        public OptionalLong cosignatureTime() {
            return key.type() == VerifierKey.TYPE_COSIGNATURE_V1
                    ? VerifierKey.cosignatureTimestamp(signature.signature()) : OptionalLong.empty();
        }
    }

    /** Whether {@code key} is among the keys that verified this note. */
    public boolean isSignedBy(VerifierKey key) {
        return signatures.stream().anyMatch(v -> v.key().equals(key));
    }
}
