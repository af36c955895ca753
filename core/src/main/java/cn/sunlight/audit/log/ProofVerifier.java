package cn.sunlight.audit.log;

import static cn.sunlight.audit.log.InvalidProofException.Reason.*;

import java.util.List;
import java.util.Objects;

/**
 * Verification of Merkle inclusion and consistency proofs exactly as in RFC 9162 section 2.1.3.2 and
 * section 2.1.4.2 (SHA-256). Each method returns normally on success and otherwise throws an
 * {@link InvalidProofException} whose {@link InvalidProofException#reason() reason} tells the cases apart.
 *
 * <p>Sizes and indexes are unsigned 64-bit values in the RFC; a negative {@code long} stands for a value
 * of {@code 2^63} or more, which no tree of this log can reach, and is rejected. The leaf hash and the
 * proof elements must be 32 bytes. Roots are only compared, never length-checked: a root of the wrong
 * length can never match a computed hash, and two equal roots of equal-size trees are consistent
 * whatever their length (as the vectors expect).
 *
 * <p>Beyond the RFC (whose consistency algorithm assumes {@code 0 < size1 < size2}): equal sizes are
 * consistent iff the proof is empty and the roots are equal; a proof from the empty tree (size1 = 0) is
 * always rejected, as this project's design requires.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /**
     * RFC 9162 section 2.1.3.2: verifies that {@code leafHash} is the leaf at {@code index} of the tree of
     * {@code size} leaves whose root is {@code root}.
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws InvalidProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(proof, "proof");
        if (size < 0) {
            throw new InvalidProofException(INVALID_SIZE, "tree size " + Long.toUnsignedString(size));
        }
        // 1. leaf_index >= tree_size fails.
        if (index < 0 || index >= size) {
            throw new InvalidProofException(INDEX_OUT_OF_RANGE,
                    "index " + Long.toUnsignedString(index) + " not below size " + size);
        }
        if (leafHash.length != MerkleHashes.HASH_SIZE) {
            throw new InvalidProofException(MALFORMED_LEAF_HASH, "leaf hash is " + leafHash.length + " bytes");
        }
        checkElements(proof);
        // 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        // 4. For each p in inclusion_path:
        for (byte[] p : proof) {
            // a. If sn is 0, stop and fail.
            if (sn == 0) {
                throw new InvalidProofException(PROOF_TOO_LONG, "proof has " + proof.size() + " elements");
            }
            // b.
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. sn must be 0 and r must equal the root.
        if (sn != 0) {
            throw new InvalidProofException(PROOF_TOO_SHORT, "proof has " + proof.size() + " elements");
        }
        if (!MerkleHashes.equal(r, root)) {
            throw new InvalidProofException(ROOT_MISMATCH, "computed root differs from the given root");
        }
    }

    /**
     * RFC 9162 section 2.1.4.2: verifies that the tree of {@code size2} leaves with root {@code root2}
     * extends the tree of {@code size1} leaves with root {@code root1}.
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws InvalidProofException {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        Objects.requireNonNull(proof, "proof");
        if (size1 < 0 || size2 < 0) {
            throw new InvalidProofException(INVALID_SIZE,
                    "sizes " + Long.toUnsignedString(size1) + ", " + Long.toUnsignedString(size2));
        }
        if (size1 > size2) {
            throw new InvalidProofException(FIRST_SIZE_GREATER, "size1 " + size1 + " > size2 " + size2);
        }
        if (size1 == 0) {
            throw new InvalidProofException(EMPTY_FIRST_TREE, "consistency with the empty tree proves nothing");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException(NON_EMPTY_PROOF_FOR_EQUAL_SIZES, "proof has " + proof.size() + " elements");
            }
            if (!MerkleHashes.equal(root1, root2)) {
                throw new InvalidProofException(ROOTS_DIFFER_FOR_EQUAL_SIZES, "size " + size1);
            }
            return;
        }
        // 0 < size1 < size2 from here on.
        // 1. An empty consistency_path fails.
        if (proof.isEmpty()) {
            throw new InvalidProofException(EMPTY_PROOF, "sizes " + size1 + " and " + size2 + " differ");
        }
        checkElements(proof);
        // 2. If first is an exact power of 2, prepend first_hash to the path.
        boolean prepend = Long.bitCount(size1) == 1;
        int n = proof.size() + (prepend ? 1 : 0);
        // 3. fn = first - 1, sn = second - 1.
        long fn = size1 - 1;
        long sn = size2 - 1;
        // 4. If LSB(fn) is set, right-shift fn and sn until it is not.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. fr = sr = first value of the path.
        byte[] first = prepend ? root1 : proof.get(0);
        byte[] fr = first;
        byte[] sr = first;
        // 6. For each subsequent value c:
        for (int i = 1; i < n; i++) {
            byte[] c = prepend ? proof.get(i - 1) : proof.get(i);
            // a. If sn is 0, stop and fail.
            if (sn == 0) {
                throw new InvalidProofException(PROOF_TOO_LONG, "proof has " + proof.size() + " elements");
            }
            // b.
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(c, fr);
                sr = MerkleHashes.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, c);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0.
        if (sn != 0) {
            throw new InvalidProofException(PROOF_TOO_SHORT, "proof has " + proof.size() + " elements");
        }
        if (!MerkleHashes.equal(fr, root1)) {
            throw new InvalidProofException(FIRST_ROOT_MISMATCH, "computed old root differs from root1");
        }
        if (!MerkleHashes.equal(sr, root2)) {
            throw new InvalidProofException(SECOND_ROOT_MISMATCH, "computed new root differs from root2");
        }
    }

    private static void checkElements(List<byte[]> proof) throws InvalidProofException {
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (p == null || p.length != MerkleHashes.HASH_SIZE) {
                throw new InvalidProofException(MALFORMED_PROOF,
                        "element " + i + " is " + (p == null ? "null" : p.length + " bytes"));
            }
        }
    }
}
