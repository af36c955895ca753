package cn.sunlight.audit.log;

/**
 * Storage for hashes of <em>complete</em> subtrees. In an append-only log the subtree of level
 * {@code level} and index {@code index} — the perfect binary tree over the leaves
 * {@code [index * 2^level, (index + 1) * 2^level)} — never changes once its last leaf exists, so its
 * hash can be cached forever (in memory, or in a database table of "tiles").
 *
 * <p>A cache belongs to exactly one log. Implementations may drop or refuse entries at will
 * ({@link #put} is a hint) but must never return a hash that was not put for the same coordinates.
 */
public interface SubtreeHashCache {

    /** The cached hash of the complete subtree at ({@code level}, {@code index}), or {@code null}. */
    byte[] get(int level, long index);

    /** Offers the hash of the complete subtree at ({@code level}, {@code index}); {@code level >= 1}. */
    void put(int level, long index, byte[] hash);

    /** A cache that stores nothing: every subtree hash is recomputed from the leaves. */
    static SubtreeHashCache none() {
        return NoCache.INSTANCE;
    }

    /** The cache used when none is given. */
    enum NoCache implements SubtreeHashCache {
        INSTANCE;

        @Override
        public byte[] get(int level, long index) {
            return null;
        }

        @Override
        public void put(int level, long index, byte[] hash) {
        }
    }
}
