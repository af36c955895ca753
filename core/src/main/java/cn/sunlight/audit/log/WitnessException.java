package cn.sunlight.audit.log;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** A witness refused to cosign a checkpoint; {@link #reason()} says why. */
public final class WitnessException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The note has no valid signature from the log's key, or a bad one. */
        LOG_SIGNATURE_INVALID,
        /** The note text is not a well-formed checkpoint (or an empty tree with a non-empty root). */
        MALFORMED_CHECKPOINT,
        /** The checkpoint is for another log. */
        WRONG_ORIGIN,
        /** The checkpoint is smaller than the last one the witness cosigned. */
        ROLLBACK,
        /** The checkpoint does not provably extend the last one cosigned (bad proof, or a fork at equal size). */
        INCONSISTENT
    }

    private final Reason reason;

    public WitnessException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
