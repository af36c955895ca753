package cn.sunlight.portal;

import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The previous/next links and the count under a paged portal list (portal/pager.html). The links are the page's
 * own path with every filter kept in the query string, so a page of results can be bookmarked, shared and reloaded.
 */
public record Pager(String previous, String next, Long total, boolean exact, int shown) {

    /** @param filters the filters as typed (blank ones are left out of the links) */
    public static Pager of(String path, Map<String, String> filters, Page<?> page) {
        return new Pager(link(path, filters, page.previous()), link(path, filters, page.next()), page.total(),
                page.totalExact(), page.items().size());
    }

    /** As above, keeping a page size other than the default in the links too. */
    public static Pager of(String path, Map<String, String> filters, Page<?> page, PageRequest request) {
        Map<String, String> f = new LinkedHashMap<>(filters);
        if (request.limit() != PageRequest.DEFAULT_LIMIT) {
            f.put(PageRequest.LIMIT, String.valueOf(request.limit()));
        }
        return of(path, f, page);
    }

    public boolean any() {
        return previous != null || next != null;
    }

    public static Map<String, String> filters(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    private static String link(String path, Map<String, String> filters, String cursor) {
        if (cursor == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        Map<String, String> all = new LinkedHashMap<>(filters);
        all.put(PageRequest.CURSOR, cursor);
        for (var e : all.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                sb.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue().trim(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }
}
