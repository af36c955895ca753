package cn.sunlight.ocds;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.OcdsChecks;
import cn.sunlight.support.OcdsSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 15 item 2: the changes feed under concurrent, out-of-order commits; bulk files with their validators. */
@QuarkusTest
class OcdsFeedTest {

    @Inject
    PlatformClock clock;
    @ConfigProperty(name = "sunlight.ocds.ocid-prefix")
    String prefix;

    long tender() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        return id;
    }

    /** Writes one release the way the writer does (id from the sequence, in the caller's transaction); returns its id. */
    static String insert(long tenderId, String ocid) {
        var em = Panache.getEntityManager();
        long id = ((Number) em.createNativeQuery("select nextval('ocds_release_seq')").getSingleResult()).longValue();
        String releaseId = ocid + "-" + id;
        String body = "{\"date\":\"2026-03-01T00:00:00Z\",\"id\":\"" + releaseId + "\",\"initiationType\":\"tender\",\"ocid\":\"" + ocid
                + "\",\"tag\":[\"tenderUpdate\"]}";
        em.createNativeQuery("""
                insert into ocds_release (id, release_id, ocid, tender_id, released_at, tags, action, body, body_sha256)
                values (?1, ?2, ?3, ?4, now(), 'tenderUpdate', 'test', ?5, encode(sha256(convert_to(?5, 'UTF8')), 'hex'))""")
                .setParameter(1, id).setParameter(2, releaseId).setParameter(3, ocid).setParameter(4, tenderId)
                .setParameter(5, body).executeUpdate();
        return releaseId;
    }

    static long cursorAtEnd() {
        return Long.parseLong(given().get("/api/ocds/releases?since=0&limit=1").then().extract().header("X-Next-Since")) == 0 ? 0
                : end(0);
    }

    static long end(long since) {
        while (true) {
            var r = given().get("/api/ocds/releases?since=" + since + "&limit=500").then().extract();
            long next = Long.parseLong(r.header("X-Next-Since"));
            if (r.statusCode() == 204) {
                return next;
            }
            since = next;
        }
    }

    /** Reads the feed from {@code since} to its current end; adds the release ids to {@code seen}; returns the cursor. */
    static long read(long since, List<String> seen) {
        while (true) {
            var r = given().get("/api/ocds/releases?since=" + since + "&limit=7").then().extract();
            long next = Long.parseLong(r.header("X-Next-Since"));
            if (r.statusCode() == 204) {
                return next;
            }
            OcdsSchemas.parse(r.asString()).path("releases").forEach(x -> seen.add(x.path("id").asText()));
            since = next;
        }
    }

    @Test
    void aReleaseThatCommitsLateIsNeitherSkippedNorOvertaken() throws Exception {
        long tender = tender();
        String ocid = prefix + "-late-" + System.nanoTime();
        long cursor = end(0);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<String> early = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            String id = insert(tender, ocid); // the lower id, committed last
            inserted.countDown();
            commit.await(30, TimeUnit.SECONDS);
            return id;
        }), pool);
        assertTrue(inserted.await(30, TimeUnit.SECONDS));
        String later = QuarkusTransaction.requiringNew().call(() -> insert(tender, ocid));
        List<String> seen = new ArrayList<>();
        cursor = read(cursor, seen);
        assertFalse(seen.contains(later), "a release is not served ahead of one with a lower id still being written");
        commit.countDown();
        String earlyId = early.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        read(cursor, seen);
        assertEquals(List.of(earlyId, later), seen.stream().filter(s -> s.startsWith(ocid)).toList(), "both, once, the one written first first");
    }

    @Test
    void concurrentWritersAndAReaderNeverSeeAGapOrARepeat() throws Exception {
        long tender = tender();
        String ocid = prefix + "-race-" + System.nanoTime();
        long start = end(0);
        Set<String> written = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            long c = start;
            while (writing.get()) {
                c = read(c, seen);
            }
            read(c, seen);
        }, pool);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    written.add(QuarkusTransaction.requiringNew().call(() -> {
                        String id = insert(tender, ocid);
                        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 15)); // commit after others that started later
                        return id;
                    }));
                }
            }, pool));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        writing.set(false);
        reader.get(120, TimeUnit.SECONDS);
        pool.shutdown();
        List<String> ours = seen.stream().filter(s -> s.startsWith(ocid)).toList();
        assertEquals(written.size(), ours.size(), "every release once");
        assertEquals(written, new HashSet<>(ours));
        // (Not necessarily in id order: an id taken before its transaction wrote anything may commit after a higher one;
        // the feed only promises each release once, at a position that never changes.)
    }

    @Test
    void bulkFilesCarryValidatorsAndAnswer304() throws Exception {
        long id = tender();
        String code = given().get("/api/tenders/" + id).then().extract().path("code");
        OcdsChecks.crawl(100); // the feed is read: everything committed is sequenced
        LocalDate today = LocalDate.ofInstant(clock.now(), ZoneId.of("Asia/Shanghai"));
        given().get("/api/ocds/bulk").then().statusCode(200)
                .body("days", org.hamcrest.Matchers.hasItem("/api/ocds/bulk/releases/" + today + ".zip"));
        var zip = given().get("/api/ocds/bulk/releases/" + today + ".zip").then().statusCode(200)
                .header("ETag", notNullValue()).header("Last-Modified", notNullValue()).extract();
        byte[] json;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
            assertEquals(today + ".json", in.getNextEntry().getName());
            json = in.readAllBytes();
        }
        JsonNode pkg = OcdsSchemas.parse(new String(json, StandardCharsets.UTF_8));
        assertEquals(Set.of(), OcdsSchemas.get().releasePackage(pkg));
        assertTrue(pkg.toString().contains(prefix + "-" + code));
        given().header("If-None-Match", zip.header("ETag")).get("/api/ocds/bulk/releases/" + today + ".zip").then().statusCode(304);
        given().get("/api/ocds/bulk/releases/2001-01-01.zip").then().statusCode(404);
        given().get("/api/ocds/bulk/releases/yesterday.zip").then().statusCode(422).body("violations[0].field", org.hamcrest.Matchers.equalTo("day"));

        var csv = given().get("/api/ocds/bulk/tenders.csv").then().statusCode(200).header("ETag", notNullValue())
                .header("Last-Modified", notNullValue()).body(containsString(code)).extract();
        assertTrue(csv.asString().contains("ocid,tender_id,title,status"));
        given().header("If-None-Match", csv.header("ETag")).get("/api/ocds/bulk/tenders.csv").then().statusCode(304);
        given().get("/api/ocds/bulk/lots.csv").then().statusCode(200).body(containsString("第一标段"));
        given().get("/api/ocds/bulk/awards.csv").then().statusCode(200).body(containsString("award_id"));
        given().get("/api/ocds/bulk/contracts.csv").then().statusCode(200).body(containsString("contract_id"));
        given().get("/api/ocds/bulk/bids.csv").then().statusCode(404);
        // A new release changes the validators.
        tender();
        OcdsChecks.crawl(100);
        given().header("If-None-Match", csv.header("ETag")).get("/api/ocds/bulk/tenders.csv").then().statusCode(200);
        // Bad input is a problem naming the field, never a stack trace.
        given().get("/api/ocds/releases?since=-1").then().statusCode(400).body("violations[0].field", org.hamcrest.Matchers.equalTo("since"));
        given().get("/api/ocds/releases?limit=100000").then().statusCode(400).body("violations[0].field", org.hamcrest.Matchers.equalTo("limit"));
        given().get("/api/ocds/packages/no such ocid").then().statusCode(400);
        given().get("/api/ocds/packages/ocds-none-x").then().statusCode(404);
        given().get("/api/ocds/releases/ocds-none-x-1").then().statusCode(404);
    }
}
