package cn.sunlight.storage;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Crash debris: a blob no row references (adopted before a commit that never happened) and a partial upload are
 * collected; a bid's blob never is. A retried upload of the standing envelope gets its receipt, not a second copy.
 */
@QuarkusTest
class BlobCollectorTest {

    @Inject
    BlobCollector collector;
    @Inject
    BlobStore blobs;
    @Inject
    PlatformClock clock;

    @Test
    void orphanBlobsAndStalePartialsGoBidsStayAndARetriedUploadIsNotASecondCopy() throws Exception {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        var bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        byte[] envelope = Bids.sealToOpeningAndSelf(id, code, bidder, Bids.zip(bidder.username(), "9100000.00"), false);
        String sha = Bids.sha256Hex(envelope);

        // The bidder tool lost the connection after the commit and sends the same envelope again.
        Bids.submit(bidder, id, 1, envelope, Bids.sign(bidder, Bids.statement(bidder, code, 1, envelope)), Map.of())
                .statusCode(201).body("content.version", equalTo(1)).body("content.envelopeSha256", equalTo(sha));
        given().header("Authorization", "Bearer " + bidder.token()).get("/api/tenders/" + id + "/bids/mine")
                .then().statusCode(200).body("size()", equalTo(1));

        var orphan = blobs.put(new ByteArrayInputStream(("adopted, never committed " + System.nanoTime()).getBytes()), 1024);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(orphan.path(), old);
        Files.setLastModifiedTime(blobs.find(sha).orElseThrow(), old);
        var partial = blobs.newTempFile();
        Files.setLastModifiedTime(partial, old);
        var recent = blobs.put(new ByteArrayInputStream(("adopted just now " + System.nanoTime()).getBytes()), 1024);

        var result = collector.collect(Instant.now());
        assertTrue(result.removed() >= 1);
        assertFalse(Files.exists(orphan.path()), "an old blob no row references is collected");
        assertTrue(blobs.find(sha).isPresent(), "a bid's blob is never collected");
        assertTrue(Files.exists(recent.path()), "a blob a transaction may still adopt is kept");
        assertFalse(Files.exists(partial), "a partial upload left by a crash is removed");
    }
}
