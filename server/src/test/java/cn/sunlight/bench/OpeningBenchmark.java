package cn.sunlight.bench;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Opening benchmark (issue 3): N sealed bids of M MiB go through the real HTTP API into an opening; the
 * clock is then moved past the deadline (only the test profile can), and the measured part is the
 * opening itself: start → every bidder hands over its content key (path 1, P at a time) → read-out →
 * confirmation window → close with the signed record. Not part of the suite (no "Test" suffix); run by
 * docs/bench/opening.sh, which also measures `openssl speed -evp aes-256-gcm` for the ratio.
 */
@QuarkusTest
class OpeningBenchmark {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;

    static int env(String name, int dflt) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null ? dflt : Integer.parseInt(v);
    }

    @Test
    void openManySealedBids() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sunlight.bench"), "benchmark: run with -Dsunlight.bench=true");
        int bids = env("BENCH_OPEN_BIDS", 500);
        int mib = env("BENCH_OPEN_BID_MIB", 10);
        int parallel = env("BENCH_OPEN_PARALLEL", 4);
        Path work = Files.createTempDirectory("opening-bench");
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        X509Certificate opening = Pem.readCertificate(Bids.openingPem(id));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + io.restassured.RestAssured.port;

        long setup = System.nanoTime();
        List<Party> bidders = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        long totalBytes = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < bids; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Party b = Api.party("BIDDER");
                    b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
                    Path zip = work.resolve("bid-" + n + ".zip");
                    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                        z.setLevel(0);
                        z.putNextEntry(new ZipEntry("opening-form.json"));
                        z.write(("{\"price\":\"" + (900000 + n) + ".00\"}").getBytes());
                        z.putNextEntry(new ZipEntry("documents.bin"));
                        Random r = new Random(n);
                        byte[] chunk = new byte[1 << 20];
                        for (int m = 0; m < mib; m++) {
                            r.nextBytes(chunk);
                            z.write(chunk);
                        }
                    }
                    Path cms = work.resolve("bid-" + n + ".cms");
                    new EnvelopeSealer().seal(zip, cms, List.of(opening, b.encryptionCertificate()));
                    Files.delete(zip);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = Files.newInputStream(cms)) {
                        byte[] buf = new byte[1 << 16];
                        int k;
                        while ((k = in.read(buf)) > 0) {
                            sha.update(buf, 0, k);
                        }
                    }
                    long size = Files.size(cms);
                    String sig = Bids.sign(b, BidStatement.text(code, 1, b.creditCode(), HexFormat.of().formatHex(sha.digest()), size));
                    HttpResponse<String> r2 = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tenders/" + id + "/lots/1/bids"))
                            .header("Authorization", "Bearer " + b.token()).header("Content-Type", "application/pkcs7-mime")
                            .header("X-Bid-Signature", sig).POST(HttpRequest.BodyPublishers.ofFile(cms)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, r2.statusCode(), r2.body());
                    String cek;
                    try (InputStream in = Files.newInputStream(cms)) {
                        cek = Base64.getEncoder().encodeToString(new EnvelopeOpener().unwrapContentKey(in, b.encryption().getPrivate(),
                                b.encryptionCertificate()));
                    }
                    Files.delete(cms);
                    return new Object[]{b, cek, size};
                }));
            }
            for (Future<Object[]> f : futures) {
                Object[] o = f.get();
                bidders.add((Party) o[0]);
                keys.add((String) o[1]);
                totalBytes += (Long) o[2];
            }
        }
        double setupSeconds = (System.nanoTime() - setup) / 1e9;

        Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(past);
        try {
            assertTrue(closing.closeIfDue(id));
            long start = System.nanoTime();
            host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200);
            long decryptStart = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < bidders.size(); i++) {
                    Party b = bidders.get(i);
                    String cek = keys.get(i);
                    futures.add(pool.submit(() -> b.call().body(Map.of("contentKey", cek)).post("/api/tenders/" + id + "/opening/lots/1/key")
                            .then().statusCode(200).extract().path("status")));
                }
                for (Future<?> f : futures) {
                    assertEquals("DECRYPTED", f.get());
                }
            }
            double decryptSeconds = (System.nanoTime() - decryptStart) / 1e9;
            host.call().post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
            host.call().post("/api/tenders/" + id + "/opening/confirmation").then().statusCode(200);
            clock.advance(Duration.ofHours(1));
            long recordStart = System.nanoTime();
            host.call().post("/api/tenders/" + id + "/opening/close").then().statusCode(200);
            double recordSeconds = (System.nanoTime() - recordStart) / 1e9;
            double total = (System.nanoTime() - start) / 1e9 - 0; // the confirmation window is skipped by the clock
            clock.advance(Duration.ofHours(-1));
            byte[] pdf = host.call().get("/api/tenders/" + id + "/opening/record.pdf").then().statusCode(200).extract().asByteArray();
            String line = String.format("opening.bids=%d opening.bid_mb=%.2f opening.total_mb=%.1f opening.parallel=%d%n"
                            + "opening.setup_s=%.1f opening.decrypt_s=%.1f opening.decrypt_mb_s=%.1f opening.record_s=%.1f "
                            + "opening.start_to_record_s=%.1f opening.record_pdf_bytes=%d%n",
                    bids, totalBytes / 1e6 / bids, totalBytes / 1e6, parallel, setupSeconds, decryptSeconds,
                    totalBytes / 1e6 / decryptSeconds, recordSeconds, total, pdf.length);
            System.out.print(line);
            Path out = Path.of(System.getProperty("bench.out", "target/bench/opening.txt"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, line);
        } finally {
            clock.advance(past.negated());
        }
    }
}
