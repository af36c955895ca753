package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final int MAX = 300;

    /** Random entries (fixed seed) so failures reproduce. */
    private static List<byte[]> randomLeaves(int n, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] entry = new byte[rnd.nextInt(64)];
            rnd.nextBytes(entry);
            leaves.add(MerkleHashes.leafHash(entry));
        }
        return leaves;
    }

    @Test
    void hashesMatchRfc6962KnownValues() {
        HexFormat hex = HexFormat.of();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex.formatHex(MerkleHashes.emptyRoot()));
        // RFC 6962 reference tree (transparency-dev/merkle testonly): leaf hash of the empty entry.
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                hex.formatHex(MerkleHashes.leafHash(new byte[0])));
        byte[] l = MerkleHashes.leafHash("a".getBytes(StandardCharsets.UTF_8));
        byte[] r = MerkleHashes.leafHash("b".getBytes(StandardCharsets.UTF_8));
        byte[] concat = ByteBuffer.allocate(65).put((byte) 1).put(l).put(r).array();
        assertArrayEquals(MerkleHashes.sha256(concat), MerkleHashes.nodeHash(l, r));
    }

    /** The RFC 6962 test tree of 8 entries and its published roots for every prefix. */
    @Test
    void rfc6962ReferenceRoots() {
        HexFormat hex = HexFormat.of();
        String[] entries = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f"};
        String[] roots = {
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        List<byte[]> leaves = new ArrayList<>();
        CompactRange cr = new CompactRange();
        for (int i = 0; i < entries.length; i++) {
            byte[] lh = MerkleHashes.leafHash(hex.parseHex(entries[i]));
            leaves.add(lh);
            cr.append(lh);
            assertEquals(roots[i], hex.formatHex(new MerkleTree(LeafHashSource.of(leaves)).root(i + 1)), "root of size " + (i + 1));
            assertEquals(roots[i], hex.formatHex(cr.root()), "compact root of size " + (i + 1));
        }
    }

    @Test
    void proofsEqualNaiveRecursionAndVerify() throws Exception {
        List<byte[]> leaves = randomLeaves(MAX, 9162);
        NaiveMerkle naive = new NaiveMerkle(leaves);
        MerkleTree plain = new MerkleTree(LeafHashSource.of(leaves));
        MerkleTree cached = new MerkleTree(LeafHashSource.of(leaves), new InMemorySubtreeHashCache(1, 1 << 20));
        for (int n = 1; n <= MAX; n++) {
            byte[] root = naive.mth(0, n);
            assertArrayEquals(root, plain.root(n), "root " + n);
            assertArrayEquals(root, cached.root(n), "cached root " + n);
            for (int m = 0; m < n; m++) {
                List<byte[]> want = naive.path(m, 0, n);
                List<byte[]> got = plain.inclusionProof(m, n);
                assertProofEquals(want, got, "inclusion " + m + "/" + n);
                assertProofEquals(want, cached.inclusionProof(m, n), "cached inclusion " + m + "/" + n);
                ProofVerifier.verifyInclusion(m, n, leaves.get(m), got, root);
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> want = naive.proof(m, n);
                List<byte[]> got = plain.consistencyProof(m, n);
                assertProofEquals(want, got, "consistency " + m + "->" + n);
                assertProofEquals(want, cached.consistencyProof(m, n), "cached consistency " + m + "->" + n);
                ProofVerifier.verifyConsistency(m, n, got, naive.mth(0, m), root);
            }
        }
    }

    @Test
    void generatedProofsFailAgainstOtherTrees() throws Exception {
        List<byte[]> leaves = randomLeaves(64, 1);
        List<byte[]> other = new ArrayList<>(leaves);
        other.set(17, MerkleHashes.leafHash(new byte[] {42}));
        MerkleTree a = new MerkleTree(LeafHashSource.of(leaves));
        MerkleTree b = new MerkleTree(LeafHashSource.of(other));
        // A fork at leaf 17 is detected by every consistency proof from a size that covers it.
        for (int m = 18; m < 64; m++) {
            final int mm = m;
            InvalidProofException e = assertThrows(InvalidProofException.class,
                    () -> ProofVerifier.verifyConsistency(mm, 64, a.consistencyProof(mm, 64), b.root(mm), a.root(64)));
            // The old root is recomputed from the proof, except for a power-of-two old size, where it seeds
            // the recomputation of the new root instead.
            assertEquals(Long.bitCount(mm) == 1 ? InvalidProofException.Reason.SECOND_ROOT_MISMATCH
                    : InvalidProofException.Reason.FIRST_ROOT_MISMATCH, e.reason(), "size " + mm);
        }
        assertThrows(InvalidProofException.class,
                () -> ProofVerifier.verifyInclusion(17, 64, leaves.get(17), b.inclusionProof(17, 64), b.root(64)));
    }

    @Test
    void rejectsBadArguments() {
        MerkleTree t = new MerkleTree(LeafHashSource.of(randomLeaves(5, 2)));
        assertThrows(IllegalArgumentException.class, () -> t.root(-1));
        assertThrows(IllegalArgumentException.class, () -> t.inclusionProof(5, 5));
        assertThrows(IllegalArgumentException.class, () -> t.inclusionProof(0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.consistencyProof(0, 5));
        assertThrows(IllegalArgumentException.class, () -> t.consistencyProof(4, 3));
        assertArrayEquals(MerkleHashes.emptyRoot(), t.root(0));
        assertTrue(t.consistencyProof(5, 5).isEmpty());
    }

    /**
     * A log of 2^20 + 12345 leaves (computed, not stored): with the frontier-fed cache a proof reads a
     * few hundred leaves, not the log.
     */
    @Test
    void proofsOnALargeLogAreLogarithmicWithCache() throws Exception {
        long n = (1L << 20) + 12345;
        AtomicLong reads = new AtomicLong();
        LeafHashSource computed = new LeafHashSource() {
            @Override
            public byte[] leafHash(long index) {
                reads.incrementAndGet();
                return MerkleHashes.leafHash(ByteBuffer.allocate(8).putLong(index).array());
            }
        };
        InMemorySubtreeHashCache cache = new InMemorySubtreeHashCache(8, 1 << 20);
        CompactRange cr = new CompactRange();
        for (long i = 0; i < n; i++) {
            cr.append(computed.leafHash(i), cache);
        }
        MerkleTree tree = new MerkleTree(computed, cache);
        reads.set(0);
        byte[] root = tree.root(n);
        assertArrayEquals(cr.root(), root);
        assertTrue(reads.get() < 2 * 256, "root read " + reads.get() + " leaves");

        long index = 777_777;
        reads.set(0);
        List<byte[]> proof = tree.inclusionProof(index, n);
        assertTrue(reads.get() < 4 * 256, "inclusion proof read " + reads.get() + " leaves");
        ProofVerifier.verifyInclusion(index, n, computed.leafHash(index), proof, root);

        long old = 600_001;
        reads.set(0);
        List<byte[]> cons = tree.consistencyProof(old, n);
        assertTrue(reads.get() < 4 * 256, "consistency proof read " + reads.get() + " leaves");
        ProofVerifier.verifyConsistency(old, n, cons, tree.root(old), root);
        assertTrue(cache.size() < (n >> 7), "cache holds " + cache.size() + " subtrees");
    }

    private static void assertProofEquals(List<byte[]> want, List<byte[]> got, String what) {
        assertEquals(want.size(), got.size(), what + ": length");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), what + ": element " + i);
        }
    }

    /** RFC 9162 section 2.1 definitions, transcribed literally (recursion over list slices). */
    static final class NaiveMerkle {
        private final List<byte[]> leaves;
        private final java.util.Map<Long, byte[]> memo = new java.util.HashMap<>();

        NaiveMerkle(List<byte[]> leaves) {
            this.leaves = leaves;
        }

        static int k(int n) {
            int k = 1;
            while (k << 1 < n) {
                k <<= 1;
            }
            return k;
        }

        /** MTH(D[lo:hi]), memoized only to keep the test fast. */
        byte[] mth(int lo, int hi) {
            long key = ((long) lo << 32) | hi;
            byte[] h = memo.get(key);
            if (h == null) {
                h = mthUncached(lo, hi);
                memo.put(key, h);
            }
            return h;
        }

        private byte[] mthUncached(int lo, int hi) {
            int n = hi - lo;
            if (n == 0) {
                return MerkleHashes.emptyRoot();
            }
            if (n == 1) {
                return leaves.get(lo);
            }
            int k = k(n);
            return MerkleHashes.nodeHash(mth(lo, lo + k), mth(lo + k, hi));
        }

        /** PATH(m, D[lo:hi]), m relative to lo. */
        List<byte[]> path(int m, int lo, int hi) {
            int n = hi - lo;
            List<byte[]> out = new ArrayList<>();
            if (n == 1) {
                return out;
            }
            int k = k(n);
            if (m < k) {
                out.addAll(path(m, lo, lo + k));
                out.add(mth(lo + k, hi));
            } else {
                out.addAll(path(m - k, lo + k, hi));
                out.add(mth(lo, lo + k));
            }
            return out;
        }

        /** PROOF(m, D[0:n]). */
        List<byte[]> proof(int m, int n) {
            return subproof(m, 0, n, true);
        }

        /** SUBPROOF(m, D[lo:hi], b), m relative to lo. */
        List<byte[]> subproof(int m, int lo, int hi, boolean b) {
            int n = hi - lo;
            List<byte[]> out = new ArrayList<>();
            if (m == n) {
                if (!b) {
                    out.add(mth(lo, hi));
                }
                return out;
            }
            int k = k(n);
            if (m <= k) {
                out.addAll(subproof(m, lo, lo + k, b));
                out.add(mth(lo + k, hi));
            } else {
                out.addAll(subproof(m - k, lo + k, hi, false));
                out.add(mth(lo, lo + k));
            }
            return out;
        }
    }
}
