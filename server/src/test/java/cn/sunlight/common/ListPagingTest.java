package cn.sunlight.common;

import cn.sunlight.support.Api;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: the lists that grow with the years answer one keyset page at a time through the API — limit (default 20,
 * at most 200), a cursor to the next and previous pages, every row once, and 400 problem+json naming a bad value.
 */
@QuarkusTest
class ListPagingTest {

    /** Walks a list two rows at a time to its end and back one page; returns the ids seen, in order. */
    private static List<Long> walk(Supplier<RequestSpecification> who, String path, String idField) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        String lastPageCursor = null;
        for (int i = 0; i < 1000; i++) {
            var r = who.get().queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor).get(path)
                    .then().statusCode(200).extract();
            List<Number> ids = r.jsonPath().getList(idField);
            assertTrue(ids.size() <= 2, path + ": a page holds at most its limit");
            ids.forEach(n -> seen.add(n.longValue()));
            lastPageCursor = cursor;
            cursor = r.header("X-Next-Cursor");
            if (cursor == null) {
                break;
            }
            assertTrue(r.header("Link").contains("rel=\"next\""), path + ": Link next");
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), path + ": no row twice " + seen);
        if (lastPageCursor != null && seen.size() > 2) {
            // The previous page of the last page ends right before it.
            String prev = who.get().queryParam("limit", 2).queryParam("cursor", lastPageCursor).get(path).then().statusCode(200)
                    .extract().header("X-Prev-Cursor");
            assertNotNull(prev, path + ": a previous page");
            List<Number> before = who.get().queryParam("limit", 2).queryParam("cursor", prev).get(path).then().statusCode(200)
                    .extract().jsonPath().getList(idField);
            int lastStart = seen.size() - (seen.size() % 2 == 0 ? 2 : 1);
            assertEquals(seen.subList(lastStart - 2, lastStart), before.stream().map(Number::longValue).toList(), path + ": previous page");
        }
        for (String bad : new String[]{"limit=0", "limit=201", "limit=abc", "cursor=%25%25", "cursor=MWF4"}) {
            who.get().get(path + "?" + bad).then().statusCode(400).contentType(containsString("application/problem+json"));
        }
        return seen;
    }

    @Test
    void projectsPageNewestFirst() {
        var host = Api.party("TENDERER");
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(Api.project(host));
        }
        List<Long> seen = walk(host::call, "/api/projects", "id");
        assertEquals(made.reversed(), seen.subList(0, 5), "newest first, every one once");
        host.call().get("/api/projects").then().statusCode(200).header("X-Next-Cursor", (String) null);
    }

    @Test
    void organisationsExpertsEntrustmentsAndCheckpointsPage() {
        String operator = Api.operator();
        for (int i = 0; i < 3; i++) {
            Api.organisation("BIDDER", "分页测试单位 " + i);
        }
        List<Long> orgs = walk(() -> Api.as(operator), "/api/organisations", "id");
        assertTrue(orgs.size() >= 3);
        assertTrue(orgs.equals(orgs.stream().sorted(java.util.Comparator.reverseOrder()).toList()), "newest first");
        walk(() -> Api.as(operator), "/api/experts", "userId");
        walk(() -> Api.as(operator), "/api/entrustments", "id");
        walk(() -> given(), "/api/log/checkpoints", "size");
        walk(() -> given(), "/api/sandbox/tenders", "id");
        var bidder = Api.party("BIDDER");
        walk(bidder::call, "/api/notifications", "id");
    }
}
