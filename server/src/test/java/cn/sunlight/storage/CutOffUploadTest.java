package cn.sunlight.storage;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The suite's short version of the crash test (the full one, kill -9 of an instance during a rush through HAProxy, is
 * docs/cluster/crash.sh): two uploads cut off mid-body leave no row, no blob and no temporary file; the re-sent upload
 * is stored once; re-sending it again (a bidder unsure whether it arrived) gives the same receipt, not a second copy.
 */
@QuarkusTest
class CutOffUploadTest {

    @Inject
    BlobStore blobs;
    @Inject
    PlatformClock clock;

    @Test
    void anUploadCutOffTwiceLeavesNothingAndItsRetryIsStoredOnce() throws Exception {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        var bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        var opening = cn.sunlight.crypto.Pem.readCertificate(Bids.openingPem(id));
        byte[] zip = Bids.zip(bidder.username(), "9100000.00");
        byte[] envelope = new cn.sunlight.bid.envelope.EnvelopeSealer().seal(zip, java.util.List.of(opening, bidder.encryptionCertificate()));
        String signature = Bids.sign(bidder, Bids.statement(bidder, code, 1, envelope));
        Set<Path> tmpBefore = tmpFiles();

        for (int repetition = 0; repetition < 2; repetition++) {
            try (Socket s = new Socket("localhost", io.restassured.RestAssured.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/tenders/" + id + "/lots/1/bids HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bidder.token()
                        + "\r\nContent-Type: application/pkcs7-mime\r\nX-Bid-Signature: " + signature + "\r\nContent-Length: "
                        + envelope.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(envelope, 0, envelope.length / 2);
                out.flush();
                Thread.sleep(200);
                s.setSoLinger(true, 0); // reset, as when the instance or the line dies
            }
        }
        long until = System.currentTimeMillis() + 15_000;
        while (!tmpFiles().equals(tmpBefore) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertEquals(tmpBefore, tmpFiles(), "a cut-off upload left a temporary file");
        assertTrue(blobs.find(Bids.sha256Hex(envelope)).isEmpty(), "a cut-off upload left a blob");
        given().header("Authorization", "Bearer " + bidder.token()).get("/api/tenders/" + id + "/bids/mine")
                .then().statusCode(200).body("size()", equalTo(0));

        int first = Bids.submit(bidder, id, 1, envelope, signature, Map.of()).statusCode(201).extract().path("content.bidId");
        Bids.submit(bidder, id, 1, envelope, signature, Map.of()).statusCode(201).body("content.bidId", equalTo(first));
        given().header("Authorization", "Bearer " + bidder.token()).get("/api/tenders/" + id + "/bids/mine")
                .then().statusCode(200).body("size()", equalTo(1));
        assertTrue(blobs.find(Bids.sha256Hex(envelope)).isPresent());
    }

    private Set<Path> tmpFiles() throws Exception {
        Path tmp = blobs.root().resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return Set.of();
        }
        try (var files = Files.list(tmp)) {
            return files.collect(Collectors.toSet());
        }
    }
}
