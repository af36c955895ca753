package cn.sunlight.auction.service;

import cn.sunlight.auction.Auction;
import cn.sunlight.auction.Visibility;
import cn.sunlight.auction.service.AuctionService.Line;
import cn.sunlight.auction.service.AuctionService.Snapshot;
import cn.sunlight.auction.service.AuctionService.Viewer;
import cn.sunlight.common.CanonicalJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watcher fan-out: one render per view class must give every viewer exactly the view built for it alone
 * (blindness unchanged), and a connection's outbox coalesces states without ever losing the newest.
 */
class AuctionFanOutTest {

    static Snapshot snapshot(long sequence, boolean closed) {
        List<Line> lines = List.of(
                new Line(1, "A", 101, "甲公司", new BigDecimal("90.00"), sequence, 3),
                new Line(2, "B", 102, "乙公司", new BigDecimal("95.00"), sequence - 1, 2),
                new Line(3, "C", 103, "丙公司", new BigDecimal("99.00"), sequence - 2, 1));
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        return new Snapshot(7, "ZB-7", 1, Auction.Mode.CONTINUOUS, 0, 0, closed ? Auction.Phase.CLOSED : Auction.Phase.OPEN, now,
                new BigDecimal("100.00"), new BigDecimal("0.01"), now.minusSeconds(60), now.plusSeconds(600), 0, 3,
                Visibility.RANK_AND_BEST_PRICE, sequence, closed ? now : null, 4, lines);
    }

    static List<Viewer> viewers() {
        List<Viewer> v = new ArrayList<>();
        for (long org = 101; org <= 105; org++) { // three with a line, two (104, 105) without
            v.add(new Viewer(Viewer.Kind.BIDDER, org));
        }
        v.add(new Viewer(Viewer.Kind.HOST, 200L));
        v.add(new Viewer(Viewer.Kind.HOST, 201L));
        v.add(new Viewer(Viewer.Kind.OPERATOR, 300L));
        v.add(new Viewer(Viewer.Kind.SUPERVISOR, 400L));
        v.add(new Viewer(Viewer.Kind.SUPERVISOR, 401L));
        return v;
    }

    @Test
    void aClassRendersExactlyTheViewOfEachOfItsViewers() {
        for (boolean closed : new boolean[]{false, true}) {
            Snapshot s = snapshot(42, closed);
            Map<AuctionViews.ViewClass, String> byClass = new HashMap<>();
            for (Viewer v : viewers()) {
                String own = CanonicalJson.write(AuctionViews.of(s, v));
                String shared = byClass.computeIfAbsent(AuctionViews.viewClass(s, v), k -> own);
                assertEquals(own, shared, v + " would get another viewer's render");
                if (v.kind() == Viewer.Kind.BIDDER) {
                    for (String other : List.of("甲公司", "乙公司", "丙公司", "\"alias\":\"A\"", "\"alias\":\"B\"", "\"alias\":\"C\"")) {
                        boolean mine = v.organisationId() == 101 && other.equals("\"alias\":\"A\"")
                                || v.organisationId() == 102 && other.equals("\"alias\":\"B\"")
                                || v.organisationId() == 103 && other.equals("\"alias\":\"C\"");
                        assertEquals(mine, own.contains(other), v + " sees " + other + ": " + own);
                    }
                }
            }
            // 3 bidders with a line, 1 class for those without, host, operator, supervisor.
            assertEquals(7, byClass.size());
        }
    }

    /** A wire whose sends complete only when the test says so. */
    static final class Wire {
        final List<String> sent = new ArrayList<>();
        final List<UniEmitter<? super Void>> open = new ArrayList<>();

        Uni<Void> send(String json) {
            sent.add(json);
            return Uni.createFrom().emitter(open::add);
        }

        /** Completes the sends on the wire now (not those they start). */
        void completeAll() {
            List<UniEmitter<? super Void>> now = new ArrayList<>(open);
            open.clear();
            now.forEach(e -> e.complete(null));
        }
    }

    @Test
    void aBusyConnectionGetsTheNewestStateNextAndNoTickReplacesAState() {
        AuctionFanOut fanOut = new AuctionFanOut(null);
        Wire slow = new Wire();
        fanOut.watch("slow", new AuctionFanOut.Watch(new Viewer(Viewer.Kind.SUPERVISOR, 400L), "7/1", 7, 1), slow::send);
        for (int seq = 1; seq <= 50; seq++) {
            fanOut.send("7/1", snapshot(seq + 10, false));
            if (seq == 25) {
                fanOut.tick(Instant.parse("2026-12-07T10:01:00Z")); // waits behind the state in flight
            }
        }
        assertEquals(1, slow.sent.size(), "one message on the wire at a time");
        assertTrue(slow.sent.getFirst().contains("\"sequence\":11"));
        slow.completeAll();
        assertEquals(2, slow.sent.size());
        assertTrue(slow.sent.get(1).contains("\"sequence\":60"), "the newest state, not one in between: " + slow.sent.get(1));
        slow.completeAll();
        assertEquals(3, slow.sent.size());
        assertTrue(slow.sent.get(2).contains("\"type\":\"tick\""), "the tick after the states: " + slow.sent.get(2));
        slow.completeAll();
        assertEquals(3, slow.sent.size(), "nothing left to send");
        fanOut.send("7/1", snapshot(61, false));
        assertEquals(4, slow.sent.size());
        assertTrue(slow.sent.get(3).contains("\"sequence\":61"));
    }

    @Test
    void everyWatcherOfTheAuctionGetsItsOwnViewOfEveryBroadcastAndOthersNothing() {
        AuctionFanOut fanOut = new AuctionFanOut(null);
        Map<String, ConcurrentLinkedQueue<String>> got = new HashMap<>();
        List<Viewer> viewers = viewers();
        for (int i = 0; i < 1000; i++) {
            Viewer v = viewers.get(i % viewers.size());
            ConcurrentLinkedQueue<String> q = new ConcurrentLinkedQueue<>();
            got.put("c" + i, q);
            fanOut.watch("c" + i, new AuctionFanOut.Watch(v, i < 990 ? "7/1" : "8/1", i < 990 ? 7 : 8, 1), json -> {
                q.add(json);
                return Uni.createFrom().voidItem(); // sent at once
            });
        }
        fanOut.leave("c0");
        Snapshot s = snapshot(77, false);
        fanOut.send("7/1", s);
        for (int i = 0; i < 1000; i++) {
            ConcurrentLinkedQueue<String> q = got.get("c" + i);
            if (i == 0 || i >= 990) {
                assertTrue(q.isEmpty(), "c" + i + " does not watch this auction");
                continue;
            }
            assertEquals(1, q.size());
            assertEquals(CanonicalJson.write(AuctionViews.of(s, viewers.get(i % viewers.size()))), q.peek());
        }
        assertFalse(got.get("c1").isEmpty());
    }
}
