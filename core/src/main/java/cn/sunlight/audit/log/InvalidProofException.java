package cn.sunlight.audit.log;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** A Merkle inclusion or consistency proof failed verification; {@link #reason()} says why. */
public final class InvalidProofException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** Why a proof was rejected. */
    public enum Reason {
        /** A tree size is negative (an unsigned value that does not fit a Java {@code long}). */
        INVALID_SIZE,
        /** Inclusion: the leaf index is negative or not below the tree size. */
        INDEX_OUT_OF_RANGE,
        /** Inclusion: the leaf hash is not 32 bytes. */
        MALFORMED_LEAF_HASH,
        /** A proof element is null or not 32 bytes. */
        MALFORMED_PROOF,
        /** The proof has more elements than the tree shape allows (RFC 9162 "sn is 0" during iteration). */
        PROOF_TOO_LONG,
        /** The proof has fewer elements than the tree shape needs (RFC 9162 "sn is not 0" at the end). */
        PROOF_TOO_SHORT,
        /** Inclusion: the recomputed root differs from the given root. */
        ROOT_MISMATCH,
        /** Consistency: the old tree is empty; such a proof proves nothing and this project rejects it. */
        EMPTY_FIRST_TREE,
        /** Consistency: the old size is larger than the new size. */
        FIRST_SIZE_GREATER,
        /** Consistency: equal sizes but the proof is not empty. */
        NON_EMPTY_PROOF_FOR_EQUAL_SIZES,
        /** Consistency: equal sizes but different roots. */
        ROOTS_DIFFER_FOR_EQUAL_SIZES,
        /** Consistency: different sizes and an empty proof. */
        EMPTY_PROOF,
        /** Consistency: the old root recomputed from the proof differs from the given old root. */
        FIRST_ROOT_MISMATCH,
        /** Consistency: the new root recomputed from the proof differs from the given new root. */
        SECOND_ROOT_MISMATCH
    }

    private final Reason reason;

    public InvalidProofException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
