package cn.sunlight.audit.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Tree hashes and proofs of RFC 9162 section 2.1 over the leaves of a {@link LeafHashSource}.
 *
 * <p>Every node of an RFC 9162 tree of size {@code n} covers a range {@code [lo, hi)} whose start is a
 * multiple of the largest power of two below {@code hi - lo}; its hash is therefore the fold of at most
 * 64 <em>complete</em> subtree hashes (the binary decomposition of {@code hi - lo}). Root, inclusion
 * proof and consistency proof each need {@code O(log n)} complete subtree hashes, which come from the
 * pluggable {@link SubtreeHashCache} when present and are otherwise computed from the leaves (subtrees
 * of up to {@value #BULK_LEVEL} levels with one {@link LeafHashSource#leafHashes} call) and offered to
 * the cache. With a cache kept warm (for instance by {@link CompactRange#append(byte[], SubtreeHashCache)}
 * in the sequencer) a proof costs {@code O(log n)} cache reads plus fewer than {@code 2^minLevel} leaf
 * reads per low level.
 *
 * <p>Thread-safe if the source and the cache are. The caller guarantees that the source holds at least
 * {@code size} leaves for every size it passes.
 */
public final class MerkleTree {

    /** Complete subtrees of at most this many levels are hashed from one bulk leaf read. */
    static final int BULK_LEVEL = 8;

    private final LeafHashSource leaves;
    private final SubtreeHashCache cache;

    public MerkleTree(LeafHashSource leaves) {
        this(leaves, SubtreeHashCache.none());
    }

    public MerkleTree(LeafHashSource leaves, SubtreeHashCache cache) {
        this.leaves = Objects.requireNonNull(leaves, "leaves");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** {@code MTH(D[0:size])}; the empty-tree hash for size 0. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (size == 0) {
            return MerkleHashes.emptyRoot();
        }
        return rangeHash(0, size).clone();
    }

    /**
     * {@code PATH(index, D[0:size])} of RFC 9162 section 2.1.3.1, ordered from the leaf's sibling up to
     * the root's child.
     */
    public List<byte[]> inclusionProof(long index, long size) {
        if (size <= 0 || index < 0 || index >= size) {
            throw new IllegalArgumentException("need 0 <= index < size, got index " + index + ", size " + size);
        }
        List<byte[]> topDown = new ArrayList<>(64);
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long k = largestPowerOfTwoBelow(hi - lo);
            if (index < lo + k) {
                topDown.add(rangeHash(lo + k, hi));
                hi = lo + k;
            } else {
                topDown.add(rangeHash(lo, lo + k));
                lo = lo + k;
            }
        }
        return bottomUpCopy(topDown);
    }

    /**
     * {@code PROOF(size1, D[0:size2])} of RFC 9162 section 2.1.4.1. Empty when the sizes are equal; a
     * proof from the empty tree is not defined (the project rejects such proofs).
     */
    public List<byte[]> consistencyProof(long size1, long size2) {
        if (size1 <= 0 || size2 < size1) {
            throw new IllegalArgumentException("need 0 < size1 <= size2, got " + size1 + ", " + size2);
        }
        List<byte[]> topDown = new ArrayList<>(64);
        long lo = 0;
        long hi = size2;
        long m = size1;           // relative to lo
        boolean b = true;         // SUBPROOF's flag: D[0:m] is the whole old tree
        while (m != hi - lo) {
            long k = largestPowerOfTwoBelow(hi - lo);
            if (m <= k) {
                topDown.add(rangeHash(lo + k, hi));
                hi = lo + k;
            } else {
                topDown.add(rangeHash(lo, lo + k));
                lo = lo + k;
                m -= k;
                b = false;
            }
        }
        if (!b) {
            topDown.add(rangeHash(lo, hi));
        }
        return bottomUpCopy(topDown);
    }

    /**
     * Hash of the complete subtree of {@code level} and {@code index}, the perfect tree over the leaves
     * {@code [index * 2^level, (index + 1) * 2^level)}, which must all exist.
     */
    public byte[] subtreeHash(int level, long index) {
        if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> level)) {
            throw new IllegalArgumentException("bad subtree (" + level + ", " + index + ")");
        }
        return completeSubtree(level, index).clone();
    }

    /** MTH(D[lo:hi]) for a node range: {@code lo} is a multiple of the largest power of two below {@code hi - lo}. */
    private byte[] rangeHash(long lo, long hi) {
        // Decompose [lo, hi) into complete subtrees, largest first, then fold from the right.
        byte[] acc = null;
        List<byte[]> parts = new ArrayList<>(Long.bitCount(hi - lo));
        long start = lo;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if (((hi - lo) & width) != 0) {
                if (start % width != 0) {
                    throw new IllegalStateException("range [" + lo + ", " + hi + ") is not a tree node");
                }
                parts.add(completeSubtree(level, start >>> level));
                start += width;
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            acc = acc == null ? parts.get(i) : MerkleHashes.nodeHash(parts.get(i), acc);
        }
        return acc;
    }

    private byte[] completeSubtree(int level, long index) {
        if (level == 0) {
            return leaves.leafHash(index);
        }
        byte[] cached = cache.get(level, index);
        if (cached != null) {
            return cached;
        }
        byte[] h;
        if (level <= BULK_LEVEL) {
            h = hashFromLeaves(level, index);
        } else {
            h = MerkleHashes.nodeHash(completeSubtree(level - 1, 2 * index), completeSubtree(level - 1, 2 * index + 1));
        }
        cache.put(level, index, h);
        return h;
    }

    /** Reads the 2^level leaves at once and reduces them, offering every interior node to the cache. */
    private byte[] hashFromLeaves(int level, long index) {
        long from = index << level;
        long to = from + (1L << level);
        List<byte[]> row = leaves.leafHashes(from, to);
        if (row.size() != to - from) {
            throw new IllegalStateException("leaf source returned " + row.size() + " hashes for [" + from + ", " + to + ")");
        }
        for (int l = 1; l <= level; l++) {
            List<byte[]> up = new ArrayList<>(row.size() / 2);
            long firstIndex = from >>> l;
            for (int i = 0; i < row.size(); i += 2) {
                byte[] h = MerkleHashes.nodeHash(row.get(i), row.get(i + 1));
                if (l < level) {
                    cache.put(l, firstIndex + i / 2, h);
                }
                up.add(h);
            }
            row = up;
        }
        return row.get(0);
    }

    private static List<byte[]> bottomUpCopy(List<byte[]> topDown) {
        List<byte[]> out = new ArrayList<>(topDown.size());
        for (int i = topDown.size() - 1; i >= 0; i--) {
            out.add(topDown.get(i).clone());
        }
        return Collections.unmodifiableList(out);
    }

    /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
