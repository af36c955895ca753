package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WitnessTest {

    private static final String ORIGIN = "sunlight.example/audit";

    private final List<byte[]> leaves = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree(LeafHashSource.of(leaves));
    private NoteSigner logSigner;
    private NoteSigner witnessSigner;
    private Witness witness;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleHashes.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        logSigner = NoteSigner.ed25519(ORIGIN, Ed25519Keys.generate());
        witnessSigner = NoteSigner.cosignatureV1("supervision.example/w1", Ed25519Keys.generate(),
                Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC));
        witness = new Witness(ORIGIN, logSigner.verifierKey(), witnessSigner, null);
    }

    private SignedNote checkpoint(MerkleTree t, long size) {
        return logSigner.sign(new Checkpoint(ORIGIN, size, t.root(size)).body());
    }

    @Test
    void cosignsAConsistentSequence() throws Exception {
        SignedNote first = witness.cosign(checkpoint(tree, 5), List.of());
        assertEquals(5, witness.lastSize());
        SignedNote second = witness.cosign(checkpoint(tree, 12), tree.consistencyProof(5, 12));
        assertEquals(12, witness.lastSize());
        // Same size again (fresh timestamp) with an empty proof.
        witness.cosign(checkpoint(tree, 12), List.of());
        SignedNote third = witness.cosign(checkpoint(tree, 40), tree.consistencyProof(12, 40));

        NoteVerifier both = NoteVerifier.of(logSigner.verifierKey(), witness.verifierKey());
        for (SignedNote n : List.of(first, second, third)) {
            VerifiedNote v = both.verify(n.format());
            assertEquals(2, v.signatures().size());
            assertEquals(1_800_000_000L, v.signatures().get(1).cosignatureTime().getAsLong());
        }
        Checkpoint last = witness.lastCosigned().orElseThrow();
        assertEquals(40, last.size());
        assertArrayEquals(tree.root(40), last.rootHash());
    }

    @Test
    void refusesRollback() throws Exception {
        witness.cosign(checkpoint(tree, 20), List.of());
        assertReason(WitnessException.Reason.ROLLBACK, () -> witness.cosign(checkpoint(tree, 19), List.of()));
        assertReason(WitnessException.Reason.ROLLBACK, () -> witness.cosign(checkpoint(tree, 1), List.of()));
        assertEquals(20, witness.lastSize());
    }

    @Test
    void refusesInconsistentCheckpoints() throws Exception {
        witness.cosign(checkpoint(tree, 8), List.of());
        witness.cosign(checkpoint(tree, 16), tree.consistencyProof(8, 16));

        // A fork: same first 10 entries, then different history.
        List<byte[]> forked = new ArrayList<>(leaves);
        forked.set(10, MerkleHashes.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
        MerkleTree fork = new MerkleTree(LeafHashSource.of(forked));

        // Equal size, different root.
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(fork, 16), List.of()));
        // Larger fork with the fork's own (valid for the fork) proof.
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(fork, 30), fork.consistencyProof(16, 30)));
        // Honest checkpoint, but a proof from the wrong size, a tampered proof, a padded one, none.
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(tree, 30), tree.consistencyProof(8, 30)));
        List<byte[]> tampered = new ArrayList<>(tree.consistencyProof(16, 30));
        byte[] p0 = tampered.get(0).clone();
        p0[0] ^= 1;
        tampered.set(0, p0);
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(tree, 30), tampered));
        List<byte[]> padded = new ArrayList<>(tree.consistencyProof(16, 30));
        padded.add(tree.root(16));
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(tree, 30), padded));
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(tree, 30), List.of()));
        // Equal size with a non-empty proof.
        assertReason(WitnessException.Reason.INCONSISTENT, () -> witness.cosign(checkpoint(tree, 16), tree.consistencyProof(8, 16)));

        assertEquals(16, witness.lastSize());
        assertArrayEquals(tree.root(16), witness.lastCosigned().orElseThrow().rootHash());
        witness.cosign(checkpoint(tree, 30), tree.consistencyProof(16, 30));
    }

    @Test
    void refusesNotesTheLogDidNotSignAndOtherLogs() throws Exception {
        NoteSigner other = NoteSigner.ed25519(ORIGIN, Ed25519Keys.generate());
        String body = new Checkpoint(ORIGIN, 5, tree.root(5)).body();
        assertReason(WitnessException.Reason.LOG_SIGNATURE_INVALID, () -> witness.cosign(other.sign(body), List.of()));

        SignedNote good = logSigner.sign(body);
        byte[] sig = good.signatures().get(0).signature();
        sig[5] ^= 1;
        SignedNote forged = new SignedNote(body, List.of(new NoteSignature(logSigner.name(), logSigner.keyId(), sig)));
        assertReason(WitnessException.Reason.LOG_SIGNATURE_INVALID, () -> witness.cosign(forged, List.of()));

        assertReason(WitnessException.Reason.WRONG_ORIGIN,
                () -> witness.cosign(logSigner.sign(new Checkpoint("elsewhere.example/log", 5, tree.root(5)).body()), List.of()));
        assertReason(WitnessException.Reason.MALFORMED_CHECKPOINT, () -> witness.cosign(logSigner.sign("not a checkpoint\n"), List.of()));
        assertReason(WitnessException.Reason.MALFORMED_CHECKPOINT,
                () -> witness.cosign(logSigner.sign(new Checkpoint(ORIGIN, 0, tree.root(5)).body()), List.of()));
        assertTrue(witness.lastCosigned().isEmpty());
    }

    @Test
    void resumesFromPersistedState() throws Exception {
        witness.cosign(checkpoint(tree, 10), List.of());
        Checkpoint persisted = witness.lastCosigned().orElseThrow();
        Witness restarted = new Witness(ORIGIN, logSigner.verifierKey(), witnessSigner, persisted);
        assertReason(WitnessException.Reason.ROLLBACK, () -> restarted.cosign(checkpoint(tree, 9), List.of()));
        assertReason(WitnessException.Reason.INCONSISTENT, () -> restarted.cosign(checkpoint(tree, 11), List.of()));
        restarted.cosign(checkpoint(tree, 11), tree.consistencyProof(10, 11));
        assertEquals(11, restarted.lastSize());
    }

    @Test
    void startsFromTheEmptyTree() throws Exception {
        witness.cosign(checkpoint(tree, 0), List.of());
        assertEquals(0, witness.lastSize());
        assertReason(WitnessException.Reason.INCONSISTENT,
                () -> witness.cosign(checkpoint(tree, 3), List.of(tree.root(3))));
        witness.cosign(checkpoint(tree, 3), List.of());
        assertEquals(3, witness.lastSize());
    }

    private static void assertReason(WitnessException.Reason want, Executable e) {
        WitnessException ex = assertThrows(WitnessException.class, e);
        assertEquals(want, ex.reason(), ex.getMessage());
    }
}
