package cn.sunlight.auction.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.auction.AuctionBook;
import cn.sunlight.auction.AuctionClient;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance's one group-commit writer: quotes of several auctions at once all committed, each auction's sequence
 * whole; in one transaction a batch whose fence fails writes nothing while the other auction's batch commits; and
 * the sequencer whose auction moved on without it rebuilds and goes on.
 */
@QuarkusTest
class AuctionCommitterTest {

    @Inject
    PlatformClock clock;
    @Inject
    AuctionLedger ledger;
    @Inject
    AuditTrail audit;
    @Inject
    AgroalDataSource db;

    record Lots(long tenderId, String code, long[] auctionIds) {
    }

    Lots lots(List<Party> bidders, int count) {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        Instant now = clock.now();
        long[] auctions = new long[count];
        for (int lot = 1; lot <= count; lot++) {
            auctions[lot - 1] = ((Number) host.call().body(Map.of("startsAt", now.minusSeconds(1).toString(),
                            "endsAt", now.plus(Duration.ofHours(1)).toString(), "minDecrementAmount", "0.01"))
                    .put("/api/tenders/" + id + "/auction?lot=" + lot).then().statusCode(200).extract().path("auctionId")).longValue();
        }
        return new Lots(id, code, auctions);
    }

    static String price(int round, int bidder) {
        return new BigDecimal("9000000.00").subtract(new BigDecimal(round * 10 + bidder)).setScale(2).toPlainString();
    }

    long[] sequences(long auctionId) throws Exception {
        try (Connection c = db.getConnection(); var ps = c.prepareStatement(
                "select count(*), coalesce(max(sequence), 0), count(distinct sequence), (select last_sequence from auction where id = ?) "
                        + "from auction_bid where auction_id = ?")) {
            ps.setLong(1, auctionId);
            ps.setLong(2, auctionId);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return new long[]{r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)};
            }
        }
    }

    @Test
    void quotesOfSeveralAuctionsAtOnceAreAllCommittedEachSequenceWhole() throws Exception {
        int port = RestAssured.port;
        List<Party> bidders = List.of(Api.party("BIDDER"), Api.party("BIDDER"), Api.party("BIDDER"));
        Lots t = lots(bidders, 2); // the demo tender body has two lots
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int lot = 1; lot <= 2; lot++) {
            for (int b = 0; b < bidders.size(); b++) {
                int l = lot;
                int me = b;
                runs.add(pool.submit(() -> {
                    int ok = 0;
                    for (int round = 1; round <= 6; round++) {
                        var r = AuctionClient.bid(port, bidders.get(me), t.tenderId(), t.code(), l, t.auctionIds()[l - 1], round, price(round, me));
                        assertEquals(201, r.status(), r.body());
                        ok++;
                    }
                    return ok;
                }));
            }
        }
        int acknowledged = 0;
        for (var f : runs) {
            acknowledged += f.get();
        }
        pool.shutdown();
        assertEquals(36, acknowledged);
        for (long auctionId : t.auctionIds()) {
            // 18 quotes each, sequences 1..18 without a gap or a double, the auction's fence at the last.
            assertArrayEquals(new long[]{18, 18, 18, 18}, sequences(auctionId));
        }
    }

    @Test
    void aFailedFenceWritesNothingOfItsBatchWhileTheOtherCommitsAndItsSequencerRebuilds() throws Exception {
        int port = RestAssured.port;
        Party b = Api.party("BIDDER");
        Lots t = lots(List.of(b), 2);
        for (int lot = 1; lot <= 2; lot++) {
            var r = AuctionClient.bid(port, b, t.tenderId(), t.code(), lot, t.auctionIds()[lot - 1], 1, price(1, 0));
            assertEquals(201, r.status(), r.body());
        }
        long userId;
        try (Connection c = db.getConnection(); var ps = c.prepareStatement("select id from user_account where username = ?")) {
            ps.setString(1, b.username());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                userId = r.getLong(1);
            }
        }
        List<AuctionCommitter.Batch> batches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AuctionLedger.State s = ledger.load(t.auctionIds()[i]);
            AuctionLedger.Part part = s.parts().values().iterator().next();
            long from = s.book().lastSequence();
            Instant at = clock.now().truncatedTo(ChronoUnit.MICROS);
            BigDecimal p = new BigDecimal(price(2, 0));
            AuctionBook.Outcome o = s.book().submit(part.alias, p, at);
            Quote q = new Quote(s.auctionId(), part.organisationId, userId, new AuditTrail.Actor("test", "BIDDER", null, null), p, 2,
                    "statement", "c2ln", "-----BEGIN CERTIFICATE-----", at, null);
            // The second auction's batch starts from a sequence it no longer is at: another writer moved it on.
            batches.add(new AuctionCommitter.Batch(s, i == 0 ? from : from - 1, List.of(new AuctionLedger.Accepted(q, part, o, at)), null));
        }
        boolean[] written;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            written = AuctionCommitter.write(c, audit, batches);
            c.commit();
        }
        assertArrayEquals(new boolean[]{true, false}, written);
        assertArrayEquals(new long[]{2, 2, 2, 2}, sequences(t.auctionIds()[0]));
        assertArrayEquals(new long[]{1, 1, 1, 1}, sequences(t.auctionIds()[1]));
        // Lot 1 moved on behind its sequencer's back: the quote its memory accepts (round 2) fails the fence, the
        // sequencer rebuilds from the database, where round 2 is taken, and decides again: refused with the reason,
        // nothing written. The next round is accepted at sequence 3.
        var r = AuctionClient.bid(port, b, t.tenderId(), t.code(), 1, t.auctionIds()[0], 2, price(3, 0));
        assertEquals(409, r.status(), r.body());
        assertTrue(r.body().contains("auction-round"), r.body());
        assertArrayEquals(new long[]{2, 2, 2, 2}, sequences(t.auctionIds()[0]));
        r = AuctionClient.bid(port, b, t.tenderId(), t.code(), 1, t.auctionIds()[0], 3, price(3, 0));
        assertEquals(201, r.status(), r.body());
        assertArrayEquals(new long[]{3, 3, 3, 3}, sequences(t.auctionIds()[0]));
        r = AuctionClient.bid(port, b, t.tenderId(), t.code(), 2, t.auctionIds()[1], 2, price(2, 0));
        assertEquals(201, r.status(), r.body());
        assertArrayEquals(new long[]{2, 2, 2, 2}, sequences(t.auctionIds()[1]));
    }
}
