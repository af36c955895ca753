package cn.sunlight.common.page;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The two paging query parameters every growing list takes ({@code @BeanParam PageParams page}); read as texts so
 * that a bad value is refused by {@link PageRequest} as a 400 problem naming it, not by JAX-RS as a 404.
 */
public class PageParams {

    @QueryParam(PageRequest.LIMIT)
    @Parameter(description = "rows per page, 1 to 200 (default 20); anything else is 400 problem+json naming limit",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, minimum = "1",
                    maximum = "200", defaultValue = "20"))
    String limit;

    @QueryParam(PageRequest.CURSOR)
    @Parameter(description = "opaque cursor from the previous answer's X-Next-Cursor / X-Prev-Cursor header (or its Link);"
            + " absent for the first page; an unreadable one is 400 problem+json naming cursor")
    String cursor;

    public PageParams() {
    }

    public PageParams(String limit, String cursor) {
        this.limit = limit;
        this.cursor = cursor;
    }

    public PageRequest request() {
        return PageRequest.of(limit, cursor);
    }
}
