package cn.sunlight.auction;

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
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class BlindAuctionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int BIDDERS = 50;
    static final int ROUNDS = 3;

    @Inject
    PlatformClock clock;
    @Inject
    PlatformCa ca;

    record Auction(long tenderId, String code, long auctionId, Party host, Instant endsAt, BigDecimal start, BigDecimal decrement) {
    }

    Auction setUp(Instant startsAt, Instant endsAt, List<Party> bidders, String visibility) {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS));
        long id = Api.draft(host, body);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        var setup = host.call().body(Map.of("startsAt", startsAt.toString(), "endsAt", endsAt.toString(), "visibility", visibility))
                .put("/api/tenders/" + id + "/auction").then().log().ifValidationFails().statusCode(200)
                // 0.5 % of the tender's ceiling price 9,500,000 from the rule set; window, extension and count from the rules too.
                .body("startPrice", equalTo("9500000.00")).body("minDecrement", equalTo("47500.00"))
                .body("extensionWindowSeconds", equalTo(300)).body("extensionSeconds", equalTo(300)).body("maxExtensions", equalTo(3))
                .extract();
        return new Auction(id, code, ((Number) setup.path("auctionId")).longValue(), host, endsAt, new BigDecimal("9500000.00"),
                new BigDecimal("47500.00"));
    }

    static String price(Auction a, long steps) {
        return a.start().subtract(a.decrement().multiply(BigDecimal.valueOf(steps))).setScale(2).toPlainString();
    }

    @Test
    void fiftyConcurrentBiddersEndWithTheRankingTheirReplayReproducesAndNoBidderSeesAnother() throws Exception {
        int port = RestAssured.port;
        List<Party> bidders = new ArrayList<>();
        for (int i = 0; i < BIDDERS; i++) {
            bidders.add(Api.party("BIDDER"));
        }
        Party supervisor = Api.party("SUPERVISOR");
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        Auction a = setUp(now.minusSeconds(1), now.plus(Duration.ofMinutes(30)), bidders, "RANK_AND_BEST_PRICE");

        // Everything each bidder receives, REST and WebSocket alike, is kept to check blindness at the end.
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        HttpClient wsClient = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> sink = seen.computeIfAbsent(i, k -> AuctionClient.collector());
            sockets.add(AuctionClient.watch(wsClient, port, bidders.get(i).token(), a.tenderId(), sink::add));
        }
        List<String> supervisorFeed = AuctionClient.collector();
        sockets.add(AuctionClient.watch(wsClient, port, supervisor.token(), a.tenderId(), supervisorFeed::add));
        List<String> hostFeed = AuctionClient.collector();
        sockets.add(AuctionClient.watch(wsClient, port, a.host().token(), a.tenderId(), hostFeed::add));

        // An unauthenticated upgrade is refused before any socket exists.
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> AuctionClient.watch(wsClient, port, null, a.tenderId(), s -> { }));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        ExecutorService pool = Executors.newFixedThreadPool(BIDDERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < BIDDERS; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    Party b = bidders.get(n);
                    List<String> sink = seen.computeIfAbsent(n, k -> AuctionClient.collector());
                    for (int round = 1; round <= ROUNDS; round++) {
                        // Distinct prices: round r of bidder n is (r-1)*60 + n + 1 decrements below the start.
                        var r = AuctionClient.bid(port, b, a.tenderId(), a.code(), a.auctionId(), round, price(a, (round - 1) * 60L + n + 1));
                        sink.add(r.body());
                        assertEquals(201, r.status(), r.body());
                    }
                    sink.add(AuctionClient.get(port, b.token(), "/api/tenders/" + a.tenderId() + "/auction").body());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Refusals, each with its reason as problem+json.
        Party first = bidders.getFirst();
        var notBetter = AuctionClient.bid(port, first, a.tenderId(), a.code(), a.auctionId(), ROUNDS + 1, price(a, 2 * 60 + 1));
        assertEquals(409, notBetter.status());
        assertTrue(notBetter.body().contains("auction-not-better"), notBetter.body());
        var tooSmall = AuctionClient.bid(port, first, a.tenderId(), a.code(), a.auctionId(), ROUNDS + 1,
                new BigDecimal(price(a, 2 * 60 + 1)).subtract(new BigDecimal("100.00")).toPlainString());
        assertEquals(409, tooSmall.status());
        assertTrue(tooSmall.body().contains("auction-decrement"), tooSmall.body());
        var wrongRound = AuctionClient.bid(port, first, a.tenderId(), a.code(), a.auctionId(), 1, price(a, 199));
        assertEquals(409, wrongRound.status());
        assertTrue(wrongRound.body().contains("auction-round"), wrongRound.body());
        var forged = AuctionClient.post(port, first.token(), "/api/tenders/" + a.tenderId() + "/auction/bids",
                "{\"price\":\"" + price(a, 199) + "\",\"round\":" + (ROUNDS + 1) + ",\"signature\":\"" + java.util.Base64.getEncoder()
                        .encodeToString(new byte[64]) + "\"}");
        assertEquals(422, forged.status());
        assertTrue(forged.body().contains("auction-bad-signature"), forged.body());
        seen.get(0).addAll(List.of(notBetter.body(), tooSmall.body(), wrongRound.body(), forged.body()));

        // The platform's signing and TSA keys are created on first use with the clock's dates: make sure that is not
        // under the moved clock below, or later tests at real time would see certificates not yet valid.
        ca.platformSigner();
        ca.tsaSigner();

        // The leader now is bidder 49 (the lowest price). Walk to 30 s before the end: bidder 0 takes the lead and the end moves 5 min.
        Duration moved = Duration.between(clock.now(), a.endsAt().minusSeconds(30));
        clock.advance(moved);
        Duration total = moved;
        try {
            var late = AuctionClient.bid(port, first, a.tenderId(), a.code(), a.auctionId(), ROUNDS + 1, price(a, 190));
            assertEquals(201, late.status(), late.body());
            seen.get(0).add(late.body());
            Instant extended = Instant.parse(JSON.readTree(late.body()).path("endsAt").asText());
            assertEquals(a.endsAt().plus(Duration.ofMinutes(5)), extended, "a lead-changing bid in the last minutes extends the end");
            // A bid in the window that does not change the leader does not extend.
            var quiet = AuctionClient.bid(port, bidders.get(1), a.tenderId(), a.code(), a.auctionId(), ROUNDS + 1, price(a, 180));
            assertEquals(201, quiet.status(), quiet.body());
            assertEquals(extended, Instant.parse(JSON.readTree(quiet.body()).path("endsAt").asText()));
            seen.get(1).add(quiet.body());

            // Rank and best price for a bidder that shows both; never another's name.
            var own = AuctionClient.get(port, bidders.get(1).token(), "/api/tenders/" + a.tenderId() + "/auction");
            JsonNode view = JSON.readTree(own.body());
            assertEquals(2, view.path("you").path("rank").asInt());
            assertEquals(price(a, 190), view.path("bestPrice").asText());
            assertTrue(view.path("ranking").isMissingNode() || view.path("ranking").isNull());
            seen.get(1).add(own.body());

            // The buyer sees aliases, no names, while it runs; the supervisor sees names live.
            String hostView = AuctionClient.get(port, a.host().token(), "/api/tenders/" + a.tenderId() + "/auction").body();
            for (Party b : bidders) {
                assertFalse(hostView.contains(b.organisationName()), "the buyer sees no identities before the close");
            }
            String supView = AuctionClient.get(port, supervisor.token(), "/api/tenders/" + a.tenderId() + "/auction").body();
            assertTrue(supView.contains(first.organisationName()), "the supervisor sees everything live");

            // Closing before the (extended) end is refused; after it, identities are revealed to the buyer.
            a.host().call().post("/api/tenders/" + a.tenderId() + "/auction/close").then().statusCode(409)
                    .body("type", containsString("auction-not-ended"));
            Duration past = Duration.between(clock.now(), extended).plusSeconds(1);
            clock.advance(past);
            total = total.plus(past);
            var after = AuctionClient.bid(port, bidders.get(2), a.tenderId(), a.code(), a.auctionId(), ROUNDS + 1, price(a, 195));
            assertEquals(409, after.status());
            assertTrue(after.body().contains("auction-ended"), after.body());
            seen.get(2).add(after.body());

            a.host().call().post("/api/tenders/" + a.tenderId() + "/auction/close").then().statusCode(200)
                    .body("phase", equalTo("CLOSED"))
                    .body("awardCandidate.organisation", equalTo(first.organisationName()))
                    .body("awardCandidate.price", equalTo(price(a, 190)))
                    .body("ranking", hasSize(BIDDERS));
            byte[] pdf = a.host().call().get("/api/tenders/" + a.tenderId() + "/auction/result.pdf").then().statusCode(200)
                    .contentType("application/pdf").extract().asByteArray();
            assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
            first.call().get("/api/tenders/" + a.tenderId() + "/auction/result.pdf").then().statusCode(403);

            // The replay: same ranking and end time from the signed bids alone.
            String export = a.host().call().get("/api/tenders/" + a.tenderId() + "/auction/export").then().statusCode(200).extract().asString();
            JsonNode ex = JSON.readTree(export);
            assertEquals(BIDDERS * ROUNDS + 2, ex.path("bids").size());
            String ca = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
            AuctionReplay.Result replay = AuctionReplay.replay(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)),
                    Pem.readCertificate(ca), null);
            assertTrue(replay.ok(), replay.message());
            assertEquals(extended, replay.endsAt());
            assertEquals(1, replay.extensions());
            List<String> declared = new ArrayList<>();
            ex.path("result").path("ranking").forEach(r -> declared.add(r.path("alias").asText() + "@" + r.path("price").asText()));
            assertEquals(declared, replay.ranking().stream().map(l -> l.alias() + "@" + l.price()).toList());
            assertEquals(price(a, 190), replay.ranking().getFirst().price());

            // A tampered export does not replay: a lowered price breaks its signature.
            String tampered = export.replace("\"price\":\"" + price(a, 190) + "\"", "\"price\":\"" + price(a, 191) + "\"");
            assertFalse(AuctionReplay.replay(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.UTF_8)), null, null).ok());

            // Blindness: no bidder-facing payload names, or even gives the alias of, another bidder.
            Map<String, String> aliasOf = new HashMap<>();
            ex.path("bids").forEach(b -> aliasOf.put(b.path("organisation").asText(), b.path("alias").asText()));
            Thread.sleep(500); // let the last broadcasts arrive
            for (var e : seen.entrySet()) {
                Party me = bidders.get(e.getKey());
                assertFalse(e.getValue().isEmpty());
                for (String payload : e.getValue()) {
                    for (Party other : bidders) {
                        if (other == me) {
                            continue;
                        }
                        assertFalse(payload.contains(other.organisationName()), "bidder " + e.getKey() + " saw a name: " + payload);
                        assertFalse(payload.contains(other.username()), "bidder " + e.getKey() + " saw a username: " + payload);
                        assertFalse(payload.contains("\"" + aliasOf.get(other.organisationName()) + "\""),
                                "bidder " + e.getKey() + " saw another alias: " + payload);
                    }
                }
            }
            // The watchers got live updates: the state on connect, then pushes up to the close.
            assertTrue(seen.get(0).stream().anyMatch(s -> s.contains("\"phase\":\"CLOSED\"")), "bidders learn of the close live");
            assertTrue(supervisorFeed.stream().anyMatch(s -> s.contains(first.organisationName())));
            assertTrue(hostFeed.size() > 1);
        } finally {
            clock.advance(total.negated());
            sockets.forEach(WebSocket::abort);
        }
    }

    @Test
    void aSocketBidIsDecidedLikeARestBidAndAReconnectResumesWithState() throws Exception {
        int port = RestAssured.port;
        Party b = Api.party("BIDDER");
        Party stranger = Api.party("BIDDER");
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        Auction a = setUp(now.minusSeconds(1), now.plus(Duration.ofMinutes(10)), List.of(b), "RANK_ONLY");
        HttpClient client = HttpClient.newHttpClient();
        List<String> feed = AuctionClient.collector();
        WebSocket ws = AuctionClient.watch(client, port, b.token(), a.tenderId(), feed::add);
        await(feed, "\"phase\":\"OPEN\"");
        String sig = cn.sunlight.support.Bids.sign(b, AuctionClient.statement(b, a.code(), 1, a.auctionId(), 1, price(a, 3)));
        ws.sendText("{\"type\":\"bid\",\"price\":\"" + price(a, 3) + "\",\"round\":1,\"signature\":\"" + sig + "\"}", true).get(5, TimeUnit.SECONDS);
        await(feed, "\"type\":\"accepted\"");
        ws.sendText("{\"type\":\"bid\",\"price\":\"" + price(a, 3) + "\",\"round\":2,\"signature\":\"" + sig + "\"}", true).get(5, TimeUnit.SECONDS);
        await(feed, "\"type\":\"refused\"");
        ws.abort();
        // Reconnect: the first message is the bidder's full current state.
        List<String> again = AuctionClient.collector();
        WebSocket ws2 = AuctionClient.watch(client, port, b.token(), a.tenderId(), again::add);
        await(again, "\"rank\":1");
        assertTrue(again.getFirst().contains("\"nextRound\":2"), again.getFirst());
        assertFalse(again.getFirst().contains("bestPrice\":\""), "RANK_ONLY shows no best price");
        ws2.abort();
        // A bidder that did not register may neither watch nor bid.
        AuctionClient.get(port, stranger.token(), "/api/tenders/" + a.tenderId() + "/auction");
        assertEquals(403, AuctionClient.get(port, stranger.token(), "/api/tenders/" + a.tenderId() + "/auction").status());
        assertEquals(403, AuctionClient.bid(port, stranger, a.tenderId(), a.code(), a.auctionId(), 1, price(a, 5)).status());
    }

    static void await(List<String> feed, String needle) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            if (feed.stream().anyMatch(s -> s.contains(needle))) {
                return;
            }
            Thread.sleep(20);
        }
        fail("no message with " + needle + " in " + feed);
    }
}
