package cn.sunlight.common.page;

import cn.sunlight.common.Text;
import cn.sunlight.common.input.Bounds;

/**
 * What a caller asked of a list: how many rows (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) and
 * from where. Parsed from the raw query texts so that a bad value is a 400 naming {@code limit} or {@code cursor}.
 */
public record PageRequest(int limit, Cursor cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";

    public static PageRequest of(String limit, String cursor) {
        return new PageRequest(limit(limit), Cursor.decode(CURSOR, cursor));
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String t = text.trim();
        long v;
        try {
            v = t.length() > 6 ? -1 : Long.parseLong(t);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 1 || v > MAX_LIMIT) {
            throw Bounds.refusal(400, LIMIT, "range", Text.of("每页条数须为 1 到 " + MAX_LIMIT + " 之间的整数",
                    "must be a whole number from 1 to " + MAX_LIMIT));
        }
        return (int) v;
    }

    /** Rows to fetch: one more than shown tells whether a further page exists without counting. */
    public int fetch() {
        return limit + 1;
    }

    /** Whether rows are read towards the start of the order (a "previous" link was followed). */
    public boolean backwards() {
        return cursor != null && cursor.before();
    }
}
