package cn.sunlight.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the platform's OCDS output as an anonymous data user would (the public HTTP API only) and validates every
 * release, release package and record package against the official schemas with the extensions ({@link OcdsSchemas}).
 */
public final class OcdsChecks {

    private OcdsChecks() {
    }

    /** Every release of the changes feed from the start, page by page ({@code limit} per page), each page validated. */
    public static List<JsonNode> crawl(int limit) {
        List<JsonNode> all = new ArrayList<>();
        long since = 0;
        while (true) {
            var response = given().get("/api/ocds/releases?since=" + since + "&limit=" + limit).then().extract();
            long next = Long.parseLong(response.header("X-Next-Since"));
            if (response.statusCode() == 204) {
                assertEquals(since, next, "nothing new keeps the cursor");
                return all;
            }
            assertEquals(200, response.statusCode());
            JsonNode page = OcdsSchemas.parse(response.asString());
            assertEquals(Set.of(), OcdsSchemas.get().releasePackage(page), "feed page after " + since);
            assertTrue(page.path("releases").size() <= limit);
            page.path("releases").forEach(all::add);
            assertTrue(next > since, "the cursor moves forward");
            since = next;
        }
    }

    /**
     * Validates the release package, the record package and each single release of {@code ocid}; returns the record
     * package's record. The single releases must be byte-for-byte what the package holds.
     */
    public static JsonNode validate(String ocid) {
        OcdsSchemas s = OcdsSchemas.get();
        JsonNode pkg = OcdsSchemas.parse(given().get("/api/ocds/packages/" + ocid).then().statusCode(200).extract().asString());
        assertEquals(Set.of(), s.releasePackage(pkg), "release package of " + ocid);
        for (JsonNode r : pkg.path("releases")) {
            assertEquals(Set.of(), s.release(r), "release " + r.path("id").asText());
            JsonNode single = OcdsSchemas.parse(given().get("/api/ocds/releases/" + r.path("id").asText()).then().statusCode(200)
                    .extract().asString());
            assertEquals(r, single);
        }
        JsonNode rec = OcdsSchemas.parse(given().get("/api/ocds/records/" + ocid).then().statusCode(200).extract().asString());
        assertEquals(Set.of(), s.recordPackage(rec), "record package of " + ocid);
        JsonNode record = rec.path("records").path(0);
        assertEquals(Set.of(), s.release(record.path("compiledRelease")), "compiled release of " + ocid);
        assertEquals(pkg.path("releases").size(), record.path("releases").size());
        return record;
    }

    /** {@link #validate} for the tender with this code (ocid = the configured prefix + "-" + code). */
    public static JsonNode validateTender(String tenderCode) {
        String prefix = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("sunlight.ocds.ocid-prefix", String.class);
        return validate(prefix + "-" + tenderCode);
    }

    /** The tags of the releases of one ocid, in order. */
    public static List<String> tags(JsonNode record) {
        List<String> tags = new ArrayList<>();
        record.path("releases").forEach(r -> r.path("tag").forEach(t -> tags.add(t.asText())));
        return tags;
    }
}
