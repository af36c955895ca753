package cn.sunlight.evaluation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The random draw of the committee, made reproducible: seed = SHA-256(tender code ":" server random); the eligible
 * candidates are sorted ascending by id and shuffled (Fisher–Yates) with a deterministic stream of SHA-256(seed ‖ counter)
 * blocks, rejection-sampled so that every order is equally likely. Anyone holding the logged server random and the
 * logged candidate list gets the same order, which is what lets a supervisor re-run the draw.
 */
public final class CommitteeDraw {

    private CommitteeDraw() {
    }

    public static String seed(String tenderCode, String serverRandomHex) {
        return HexFormat.of().formatHex(sha256((tenderCode + ":" + serverRandomHex).getBytes(StandardCharsets.UTF_8)));
    }

    /** The candidates in their seeded order; the first {@code size} form the committee, the rest are the reserves. */
    public static List<Long> order(String seedHex, List<Long> candidates) {
        List<Long> out = new ArrayList<>(candidates.stream().sorted().toList());
        Stream stream = new Stream(HexFormat.of().parseHex(seedHex));
        for (int i = out.size() - 1; i > 0; i--) {
            int j = stream.below(i + 1);
            Long tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    private static final class Stream {
        private final byte[] seed;
        private long counter;
        private ByteBuffer block = ByteBuffer.allocate(0);

        Stream(byte[] seed) {
            this.seed = seed;
        }

        private long next32() {
            if (block.remaining() < 4) {
                byte[] in = ByteBuffer.allocate(seed.length + 8).put(seed).putLong(counter++).array();
                block = ByteBuffer.wrap(sha256(in));
            }
            return Integer.toUnsignedLong(block.getInt());
        }

        /** Uniform in [0, bound): values in the incomplete last bucket are rejected. */
        int below(int bound) {
            long range = 1L << 32;
            long limit = range - range % bound;
            long v;
            do {
                v = next32();
            } while (v >= limit);
            return (int) (v % bound);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
