package cn.sunlight.audit.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Read access to the leaf hashes of an append-only log (index 0 is the first entry). The service backs
 * it with PostgreSQL; tests back it with a list.
 *
 * <p>Callers only ask for indexes below a tree size they know the log has reached. Implementations
 * must be thread-safe if the {@link MerkleTree} using them is shared between threads.
 */
@FunctionalInterface
public interface LeafHashSource {

    /** The 32-byte leaf hash {@code H(0x00 || entry)} of the entry at {@code index}. */
    byte[] leafHash(long index);

    /**
     * The leaf hashes of {@code [from, toExclusive)}, in order. The default reads them one by one;
     * a database-backed source should override it with one range query.
     */
    default List<byte[]> leafHashes(long from, long toExclusive) {
        if (from < 0 || toExclusive < from) {
            throw new IllegalArgumentException("bad range [" + from + ", " + toExclusive + ")");
        }
        List<byte[]> out = new ArrayList<>(Math.toIntExact(toExclusive - from));
        for (long i = from; i < toExclusive; i++) {
            out.add(leafHash(i));
        }
        return out;
    }

    /** A source over an in-memory list of leaf hashes (not copied: the list must only grow). */
    static LeafHashSource of(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        return new LeafHashSource() {
            @Override
            public byte[] leafHash(long index) {
                return leafHashes.get(Math.toIntExact(index));
            }

            @Override
            public List<byte[]> leafHashes(long from, long toExclusive) {
                return new ArrayList<>(leafHashes.subList(Math.toIntExact(from), Math.toIntExact(toExclusive)));
            }
        };
    }
}
