package cn.sunlight.audit.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe in-memory {@link SubtreeHashCache} keeping subtrees of level {@code >= minLevel}, up to
 * {@code maxEntries} entries (further puts are ignored). With {@code minLevel = 8} a log of a billion
 * entries needs about four million entries, and any subtree hash costs at most 255 leaf reads.
 */
public final class InMemorySubtreeHashCache implements SubtreeHashCache {

    private record Key(int level, long index) {
    }

    private final int minLevel;
    private final long maxEntries;
    private final ConcurrentHashMap<Key, byte[]> map = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    public InMemorySubtreeHashCache(int minLevel, long maxEntries) {
        if (minLevel < 1 || minLevel > 63) {
            throw new IllegalArgumentException("minLevel must be in 1..63");
        }
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0");
        }
        this.minLevel = minLevel;
        this.maxEntries = maxEntries;
    }

    /** Level 8 and above, at most 16 million entries (about 1.5 GB worst case). */
    public InMemorySubtreeHashCache() {
        this(8, 1L << 24);
    }

    @Override
    public byte[] get(int level, long index) {
        if (level < minLevel) {
            return null;
        }
        byte[] h = map.get(new Key(level, index));
        if (h != null) {
            hits.incrementAndGet();
        }
        return h;
    }

    @Override
    public void put(int level, long index, byte[] hash) {
        if (level < minLevel || map.size() >= maxEntries) {
            return;
        }
        if (hash == null || hash.length != MerkleHashes.HASH_SIZE) {
            throw new IllegalArgumentException("not a 32-byte hash");
        }
        map.putIfAbsent(new Key(level, index), hash.clone());
    }

    public int minLevel() {
        return minLevel;
    }

    /** Number of cached subtree hashes. */
    public int size() {
        return map.size();
    }

    /** Number of successful lookups so far (for tests and metrics). */
    public long hits() {
        return hits.get();
    }
}
