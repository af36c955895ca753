package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    @Test
    void rootEqualsTreeRootForEverySizeUpTo1000() {
        Random rnd = new Random(6962);
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree tree = new MerkleTree(LeafHashSource.of(leaves));
        CompactRange cr = new CompactRange();
        assertArrayEquals(MerkleHashes.emptyRoot(), cr.root(), "size 0");
        assertArrayEquals(tree.root(0), cr.root(), "size 0");
        for (int n = 1; n <= 1000; n++) {
            byte[] entry = new byte[rnd.nextInt(40)];
            rnd.nextBytes(entry);
            byte[] lh = MerkleHashes.leafHash(entry);
            leaves.add(lh);
            cr.append(lh);
            assertEquals(n, cr.size());
            assertEquals(Long.bitCount(n), cr.hashes().size());
            assertArrayEquals(tree.root(n), cr.root(), "size " + n);
        }
    }

    @Test
    void serializesRestoresAndRebuildsFromTree() {
        Random rnd = new Random(1);
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree tree = new MerkleTree(LeafHashSource.of(leaves));
        CompactRange cr = new CompactRange();
        for (int n = 1; n <= 300; n++) {
            byte[] lh = new byte[32];
            rnd.nextBytes(lh);
            leaves.add(lh);
            cr.append(lh);

            CompactRange restored = CompactRange.of(cr.size(), cr.hashes());
            assertArrayEquals(cr.root(), restored.root());
            CompactRange rebuilt = CompactRange.fromTree(tree, n);
            assertEquals(cr.size(), rebuilt.size());
            for (int i = 0; i < cr.hashes().size(); i++) {
                assertArrayEquals(cr.hashes().get(i), rebuilt.hashes().get(i));
            }
            // Restored frontiers keep growing like the original.
            byte[] next = new byte[32];
            rnd.nextBytes(next);
            CompactRange fork = restored.copy();
            fork.append(next);
            List<byte[]> extended = new ArrayList<>(leaves);
            extended.add(next);
            assertArrayEquals(new MerkleTree(LeafHashSource.of(extended)).root(n + 1), fork.root());
            assertEquals(n, cr.size(), "copy is independent");
        }
    }

    @Test
    void appendFeedsTheSubtreeCache() {
        Random rnd = new Random(2);
        List<byte[]> leaves = new ArrayList<>();
        InMemorySubtreeHashCache cache = new InMemorySubtreeHashCache(1, 1 << 16);
        CompactRange cr = new CompactRange();
        for (int i = 0; i < 100; i++) {
            byte[] lh = new byte[32];
            rnd.nextBytes(lh);
            leaves.add(lh);
            cr.append(lh, cache);
        }
        // 100 leaves complete 50 + 25 + 12 + 6 + 3 + 1 subtrees of levels 1..6.
        assertEquals(97, cache.size());
        MerkleTree plain = new MerkleTree(LeafHashSource.of(leaves));
        assertArrayEquals(plain.subtreeHash(6, 0), cache.get(6, 0));
        assertArrayEquals(plain.subtreeHash(3, 11), cache.get(3, 11));
    }

    @Test
    void rejectsMalformedState() {
        byte[] h = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(3, List.of(h)));
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(-1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> CompactRange.of(1, List.of(new byte[31])));
        assertThrows(IllegalArgumentException.class, () -> new CompactRange().append(new byte[33]));
    }
}
