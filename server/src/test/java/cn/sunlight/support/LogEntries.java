package cn.sunlight.support;

import cn.sunlight.audit.service.TransparencyLog;

import java.util.List;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/**
 * Reads the public log's recent (public) entries, waiting for the one a test expects: the sequencer appends an
 * event only once every older transaction has finished, so it may take a moment to appear.
 */
public final class LogEntries {

    private LogEntries() {
    }

    public static List<String> awaitRecent(TransparencyLog log, Predicate<List<String>> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        List<String> entries;
        do {
            log.sequence();
            long size = log.size();
            // Entries withheld from the public until an opening have no clear content (null): only public ones are returned.
            entries = given().queryParam("start", Math.max(0, size - 500)).queryParam("end", size).get("/api/log/entries")
                    .then().statusCode(200).extract().jsonPath().getList("entry", String.class)
                    .stream().filter(java.util.Objects::nonNull).toList();
            if (until.test(entries)) {
                return entries;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        return entries;
    }
}
