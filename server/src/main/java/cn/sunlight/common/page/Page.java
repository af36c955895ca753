package cn.sunlight.common.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list in its keyset order. {@code next}/{@code previous}: cursors of the neighbouring pages, null at
 * either end. {@code total}: how many rows match, exact when {@code totalExact}, else a lower bound (counting
 * millions of rows on every page view would cost more than the page itself); null when the list does not count.
 */
public record Page<T>(List<T> items, String next, String previous, Long total, boolean totalExact) {

    /**
     * Builds a page from rows fetched in the request's direction ({@link PageRequest#fetch()} of them at most):
     * the extra row only says that more exist.
     */
    public static <T> Page<T> of(PageRequest request, List<T> fetched, Function<T, Object[]> key) {
        boolean more = fetched.size() > request.limit();
        List<T> items = new ArrayList<>(fetched.subList(0, Math.min(fetched.size(), request.limit())));
        Cursor cursor = request.cursor();
        String next;
        String previous;
        if (request.backwards()) {
            Collections.reverse(items);
            previous = more && !items.isEmpty() ? Cursor.before(key.apply(items.getFirst())).encode() : null;
            next = items.isEmpty() ? Cursor.after(cursor.keys().toArray()).encode() : Cursor.after(key.apply(items.getLast())).encode();
        } else {
            next = more && !items.isEmpty() ? Cursor.after(key.apply(items.getLast())).encode() : null;
            previous = cursor == null ? null
                    : items.isEmpty() ? Cursor.before(cursor.keys().toArray()).encode() : Cursor.before(key.apply(items.getFirst())).encode();
        }
        return new Page<>(List.copyOf(items), next, previous, null, false);
    }

    public Page<T> withTotal(Total t) {
        return new Page<>(items, next, previous, t.count(), t.exact());
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), next, previous, total, totalExact);
    }

    /** A count that stopped at a cap: exact below it. */
    public record Total(long count, boolean exact) {
        public static Total capped(long counted, long cap) {
            return counted > cap ? new Total(cap, false) : new Total(counted, true);
        }
    }
}
