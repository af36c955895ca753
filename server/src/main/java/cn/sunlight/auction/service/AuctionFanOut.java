package cn.sunlight.auction.service;

import cn.sunlight.common.CanonicalJson;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Live updates to the watchers of the auctions on this instance ({@link AuctionHall} holds the sockets). After a
 * committed batch of quotes one sender thread loads the auction's snapshot once, renders each distinct view once
 * ({@link AuctionViews#viewClass}: a bidder's view depends only on its own line, every host/operator view of a
 * moment is the same, so a thousand watchers cost a few hundred renders at most) and hands it to each connection's
 * outbox. An outbox has at most one message on the wire: a newer state waiting replaces an older one not yet sent
 * (a state carries the whole view and its sequence, so it covers the older one), so a slow watcher gets the latest
 * state as soon as it can take it and never makes the others, the sender or the sequencer wait.
 */
@ApplicationScoped
public class AuctionFanOut {

    private static final Logger LOG = Logger.getLogger(AuctionFanOut.class);

    /** What one connection watches: the lot's auction ("tender/lot"), as this viewer. */
    public record Watch(AuctionService.Viewer viewer, String key, long tenderId, int lot) {
    }

    /** One connection's outbox: one message in flight; the newest state (and a tick) waiting behind it. */
    static final class Outbox {
        final Watch watch;
        private final Function<String, io.smallrye.mutiny.Uni<Void>> wire;
        private boolean sending;
        private String nextState;
        private String nextTick;

        Outbox(Watch watch, Function<String, io.smallrye.mutiny.Uni<Void>> wire) {
            this.watch = watch;
            this.wire = wire;
        }

        void state(String json) {
            synchronized (this) {
                if (sending) {
                    nextState = json; // the newer state covers the one not yet sent
                    return;
                }
                sending = true;
            }
            send(json);
        }

        void tick(String json) {
            synchronized (this) {
                if (sending) {
                    nextTick = json;
                    return;
                }
                sending = true;
            }
            send(json);
        }

        private void send(String json) {
            try {
                wire.apply(json).subscribe().with(ok -> sent(), e -> {
                    LOG.debugf("auction watcher gone: %s", e.getMessage());
                    sent();
                });
            } catch (RuntimeException e) {
                LOG.debugf("auction watcher gone: %s", e.getMessage());
                sent();
            }
        }

        private void sent() {
            String next;
            synchronized (this) {
                next = nextState != null ? nextState : nextTick;
                if (nextState != null) {
                    nextState = null;
                } else {
                    nextTick = null;
                }
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            send(next);
        }
    }

    private final AuctionService auctions;
    /** Whether this instance's once-a-second tick runs (started by the first watcher). */
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final Map<String, Outbox> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Outbox>> byAuction = new ConcurrentHashMap<>();
    /** Per auction: whether a broadcast is already queued (a burst of commits coalesces into one fresh snapshot). */
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    /** Per auction: the last snapshot broadcast, for the ticks. */
    private final Map<String, AuctionService.Snapshot> last = new ConcurrentHashMap<>();
    /** One sender thread: snapshots are taken and rendered in commit order, never on a bidder's or the sequencer's thread. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("auction-hall").unstarted(r));

    public AuctionFanOut(AuctionService auctions) {
        this.auctions = auctions;
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }

    void watch(WebSocketConnection c, Watch w) {
        watch(c.id(), w, c::sendText);
    }

    void watch(String connectionId, Watch w, Function<String, io.smallrye.mutiny.Uni<Void>> wire) {
        Outbox o = new Outbox(w, wire);
        byConnection.put(connectionId, o);
        byAuction.computeIfAbsent(w.key(), k -> new ConcurrentHashMap<>()).put(connectionId, o);
    }

    Watch watchOf(String connectionId) {
        Outbox o = byConnection.get(connectionId);
        return o == null ? null : o.watch;
    }

    void leave(String connectionId) {
        Outbox o = byConnection.remove(connectionId);
        if (o != null) {
            Map<String, Outbox> m = byAuction.get(o.watch.key());
            if (m != null) {
                m.remove(connectionId);
            }
        }
    }

    /** True once: for the caller that starts the instance's tick (a method, as the bean is reached through its proxy). */
    boolean startTicking() {
        return ticking.compareAndSet(false, true);
    }

    /** Runs {@code work} on the sender thread, in order with the broadcasts. */
    void later(Runnable work) {
        sender.execute(work);
    }

    /** A batch of the auction was committed (here or on another instance): its watchers get the new state. */
    void changed(long tenderId, int lot) {
        String key = tenderId + "/" + lot;
        Map<String, Outbox> watchers = byAuction.get(key);
        if (watchers == null || watchers.isEmpty()) {
            last.remove(key);
            return;
        }
        AtomicBoolean queued = pending.computeIfAbsent(key, k -> new AtomicBoolean());
        if (queued.compareAndSet(false, true)) {
            sender.execute(() -> broadcast(key, tenderId, lot, queued));
        }
    }

    private void broadcast(String key, long tenderId, int lot, AtomicBoolean queued) {
        // Cleared before loading: a batch committed after this point queues another run, so none is missed.
        queued.set(false);
        try {
            send(key, auctions.snapshot(tenderId, lot));
        } catch (RuntimeException e) {
            LOG.warnf(e, "auction %s broadcast failed", key);
        }
    }

    /** Each distinct view rendered once, then queued to every connection of its class. */
    void send(String key, AuctionService.Snapshot s) {
        last.put(key, s);
        Map<String, Outbox> watchers = byAuction.get(key);
        if (watchers == null) {
            return;
        }
        Map<AuctionViews.ViewClass, String> rendered = new HashMap<>();
        java.util.Set<Long> ranked = AuctionViews.ranked(s);
        for (Outbox o : watchers.values()) {
            AuctionService.Viewer v = o.watch.viewer();
            o.state(rendered.computeIfAbsent(AuctionViews.viewClass(ranked, v), k -> CanonicalJson.write(AuctionViews.of(s, v))));
        }
    }

    /** Remaining-time updates: a small tick to every watcher of an auction that has not closed. */
    void tick() {
        tick(null);
    }

    void tick(Instant at) {
        Instant server = at;
        for (var e : byAuction.entrySet()) {
            Map<String, Outbox> watchers = e.getValue();
            if (watchers.isEmpty()) {
                continue;
            }
            Watch any = watchers.values().iterator().next().watch;
            AuctionService.Snapshot s = last.computeIfAbsent(e.getKey(), k -> auctions.snapshot(any.tenderId(), any.lot()));
            if (s.closedAt() != null) {
                continue;
            }
            server = server == null ? auctions.now() : server;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "tick");
            m.put("serverTime", server);
            m.put("endsAt", s.endsAt());
            m.put("remainingSeconds", Math.max(0, Duration.between(server, s.endsAt()).toSeconds()));
            String json = CanonicalJson.write(m);
            watchers.values().forEach(o -> o.tick(json));
        }
    }
}
