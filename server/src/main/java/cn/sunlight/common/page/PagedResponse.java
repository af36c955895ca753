package cn.sunlight.common.page;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A page as the API answers it: the body stays the JSON array it always was (clients and scripts that read the
 * first page keep working), the paging travels in headers — RFC 8288 {@code Link} with {@code rel="next"} /
 * {@code rel="prev"} (the request's own URL, filters kept, with the cursor replaced), {@code X-Next-Cursor},
 * {@code X-Prev-Cursor}, and {@code X-Total-Count} with {@code X-Total-Exact: false} when it is a lower bound.
 */
public final class PagedResponse {

    public static final String NEXT = "X-Next-Cursor";
    public static final String PREV = "X-Prev-Cursor";
    public static final String TOTAL = "X-Total-Count";
    public static final String TOTAL_EXACT = "X-Total-Exact";

    private PagedResponse() {
    }

    public static Response of(Page<?> page, UriInfo uri) {
        Response.ResponseBuilder r = Response.ok(page.items());
        List<String> links = new ArrayList<>();
        if (page.next() != null) {
            r.header(NEXT, page.next());
            links.add("<" + uri.getRequestUriBuilder().replaceQueryParam(PageRequest.CURSOR, page.next()).build() + ">; rel=\"next\"");
        }
        if (page.previous() != null) {
            r.header(PREV, page.previous());
            links.add("<" + uri.getRequestUriBuilder().replaceQueryParam(PageRequest.CURSOR, page.previous()).build() + ">; rel=\"prev\"");
        }
        if (!links.isEmpty()) {
            r.header("Link", String.join(", ", links));
        }
        if (page.total() != null) {
            r.header(TOTAL, page.total());
            r.header(TOTAL_EXACT, page.totalExact());
        }
        return r.build();
    }
}
