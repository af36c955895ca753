package cn.sunlight.audit.log;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** A signed note was rejected; {@link #reason()} says why. */
public final class NoteVerificationException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The encoding is not a signed note. */
        MALFORMED,
        /** No signature from a known key (unknown signers are ignored). */
        NO_KNOWN_SIGNATURE,
        /** A signature from a known key does not verify: the whole note is rejected. */
        INVALID_SIGNATURE
    }

    private final Reason reason;

    public NoteVerificationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public NoteVerificationException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
