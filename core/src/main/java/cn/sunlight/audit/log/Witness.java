package cn.sunlight.audit.log;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A witness for one log (the supervision authority's): it cosigns a checkpoint with a C2SP
 * tlog-cosignature {@code cosignature/v1} only after checking that
 * <ol>
 *   <li>the note carries a valid signature from the log's key (other signatures are ignored),</li>
 *   <li>its text is a checkpoint for the configured origin,</li>
 *   <li>its size is not smaller than the last checkpoint this witness cosigned, and</li>
 *   <li>a consistency proof from that last checkpoint to the new one verifies (RFC 9162 section 2.1.4.2);
 *       at equal size the proof must be empty and the roots equal.</li>
 * </ol>
 * Only then is the new checkpoint recorded as the last one cosigned, so a log can never obtain
 * cosignatures for two views that do not extend one another.
 *
 * <p>Without a previous checkpoint (a witness new to the log) or after the empty tree, there is nothing
 * to be consistent with: the first checkpoint is accepted on its log signature alone, with an empty
 * proof. This is not a consistency proof from size 0, which {@link ProofVerifier} always rejects.
 *
 * <p>The state lives in memory; a deployment must persist {@link #lastCosigned()} durably before
 * publishing each cosignature and restore it through the constructor. Thread-safe.
 */
public final class Witness {

    private final String origin;
    private final NoteVerifier logVerifier;
    private final NoteSigner cosigner;
    private Checkpoint last;

    /**
     * @param origin       the origin line of the log's checkpoints
     * @param logKey       the log's Ed25519 note key (type 0x01)
     * @param cosigner     this witness's cosignature/v1 signer (type 0x04)
     * @param lastCosigned the last checkpoint this witness cosigned for the log, or {@code null} if none
     */
    public Witness(String origin, VerifierKey logKey, NoteSigner cosigner, Checkpoint lastCosigned) {
        this.origin = Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(logKey, "logKey");
        if (logKey.type() != VerifierKey.TYPE_ED25519) {
            throw new IllegalArgumentException("the log key must be an Ed25519 note key (type 0x01)");
        }
        this.logVerifier = NoteVerifier.of(logKey);
        this.cosigner = Objects.requireNonNull(cosigner, "cosigner");
        if (cosigner.verifierKey().type() != VerifierKey.TYPE_COSIGNATURE_V1) {
            throw new IllegalArgumentException("the witness must sign cosignature/v1 (type 0x04)");
        }
        if (lastCosigned != null && !lastCosigned.origin().equals(origin)) {
            throw new IllegalArgumentException("last cosigned checkpoint is for another origin");
        }
        this.last = lastCosigned;
    }

    /** The cosignature verifier key to give to relying parties. */
    public VerifierKey verifierKey() {
        return cosigner.verifierKey();
    }

    /** The last checkpoint cosigned, to persist. */
    public synchronized Optional<Checkpoint> lastCosigned() {
        return Optional.ofNullable(last);
    }

    /** The size the log must prove consistency from (0 if none cosigned yet). */
    public synchronized long lastSize() {
        return last == null ? 0 : last.size();
    }

    /**
     * Verifies {@code note} and {@code consistencyProof} (from {@link #lastSize()} to the note's size)
     * as described above and returns the note with this witness's cosignature added.
     */
    public synchronized SignedNote cosign(SignedNote note, List<byte[]> consistencyProof) throws WitnessException {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(consistencyProof, "consistencyProof");
        VerifiedNote verified;
        try {
            verified = logVerifier.verify(note);
        } catch (NoteVerificationException e) {
            throw new WitnessException(WitnessException.Reason.LOG_SIGNATURE_INVALID, e.getMessage(), e);
        }
        Checkpoint next;
        try {
            next = Checkpoint.from(verified);
        } catch (IllegalArgumentException e) {
            throw new WitnessException(WitnessException.Reason.MALFORMED_CHECKPOINT, e.getMessage(), e);
        }
        if (!next.origin().equals(origin)) {
            throw new WitnessException(WitnessException.Reason.WRONG_ORIGIN, "origin " + next.origin(), null);
        }
        if (next.size() == 0 && !MerkleHashes.equal(next.rootHash(), MerkleHashes.emptyRoot())) {
            throw new WitnessException(WitnessException.Reason.MALFORMED_CHECKPOINT, "empty tree with a non-empty root", null);
        }
        long lastSize = last == null ? 0 : last.size();
        if (next.size() < lastSize) {
            throw new WitnessException(WitnessException.Reason.ROLLBACK,
                    "size " + next.size() + " is below the cosigned size " + lastSize, null);
        }
        if (lastSize == 0) {
            if (!consistencyProof.isEmpty()) {
                throw new WitnessException(WitnessException.Reason.INCONSISTENT,
                        "a proof from the empty tree must be empty", null);
            }
        } else {
            try {
                ProofVerifier.verifyConsistency(lastSize, next.size(), consistencyProof, last.rootHash(), next.rootHash());
            } catch (InvalidProofException e) {
                throw new WitnessException(WitnessException.Reason.INCONSISTENT, e.getMessage(), e);
            }
        }
        SignedNote cosigned = cosigner.addSignature(note);
        last = next;
        return cosigned;
    }
}
