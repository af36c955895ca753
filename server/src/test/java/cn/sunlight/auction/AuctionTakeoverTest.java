package cn.sunlight.auction;

import cn.sunlight.auction.service.AuctionSequencers;
import cn.sunlight.auction.verify.AuctionReplay;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two instances, one truth: this test's application (instance A) and the packaged application started as a second
 * process (instance B, 127.0.0.1:18141) on the same test database. B takes the auction's sequencer lease; quotes
 * sent to A are forwarded to it; B is killed with SIGKILL mid-run; A must take the lease within 5 s and go on, with
 * every acknowledged quote present and the export replaying. Needs {@code target/quarkus-app} (mvn package
 * -DskipTests) from the same sources; bounded to a few seconds of quotes from six bidders, loopback only.
 */
@QuarkusTest
class AuctionTakeoverTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int PORT_B = 18141;
    /** Six bidders for eight seconds in the suite; the benchmark (docs/bench/auction.sh) runs it bigger. */
    static final int BIDDERS = Integer.getInteger("takeover.bidders", 6);
    static final int SECONDS = Integer.getInteger("takeover.seconds", 8);

    @Inject
    PlatformClock clock;
    @Inject
    PlatformCa ca;
    @Inject
    AuctionSequencers sequencers;

    record Ack(long sequence, String alias, String price) {
    }

    @Test
    void killingTheSequencingInstanceLosesNoAcknowledgedQuoteAndTheOtherTakesOver() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assumeTrue(Files.exists(jar), "the second instance runs the packaged application: mvn package -DskipTests first");
        int portA = RestAssured.port;
        List<Party> bidders = new ArrayList<>();
        for (int i = 0; i < BIDDERS; i++) {
            bidders.add(Api.party("BIDDER"));
        }
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(Duration.ofMinutes(10));
        long auction = ((Number) host.call().body(Map.of("startsAt", now.minusSeconds(1).toString(), "endsAt", end.toString(),
                "minDecrementAmount", "0.01")).put("/api/tenders/" + id + "/auction").then().statusCode(200)
                .extract().path("auctionId")).longValue();

        Process b = startInstanceB();
        try {
            awaitReady(PORT_B, Duration.ofSeconds(300)); // seconds when idle; minutes on a loaded shared box
            // B decides the first quote of this auction: it takes the lease.
            var first = AuctionClient.bid(PORT_B, bidders.getFirst(), id, code, 1, auction, 1, "9499999.00");
            assertEquals(201, first.status(), first.body());
            assertFalse(sequencers.sequencing(auction), "instance B sequences, not A");

            Map<Long, Ack> acknowledged = new ConcurrentHashMap<>();
            acknowledged.put(1L, ack(first.body()));
            AtomicLong killedAt = new AtomicLong();
            AtomicLong firstAckAfterKill = new AtomicLong();
            AtomicLong forwardedAcks = new AtomicLong();
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            ExecutorService pool = Executors.newFixedThreadPool(BIDDERS);
            List<Future<?>> runs = new ArrayList<>();
            for (int n = 0; n < BIDDERS; n++) {
                int me = n;
                runs.add(pool.submit(() -> {
                    Party p = bidders.get(me);
                    int round = me == 0 ? 2 : 1;
                    long step = 0;
                    while (System.nanoTime() < stopAt) {
                        int port = (step++ % 2 == 0) ? PORT_B : portA;
                        String price = String.format(java.util.Locale.ROOT, "%.2f", 9_400_000.00 - me - 10.0 * step);
                        long sent = System.nanoTime();
                        AuctionClient.Reply r;
                        try {
                            r = AuctionClient.bid(port, p, id, code, 1, auction, round, price);
                        } catch (IOException gone) {
                            continue; // B is dead: the next attempt goes to A
                        }
                        if (r.status() == 201) {
                            Ack a = ack(r.body());
                            acknowledged.put(a.sequence(), a);
                            round++;
                            if (port == portA && killedAt.get() == 0) {
                                forwardedAcks.incrementAndGet();
                            }
                            if (killedAt.get() != 0 && sent > killedAt.get()) {
                                firstAckAfterKill.compareAndSet(0, System.nanoTime());
                            }
                        } else if (r.status() == 409 && r.body().contains("auction-round")) {
                            // A quote committed by B just before it died was never acknowledged: resume at the right round.
                            JsonNode view = JSON.readTree(AuctionClient.get(portA, p.token(), "/api/tenders/" + id + "/auction").body());
                            round = view.path("you").path("nextRound").asInt();
                        } else if (r.status() != 503 && r.status() != 502) {
                            fail("unexpected answer " + r.status() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(SECONDS * 1000L * 3 / 8);
            b.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to PostgreSQL
            killedAt.set(System.nanoTime());
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(forwardedAcks.get() > 0, "quotes sent to A were forwarded to B and acknowledged before the kill");
            assertTrue(firstAckAfterKill.get() > 0, "A went on after the kill");
            double takeover = (firstAckAfterKill.get() - killedAt.get()) / 1e9;
            System.out.printf("TAKEOVER acknowledged=%d takeover=%.2fs%n", acknowledged.size(), takeover);
            assertTrue(takeover < 5, "A took over within 5 s (took " + takeover + " s)");
            assertTrue(sequencers.sequencing(auction), "A holds the lease now");

            // Close after the end and check the record: every acknowledged quote is there, and it replays.
            ca.platformSigner();
            ca.tsaSigner();
            Duration moved = Duration.between(clock.now(), end).plusSeconds(1);
            clock.advance(moved);
            try {
                host.call().post("/api/tenders/" + id + "/auction/close").then().statusCode(200);
                String export = host.call().get("/api/tenders/" + id + "/auction/export").then().statusCode(200).extract().asString();
                JsonNode bids = JSON.readTree(export).path("bids");
                Map<Long, Ack> present = new ConcurrentHashMap<>();
                bids.forEach(x -> present.put(x.path("sequence").asLong(), new Ack(x.path("sequence").asLong(), x.path("alias").asText(),
                        x.path("price").asText())));
                for (Ack a : acknowledged.values()) {
                    assertEquals(a, present.get(a.sequence()), "acknowledged quote " + a + " is in the record");
                }
                assertTrue(present.size() >= acknowledged.size());
                System.out.printf("TAKEOVER present=%d (acknowledged %d; the difference were committed but their answers died with B)%n",
                        present.size(), acknowledged.size());
                String caPem = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
                var replay = AuctionReplay.replay(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)), Pem.readCertificate(caPem), null);
                assertTrue(replay.ok(), replay.message());
            } finally {
                clock.advance(moved.negated());
            }
        } finally {
            b.destroyForcibly();
            b.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Ack ack(String body) throws IOException {
        JsonNode n = JSON.readTree(body);
        return new Ack(n.path("sequence").asLong(), n.path("alias").asText(), n.path("price").asText());
    }

    static Process startInstanceB() throws IOException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + PORT_B, "-Dquarkus.http.host=127.0.0.1", "-jar", "target/quarkus-app/quarkus-run.jar");
        Map<String, String> env = pb.environment();
        env.put("SUNLIGHT_DB_URL", url);
        env.put("SUNLIGHT_DB_USER", ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"));
        env.put("SUNLIGHT_KEYS_DIR", ConfigProvider.getConfig().getValue("sunlight.keys.dir", String.class));
        env.put("SUNLIGHT_BLOB_DIR", ConfigProvider.getConfig().getValue("sunlight.blob.dir", String.class));
        env.put("SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD", "Sunlight@2026");
        env.put("SUNLIGHT_DEMO_ENABLED", "false");
        env.put("SUNLIGHT_JWT_PUBLIC_KEY", "jwt/dev-public.pem"); // the test profile's development key pair
        env.put("SUNLIGHT_JWT_PRIVATE_KEY", "jwt/dev-private.pem");
        pb.redirectErrorStream(true).redirectOutput(new File("target/takeover-instance-b.log"));
        return pb.start();
    }

    static void awaitReady(int port, Duration max) throws Exception {
        long until = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < until) {
            try {
                var r = AuctionClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pki/ca.pem")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        fail("instance B did not start within " + max + " (see target/takeover-instance-b.log)");
    }
}
