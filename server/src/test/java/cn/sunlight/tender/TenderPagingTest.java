package cn.sunlight.tender;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20: the public tender list is a keyset page; its cursor is stable; its search finds Chinese substrings. */
@QuarkusTest
class TenderPagingTest {

    @Inject
    PlatformClock clock;

    private long published(Party host, String title) {
        var body = Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
        body.put("title", title);
        long id = Api.draft(host, body);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        return id;
    }

    private static List<Long> ids(Response r) {
        List<Number> ids = r.then().statusCode(200).extract().path("id");
        return ids.stream().map(Number::longValue).toList();
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeatsWhileTendersArePublished() {
        Party host = Api.party("TENDERER");
        String word = "翻页" + UUID.randomUUID().toString().substring(0, 6);
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(published(host, "阳光市" + word + "道路改造工程 " + i));
        }
        Response first = given().queryParam("q", word).queryParam("limit", 10).get("/api/tenders");
        List<Long> seen = new ArrayList<>(ids(first));
        assertEquals(10, seen.size());
        assertEquals("23", first.header("X-Total-Count"));
        assertEquals("true", first.header("X-Total-Exact"));
        assertNull(first.header("X-Prev-Cursor"), "the first page has no previous page");
        assertTrue(first.header("Link").contains("rel=\"next\""), first.header("Link"));
        assertTrue(first.header("Link").contains("q="), "the links keep the filters: " + first.header("Link"));

        // Tenders published while the reader pages are newer than its cursor: they never shift a later page.
        List<Long> later = List.of(published(host, "阳光市" + word + "桥梁工程 A"), published(host, "阳光市" + word + "桥梁工程 B"));
        String cursor = first.header("X-Next-Cursor");
        String secondCursor = cursor;
        Response second = null;
        while (cursor != null) {
            Response page = given().queryParam("q", word).queryParam("limit", 10).queryParam("cursor", cursor).get("/api/tenders");
            if (second == null) {
                second = page;
            }
            seen.addAll(ids(page));
            cursor = page.header("X-Next-Cursor");
        }
        assertEquals(created.size(), seen.size(), "no repeats, no gaps: " + seen);
        assertEquals(new HashSet<>(created), new HashSet<>(seen));
        List<Long> newestFirst = new ArrayList<>(created);
        newestFirst.sort((a, b) -> Long.compare(b, a));
        assertEquals(newestFirst, seen, "newest first across pages");

        // Back from the second page: exactly the first page as it was read (the new tenders are before it).
        Response back = given().queryParam("q", word).queryParam("limit", 10).queryParam("cursor", second.header("X-Prev-Cursor"))
                .get("/api/tenders");
        assertEquals(seen.subList(0, 10), ids(back));
        assertNotNull(back.header("X-Prev-Cursor"), "the newer tenders are one page further back");
        assertEquals(later.stream().sorted((a, b) -> Long.compare(b, a)).toList(),
                ids(given().queryParam("q", word).queryParam("cursor", back.header("X-Prev-Cursor")).get("/api/tenders")));
        assertNotNull(secondCursor);
    }

    @Test
    void chineseSubstringsOfTwoAndMoreCharactersAreFound() {
        Party host = Api.party("TENDERER");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long road = published(host, "赣州市章江新区滨江大道道路改造工程 " + tag);
        long school = published(host, "赣州市第三中学教学楼新建工程 " + tag);
        // Two characters (the two-character index), three and more (pg_trgm), mixed with the code's letters.
        List<Long> two = ids(given().queryParam("q", "道路").queryParam("limit", 200).get("/api/tenders"));
        assertTrue(two.contains(road) && !two.contains(school), "道路: " + two);
        List<Long> three = ids(given().queryParam("q", "教学楼").queryParam("limit", 200).get("/api/tenders"));
        assertTrue(three.contains(school) && !three.contains(road), "教学楼: " + three);
        assertEquals(List.of(road), ids(given().queryParam("q", "滨江大道道路改造工程 " + tag).get("/api/tenders")));
        assertEquals(List.of(school, road), ids(given().queryParam("q", tag).get("/api/tenders")));
        String code = given().get("/api/tenders/" + road).then().extract().path("code");
        assertEquals(List.of(road), ids(given().queryParam("q", code.toLowerCase()).get("/api/tenders")));
        // The tendering unit's name is searched too.
        Set<Long> byUnit = new HashSet<>(ids(given().queryParam("q", host.organisationName()).queryParam("limit", 200).get("/api/tenders")));
        assertTrue(byUnit.contains(road) && byUnit.contains(school), "by unit: " + byUnit);
        // LIKE's wildcards are searched for literally.
        assertEquals(List.of(), ids(given().queryParam("q", "%_" + tag).get("/api/tenders")));
    }

    @Test
    void badPagingAndSearchValuesAre400ProblemsNamingTheParameter() {
        for (String limit : List.of("0", "201", "-1", "abc", "1e3", "99999999999")) {
            given().queryParam("limit", limit).get("/api/tenders").then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("violations[0].field", equalTo("limit"));
        }
        for (String cursor : List.of("garbage!", "AAAA", "MWF4", "MWFub3QtYS1udW1iZXI")) {
            given().queryParam("cursor", cursor).get("/api/tenders").then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("violations[0].field", equalTo("cursor"));
        }
        given().queryParam("q", "路").get("/api/tenders").then().statusCode(400).body("violations[0].field", equalTo("q"));
        given().queryParam("q", "x".repeat(101)).get("/api/tenders").then().statusCode(400).body("violations[0].field", equalTo("q"));
        given().queryParam("limit", "200").get("/api/tenders").then().statusCode(200);
        // The portal keeps a refused keyword on the page, with the reason, instead of an error page.
        given().queryParam("q", "路").get("/").then().statusCode(200).body(containsString("2 到 100"));
    }

    @Test
    void theOpenApiDocumentDescribesThePagingParameters() {
        String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertTrue(doc.contains("\"limit\"") && doc.contains("\"cursor\"") && doc.contains("X-Next-Cursor"), "openapi");
    }
}
