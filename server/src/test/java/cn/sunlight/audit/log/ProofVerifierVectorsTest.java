package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every official transparency-dev/merkle vector, happy path or tampered, gets its expected outcome. */
class ProofVerifierVectorsTest {

    @TestFactory
    Stream<DynamicTest> inclusionVectors() {
        return MerkleTestVectors.inclusion().stream().map(v -> dynamicTest(v.file() + " (" + v.desc() + ")", () -> {
            if (v.wantErr()) {
                assertThrows(InvalidProofException.class,
                        () -> ProofVerifier.verifyInclusion(v.leafIdx(), v.treeSize(), v.leafHash(), v.proof(), v.root()));
            } else {
                ProofVerifier.verifyInclusion(v.leafIdx(), v.treeSize(), v.leafHash(), v.proof(), v.root());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyVectors() {
        return MerkleTestVectors.consistency().stream().map(v -> dynamicTest(v.file() + " (" + v.desc() + ")", () -> {
            if (v.wantErr()) {
                assertThrows(InvalidProofException.class,
                        () -> ProofVerifier.verifyConsistency(v.size1(), v.size2(), v.proof(), v.root1(), v.root2()));
            } else {
                ProofVerifier.verifyConsistency(v.size1(), v.size2(), v.proof(), v.root1(), v.root2());
            }
        }));
    }

    /** Guards against a vector folder that is present but (partly) empty. */
    @Test
    void vectorSetIsComplete() {
        List<MerkleTestVectors.Inclusion> inc = MerkleTestVectors.inclusion();
        List<MerkleTestVectors.Consistency> con = MerkleTestVectors.consistency();
        // 98 + 98 files in the copy this was written against; fewer means the folder was damaged.
        assertTrue(inc.size() >= 98, "inclusion vector files: " + inc.size());
        assertTrue(con.size() >= 98, "consistency vector files: " + con.size());
        assertTrue(inc.stream().filter(v -> !v.wantErr()).count() >= 6, "inclusion happy paths");
        assertTrue(con.stream().filter(v -> !v.wantErr()).count() >= 6, "consistency happy paths");
    }

    /** The happy-path proofs fail for the specific reason their tampered siblings were made for. */
    @Test
    void reasonsAreSpecific() {
        MerkleTestVectors.Consistency ok = MerkleTestVectors.consistency().stream()
                .filter(v -> v.file().toString().equals("consistency/2/happy-path.json")).findFirst().orElseThrow();
        assertReason(InvalidProofException.Reason.EMPTY_FIRST_TREE,
                () -> ProofVerifier.verifyConsistency(0, ok.size2(), ok.proof(), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.FIRST_SIZE_GREATER,
                () -> ProofVerifier.verifyConsistency(ok.size2(), ok.size1(), ok.proof(), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.EMPTY_PROOF,
                () -> ProofVerifier.verifyConsistency(ok.size1(), ok.size2(), List.of(), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.NON_EMPTY_PROOF_FOR_EQUAL_SIZES,
                () -> ProofVerifier.verifyConsistency(ok.size2(), ok.size2(), ok.proof(), ok.root2(), ok.root2()));
        assertReason(InvalidProofException.Reason.ROOTS_DIFFER_FOR_EQUAL_SIZES,
                () -> ProofVerifier.verifyConsistency(ok.size2(), ok.size2(), List.of(), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.FIRST_ROOT_MISMATCH,
                () -> ProofVerifier.verifyConsistency(ok.size1(), ok.size2(), ok.proof(), ok.root2(), ok.root2()));
        assertReason(InvalidProofException.Reason.SECOND_ROOT_MISMATCH,
                () -> ProofVerifier.verifyConsistency(ok.size1(), ok.size2(), ok.proof(), ok.root1(), ok.root1()));
        assertReason(InvalidProofException.Reason.PROOF_TOO_SHORT,
                () -> ProofVerifier.verifyConsistency(ok.size1(), ok.size2(), ok.proof().subList(0, 2), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.MALFORMED_PROOF,
                () -> ProofVerifier.verifyConsistency(ok.size1(), ok.size2(), List.of(new byte[0], ok.proof().get(0)), ok.root1(), ok.root2()));
        assertReason(InvalidProofException.Reason.INVALID_SIZE,
                () -> ProofVerifier.verifyConsistency(ok.size1(), -1, ok.proof(), ok.root1(), ok.root2()));

        MerkleTestVectors.Inclusion inc = MerkleTestVectors.inclusion().stream()
                .filter(v -> v.file().toString().equals("inclusion/1/happy-path.json")).findFirst().orElseThrow();
        assertReason(InvalidProofException.Reason.INDEX_OUT_OF_RANGE,
                () -> ProofVerifier.verifyInclusion(-1, inc.treeSize(), inc.leafHash(), inc.proof(), inc.root()));
        assertReason(InvalidProofException.Reason.INDEX_OUT_OF_RANGE,
                () -> ProofVerifier.verifyInclusion(inc.treeSize(), inc.treeSize(), inc.leafHash(), inc.proof(), inc.root()));
        assertReason(InvalidProofException.Reason.MALFORMED_LEAF_HASH,
                () -> ProofVerifier.verifyInclusion(inc.leafIdx(), inc.treeSize(), new byte[0], inc.proof(), inc.root()));
        assertReason(InvalidProofException.Reason.ROOT_MISMATCH,
                () -> ProofVerifier.verifyInclusion(inc.leafIdx(), inc.treeSize(), inc.root(), inc.proof(), inc.root()));
        assertReason(InvalidProofException.Reason.PROOF_TOO_SHORT,
                () -> ProofVerifier.verifyInclusion(inc.leafIdx(), inc.treeSize(), inc.leafHash(), inc.proof().subList(0, 2), inc.root()));
        List<byte[]> longer = new java.util.ArrayList<>(inc.proof());
        longer.add(inc.root());
        assertReason(InvalidProofException.Reason.PROOF_TOO_LONG,
                () -> ProofVerifier.verifyInclusion(inc.leafIdx(), inc.treeSize(), inc.leafHash(), longer, inc.root()));
    }

    private static void assertReason(InvalidProofException.Reason want, org.junit.jupiter.api.function.Executable e) {
        InvalidProofException ex = assertThrows(InvalidProofException.class, e);
        assertEquals(want, ex.reason(), ex.getMessage());
    }
}
