package cn.sunlight.audit.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The frontier of an append-only Merkle tree: the hashes of the complete subtrees that make up
 * {@code [0, size)}, one per set bit of {@code size}, largest (leftmost) first. Appending a leaf and
 * computing the root both take {@code O(log size)} hash operations without reading the log, which is
 * what the sequencer uses to compute each checkpoint's root. The state is just {@link #size()} and
 * {@link #hashes()}, so it can be persisted alongside each checkpoint and restored with
 * {@link #of(long, List)}.
 *
 * <p>Not thread-safe: the sequencer owns one instance.
 */
public final class CompactRange {

    private long size;
    private final ArrayList<byte[]> hashes;

    /** The frontier of the empty tree. */
    public CompactRange() {
        this.size = 0;
        this.hashes = new ArrayList<>(64);
    }

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = new ArrayList<>(64);
        for (byte[] h : hashes) {
            this.hashes.add(h.clone());
        }
    }

    /**
     * Restores a frontier from its serialized form: {@code hashes} must hold exactly
     * {@code Long.bitCount(size)} 32-byte hashes, largest subtree first.
     */
    public static CompactRange of(long size, List<byte[]> hashes) {
        Objects.requireNonNull(hashes, "hashes");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("size " + size + " needs " + Long.bitCount(size) + " hashes, got " + hashes.size());
        }
        for (byte[] h : hashes) {
            if (h == null || h.length != MerkleHashes.HASH_SIZE) {
                throw new IllegalArgumentException("frontier hashes must be 32 bytes");
            }
        }
        return new CompactRange(size, hashes);
    }

    /** The frontier of the first {@code size} leaves of {@code tree} (O(log size) subtree hashes). */
    public static CompactRange fromTree(MerkleTree tree, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        List<byte[]> hs = new ArrayList<>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                hs.add(tree.subtreeHash(level, start >>> level));
                start += 1L << level;
            }
        }
        return new CompactRange(size, hs);
    }

    /** Number of leaves appended so far. */
    public long size() {
        return size;
    }

    /** Copies of the frontier hashes, largest (leftmost) subtree first. */
    public List<byte[]> hashes() {
        List<byte[]> out = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            out.add(h.clone());
        }
        return out;
    }

    /** Appends the leaf hash {@code H(0x00 || entry)} of the next entry. */
    public void append(byte[] leafHash) {
        append(leafHash, SubtreeHashCache.none());
    }

    /**
     * Appends the next leaf hash and offers every subtree it completes (level {@code >= 1}) to
     * {@code completed}, so that proofs over the same log need not recompute them.
     */
    public void append(byte[] leafHash, SubtreeHashCache completed) {
        Objects.requireNonNull(completed, "completed");
        if (leafHash == null || leafHash.length != MerkleHashes.HASH_SIZE) {
            throw new IllegalArgumentException("leaf hash must be 32 bytes");
        }
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("tree is full");
        }
        byte[] h = leafHash.clone();
        long index = size;          // index of h at the current level
        int level = 0;
        while ((size & (1L << level)) != 0) {
            h = MerkleHashes.nodeHash(hashes.remove(hashes.size() - 1), h);
            level++;
            index >>>= 1;
            completed.put(level, index, h);
        }
        hashes.add(h);
        size++;
    }

    /** {@code MTH(D[0:size])}, folding the frontier from the right; the empty-tree hash for size 0. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        byte[] acc = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            acc = MerkleHashes.nodeHash(hashes.get(i), acc);
        }
        return acc.clone();
    }

    /** An independent copy of this frontier. */
    public CompactRange copy() {
        return new CompactRange(size, hashes);
    }
}
