package cn.sunlight.auction;

import cn.sunlight.auction.service.AuctionClosing;
import cn.sunlight.auction.verify.AuctionReplay;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.tender.Tender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** One auction per lot (own setup, aliases and result), the rounds mode, and the close by the auction's own timer. */
@QuarkusTest
class AuctionLotsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformClock clock;
    @Inject
    PlatformCa ca;
    @Inject
    AuctionClosing closing;

    record Tendered(long id, String code, Party host) {
    }

    Tendered tender(List<Party> bidders) {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        return new Tendered(id, code, host);
    }

    long setUp(Tendered t, int lot, Map<String, Object> settings) {
        return ((Number) t.host().call().body(settings).put("/api/tenders/" + t.id() + "/auction?lot=" + lot)
                .then().log().ifValidationFails().statusCode(200).body("lot", equalTo(lot)).extract().path("auctionId")).longValue();
    }

    @Test
    void eachLotRunsItsOwnAuctionAndClosesItselfOnTimeExactlyOnce() throws Exception {
        int port = RestAssured.port;
        Party b1 = Api.party("BIDDER");
        Party b2 = Api.party("BIDDER");
        Party b3 = Api.party("BIDDER");
        Tendered t = tender(List.of(b1, b2, b3));
        Instant now = clock.now();
        // Room for the quotes below even on a loaded machine; then the timers must act on their own.
        Instant end1 = now.plusSeconds(45).truncatedTo(ChronoUnit.MILLIS);
        Instant end2 = now.plusSeconds(50).truncatedTo(ChronoUnit.MILLIS);
        // No extensions here (lead changes in the last minutes would move the ends): this test is about the timer.
        long lot1 = setUp(t, 1, Map.of("startsAt", now.minusSeconds(1).toString(), "endsAt", end1.toString(), "maxExtensions", 0));
        long lot2 = setUp(t, 2, Map.of("startsAt", now.minusSeconds(1).toString(), "endsAt", end2.toString(), "startPrice", "4000000.00",
                "minDecrementAmount", "1000.00", "maxExtensions", 0));
        assertNotEquals(lot1, lot2);
        t.host().call().put("/api/tenders/" + t.id() + "/auction?lot=3").then().statusCode(anyOf(is(404), is(422)));

        assertEquals(201, AuctionClient.bid(port, b1, t.id(), t.code(), 1, lot1, 1, "9400000.00").status());
        var r = AuctionClient.bid(port, b2, t.id(), t.code(), 1, lot1, 1, "9300000.00");
        assertEquals(201, r.status(), r.body());
        assertEquals("竞价人B", JSON.readTree(r.body()).path("alias").asText());
        // Lot 2 has its own aliases, rules and order: b2 appears first there.
        r = AuctionClient.bid(port, b2, t.id(), t.code(), 2, lot2, 1, "3990000.00");
        assertEquals(201, r.status(), r.body());
        assertEquals("竞价人A", JSON.readTree(r.body()).path("alias").asText());
        assertEquals(1, JSON.readTree(r.body()).path("sequence").asLong());
        assertEquals(201, AuctionClient.bid(port, b3, t.id(), t.code(), 2, lot2, 1, "3980000.00").status());
        // Above lot 2's own start price: refused with its reason.
        r = AuctionClient.bid(port, b1, t.id(), t.code(), 2, lot2, 1, "4500000.00");
        assertEquals(409, r.status(), r.body());
        assertTrue(r.body().contains("auction-above-start"), r.body());

        // A statement signed for lot 1 does not count on lot 2: the signature binds the lot.
        String forLot1 = Bids.sign(b3, AuctionClient.statement(b3, t.code(), 1, lot1, 2, "3970000.00"));
        var wrongLot = AuctionClient.post(port, b3.token(), "/api/tenders/" + t.id() + "/auction/bids?lot=2",
                "{\"price\":\"3970000.00\",\"round\":2,\"signature\":\"" + forLot1 + "\"}");
        assertEquals(422, wrongLot.status(), wrongLot.body());
        // A statement naming another organisation does not verify as the signer's quote (issue 12 item 5).
        String naming = AuctionClient.statement(b2, t.code(), 1, lot1, 2, "9200000.00").replace(
                AuctionClient.organisationCode(b2), AuctionClient.organisationCode(b1));
        var otherOrg = AuctionClient.post(port, b2.token(), "/api/tenders/" + t.id() + "/auction/bids?lot=1",
                "{\"price\":\"9200000.00\",\"round\":2,\"signature\":\"" + Bids.sign(b2, naming) + "\"}");
        assertEquals(422, otherOrg.status(), otherOrg.body());
        assertTrue(otherOrg.body().contains("auction-bad-signature"), otherOrg.body());
        // Odd prices are refused with a reason, never a server error.
        for (String odd : List.of("0", "-5", "1.234", "1e400", "99999999999999999999999.99")) {
            var o = AuctionClient.post(port, b1.token(), "/api/tenders/" + t.id() + "/auction/bids?lot=1",
                    "{\"price\":\"" + odd + "\",\"round\":2,\"signature\":\"AAAA\"}");
            assertTrue(o.status() >= 400 && o.status() < 500, odd + " -> " + o.status() + " " + o.body());
        }

        // Nobody clicks: the timers close both lots. Several closers racing the timer close lot 1 exactly once.
        ExecutorService racers = Executors.newFixedThreadPool(4);
        List<Future<AuctionClosing.Outcome>> outcomes = new ArrayList<>();
        while (clock.now().isBefore(end1.plusMillis(50))) {
            Thread.sleep(20);
        }
        for (int i = 0; i < 4; i++) {
            outcomes.add(racers.submit(() -> closing.closeIfDue(lot1)));
        }
        for (var f : outcomes) {
            f.get();
        }
        racers.shutdown();
        long deadline = System.currentTimeMillis() + 30_000;
        String state2 = "";
        while (System.currentTimeMillis() < deadline) {
            state2 = t.host().call().get("/api/tenders/" + t.id() + "/auction?lot=2").then().statusCode(200).extract().path("phase");
            if ("CLOSED".equals(state2)) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("CLOSED", state2, "lot 2 closes itself after its end");
        Instant closed2 = Instant.parse(QuarkusTransaction.requiringNew().call(() ->
                cn.sunlight.auction.Auction.<cn.sunlight.auction.Auction>findById(lot2).closedAt).toString());
        assertFalse(closed2.isBefore(end2), "never before the end");
        assertTrue(closed2.isBefore(end2.plusSeconds(15)), "closed on time by the timer, not much later: " + closed2);
        for (long auction : List.of(lot1, lot2)) {
            long closes = QuarkusTransaction.requiringNew().call(() ->
                    AuditEvent.count("action = ?1 and objectId = ?2", "auction.closed", String.valueOf(auction)));
            assertEquals(1, closes, "auction " + auction + " closed exactly once");
        }
        String lot2Close = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("action = ?1 and objectId = ?2",
                "auction.closed", String.valueOf(lot2)).firstResult().state);
        assertTrue(lot2Close.contains("\"closedBy\":\"timer\""), lot2Close);
        // Both lots closed: the tender's bidding is over, once.
        assertEquals("CLOSED", QuarkusTransaction.requiringNew().call(() -> Tender.<Tender>findById(t.id()).status.name()));
        assertEquals(1, QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.count("action = ?1 and objectId = ?2", "tender.auction-concluded", String.valueOf(t.id()))));

        // Each lot: its own result record, award candidate and export that replays.
        t.host().call().get("/api/tenders/" + t.id() + "/auction?lot=1").then().statusCode(200)
                .body("awardCandidate.organisation", equalTo(b2.organisationName()));
        t.host().call().get("/api/tenders/" + t.id() + "/auction?lot=2").then().statusCode(200)
                .body("awardCandidate.organisation", equalTo(b3.organisationName())).body("awardCandidate.price", equalTo("3980000.00"));
        String caPem = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
        for (int lot : List.of(1, 2)) {
            byte[] pdf = t.host().call().get("/api/tenders/" + t.id() + "/auction/result.pdf?lot=" + lot).then().statusCode(200)
                    .extract().asByteArray();
            assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
            String export = t.host().call().get("/api/tenders/" + t.id() + "/auction/export?lot=" + lot).then().statusCode(200)
                    .body("lot", equalTo(lot)).body("mode", equalTo("CONTINUOUS")).body("rounds", equalTo(0)).extract().asString();
            var replay = AuctionReplay.replay(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)), Pem.readCertificate(caPem), null);
            assertTrue(replay.ok(), replay.message());
            assertEquals(2, replay.ranking().size());
        }
        // Closed: quotes are refused with the reason.
        r = AuctionClient.bid(port, b1, t.id(), t.code(), 1, lot1, 2, "9000000.00");
        assertEquals(409, r.status(), r.body());
    }

    @Test
    void roundsModeLetsEachBidderImproveOncePerRoundAndReplays() throws Exception {
        int port = RestAssured.port;
        Party b1 = Api.party("BIDDER");
        Party b2 = Api.party("BIDDER");
        Tendered t = tender(List.of(b1, b2));
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(Duration.ofMinutes(30));
        long auction = ((Number) t.host().call().body(Map.of("startsAt", now.minusSeconds(1).toString(), "endsAt", end.toString(),
                        "rounds", 3, "minDecrementAmount", "1000.00")).put("/api/tenders/" + t.id() + "/auction")
                .then().statusCode(200).body("mode", equalTo("ROUNDS")).body("rounds", equalTo(3)).body("maxExtensions", equalTo(0))
                .extract().path("auctionId")).longValue();
        t.host().call().body(Map.of("startsAt", now.toString(), "endsAt", end.toString(), "rounds", 99))
                .put("/api/tenders/" + t.id() + "/auction").then().statusCode(anyOf(is(400), is(422)));

        assertEquals(201, AuctionClient.bid(port, b1, t.id(), t.code(), 1, auction, 1, "9400000.00").status());
        var again = AuctionClient.bid(port, b1, t.id(), t.code(), 1, auction, 2, "9390000.00");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.body().contains("auction-round-used"), again.body());
        assertEquals(201, AuctionClient.bid(port, b2, t.id(), t.code(), 1, auction, 1, "9395000.00").status());
        b1.call().get("/api/tenders/" + t.id() + "/auction").then().statusCode(200).body("currentRound", equalTo(1))
                .body("mode", equalTo("ROUNDS"));

        ca.platformSigner();
        ca.tsaSigner();
        Duration moved = Duration.ZERO;
        try {
            clock.advance(Duration.ofMinutes(10));
            moved = moved.plus(Duration.ofMinutes(10));
            b1.call().get("/api/tenders/" + t.id() + "/auction").then().statusCode(200).body("currentRound", equalTo(2));
            assertEquals(201, AuctionClient.bid(port, b1, t.id(), t.code(), 1, auction, 2, "9390000.00").status());
            assertEquals(409, AuctionClient.bid(port, b1, t.id(), t.code(), 1, auction, 3, "9380000.00").status());
            clock.advance(Duration.ofMinutes(19));
            moved = moved.plus(Duration.ofMinutes(19));
            // The last minute of the last round: a lead change does not extend (the schedule is the rule).
            var late = AuctionClient.bid(port, b2, t.id(), t.code(), 1, auction, 2, "9385000.00");
            assertEquals(201, late.status(), late.body());
            assertEquals(end, Instant.parse(JSON.readTree(late.body()).path("endsAt").asText()));
            clock.advance(Duration.ofMinutes(2));
            moved = moved.plus(Duration.ofMinutes(2));
            t.host().call().post("/api/tenders/" + t.id() + "/auction/close").then().statusCode(200)
                    .body("awardCandidate.organisation", equalTo(b2.organisationName()));
            String export = t.host().call().get("/api/tenders/" + t.id() + "/auction/export").then().statusCode(200)
                    .body("mode", equalTo("ROUNDS")).body("rounds", equalTo(3)).body("bids", hasSize(4)).extract().asString();
            var replay = AuctionReplay.replay(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)), null, null);
            assertTrue(replay.ok(), replay.message());
            // The replay applies the rounds rule: the export with a second quote moved into the same round fails.
            JsonNode ex = JSON.readTree(export);
            String b2First = ex.path("bids").get(1).path("acceptedAt").asText();
            String b1Second = ex.path("bids").get(2).path("acceptedAt").asText();
            String inRoundOne = Instant.parse(b2First).plusNanos(1000).toString();
            String squeezed = export.replace("\"acceptedAt\":\"" + b1Second + "\"", "\"acceptedAt\":\"" + inRoundOne + "\"");
            assertFalse(AuctionReplay.replay(new ByteArrayInputStream(squeezed.getBytes(StandardCharsets.UTF_8)), null, null).ok());
        } finally {
            clock.advance(moved.negated());
        }
    }
}
