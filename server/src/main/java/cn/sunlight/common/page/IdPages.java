package cn.sunlight.common.page;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A keyset page of a list kept newest first by id (the primary key, or an index ending in it): the cursor is the id
 * of the row a page ended (or began) with. Rows a policy hides after the query ({@code keep}) are skipped by reading
 * on, one more batch at a time, so a page is full whenever enough rows are visible.
 */
public final class IdPages {

    /** Up to {@code limit} rows with an id below {@code below} (null: from the newest), or above {@code above}, nearest first. */
    public interface Rows<T> {
        List<T> read(Long below, Long above, int limit);
    }

    private IdPages() {
    }

    public static <T> Page<T> page(PageRequest page, Rows<T> rows, Function<T, Long> id) {
        return page(page, rows, x -> true, id);
    }

    public static <T> Page<T> page(PageRequest page, Rows<T> rows, Predicate<T> keep, Function<T, Long> id) {
        Long from = page.cursor() == null ? null : page.cursor().longKey(PageRequest.CURSOR, 0);
        boolean back = page.backwards();
        List<T> out = new ArrayList<>();
        while (out.size() < page.fetch()) {
            List<T> batch = back ? rows.read(null, from, page.fetch()) : rows.read(from, null, page.fetch());
            for (T t : batch) {
                if (keep.test(t) && out.size() < page.fetch()) {
                    out.add(t);
                }
            }
            if (batch.size() < page.fetch()) {
                break;
            }
            from = id.apply(batch.getLast());
        }
        return Page.of(page, out, t -> new Object[]{id.apply(t)});
    }
}
