package cn.sunlight.bid;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.support.Api;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The upload path of issue 14 item 3: a sealed bid's body is received without a thread held for the transfer, and
 * whatever is refused before the body (size declared above the limit, a caller not registered) is refused without
 * reading it.
 */
@QuarkusTest
class StreamedUploadTest {

    @Inject
    BlobStore blobs;
    @Inject
    PlatformClock clock;

    record Setup(long tenderId, String code, Api.Party bidder, byte[] envelope, String signature) {
    }

    private Setup setup() throws Exception {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        var bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        var opening = cn.sunlight.crypto.Pem.readCertificate(Bids.openingPem(id));
        byte[] padding = new byte[3 * 1024 * 1024];
        new java.util.Random(5).nextBytes(padding);
        byte[] zip = Bids.zip(bidder.username() + Arrays.hashCode(padding), "9100000.00");
        byte[] plain = Arrays.copyOf(zip, zip.length + padding.length);
        System.arraycopy(padding, 0, plain, zip.length, padding.length);
        byte[] envelope = new cn.sunlight.bid.envelope.EnvelopeSealer().seal(plain, List.of(opening, bidder.encryptionCertificate()));
        return new Setup(id, code, bidder, envelope, Bids.sign(bidder, Bids.statement(bidder, code, 1, envelope)));
    }

    private static String head(Setup s, String token, long contentLength) {
        return "POST /api/tenders/" + s.tenderId() + "/lots/1/bids HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/pkcs7-mime\r\nAccept-Language: en\r\nX-Bid-Signature: " + s.signature()
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    /** Reads one HTTP answer's head and up to {@code max} bytes more (the answers here are small). */
    private static String answer(Socket socket) throws Exception {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            got.write(buf, 0, n);
            String s = got.toString(StandardCharsets.UTF_8);
            int bodyAt = s.indexOf("\r\n\r\n");
            if (bodyAt > 0) {
                var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(s);
                if (m.find() && got.size() >= bodyAt + 4 + Integer.parseInt(m.group(1))) {
                    return s;
                }
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUploadInProgressHoldsNoThreadAndIsAcceptedAtItsLastByte() throws Exception {
        Setup s = setup();
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(s, s.bidder().token(), s.envelope().length).getBytes(StandardCharsets.US_ASCII));
            out.write(s.envelope(), 0, s.envelope().length / 2);
            out.flush();
            Thread.sleep(1500); // the upload stalls mid-body, as on a slow line
            List<String> holding = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey() != Thread.currentThread())
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("cn.sunlight.bid.")
                            || f.getClassName().contains("VertxInputStream")))
                    .map(e -> e.getKey().getName()).toList();
            assertEquals(List.of(), holding, "threads held by the stalled upload");
            out.write(s.envelope(), s.envelope().length / 2, s.envelope().length - s.envelope().length / 2);
            out.flush();
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
            assertTrue(answer.contains(Bids.sha256Hex(s.envelope())), answer);
        }
        assertTrue(blobs.find(Bids.sha256Hex(s.envelope())).isPresent());
        given().header("Authorization", "Bearer " + s.bidder().token()).get("/api/tenders/" + s.tenderId() + "/bids/mine")
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void refusalsBeforeTheBodyDoNotReadIt() throws Exception {
        Setup s = setup();
        Set<Path> tmpBefore = tmpFiles();
        // A size above the limit (2 GiB, also the HTTP layer's) declared: 413 although not a byte of the body was sent.
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(head(s, s.bidder().token(), 3L << 30).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        // A bidder not registered for the tender: 403 before the body, which is never sent.
        var stranger = Api.party("BIDDER");
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(head(s, stranger.token(), s.envelope().length).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        }
        assertEquals(tmpBefore, tmpFiles(), "a refusal before the body left a temporary file");
        // The right bidder's bid still goes through.
        Bids.submit(s.bidder(), s.tenderId(), 1, s.envelope(), s.signature(), Map.of()).statusCode(201)
                .body("content.envelopeSha256", equalTo(Bids.sha256Hex(s.envelope())));
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
