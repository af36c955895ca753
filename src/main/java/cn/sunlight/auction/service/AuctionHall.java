package cn.sunlight.auction.service;

import cn.sunlight.auction.rest.AuctionResource;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live auction channel. The HTTP upgrade must carry the caller's token — {@code Authorization: Bearer …} from
 * tools, the portal's session cookie from browsers (which cannot set headers on a WebSocket):
 * {@link Authenticated} makes websockets-next check it before the socket exists. Each connection remembers
 * who it is (its {@link AuctionService.Viewer}) and gets only its own view: on connect (so a reconnect resumes
 * at once), after every committed bid and once a second as a time tick. Bids may come in over the socket too.
 */
@Authenticated
@WebSocket(path = "/ws/tenders/{id}/auction")
public class AuctionHall {

    private static final Logger LOG = Logger.getLogger(AuctionHall.class);

    @Inject
    AuctionService auctions;
    @Inject
    OpenConnections connections;
    @Inject
    Vertx vertx;
    @Inject
    AuctionGate gate;

    /** Per connection: its viewer; only connections that passed {@link AuctionService#viewer} are here. */
    private static final Map<String, AuctionService.Viewer> VIEWERS = new ConcurrentHashMap<>();
    /** Per tender: whether a broadcast is already queued (bursts of bids coalesce into one fresh snapshot). */
    private static final Map<Long, AtomicBoolean> PENDING = new ConcurrentHashMap<>();
    /** Per tender: the last snapshot broadcast, for the ticks. */
    private static final Map<Long, AuctionService.Snapshot> LAST = new ConcurrentHashMap<>();
    /** One sender thread: broadcasts leave in commit order and never hold up the bidder's response. */
    private static final ExecutorService SENDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auction-hall");
        t.setDaemon(true);
        return t;
    });

    @OnOpen
    public String onOpen(WebSocketConnection c, @PathParam("id") String id) {
        long tenderId = Long.parseLong(id);
        startTicks();
        try {
            AuctionService.Viewer v = auctions.viewer(tenderId);
            VIEWERS.put(c.id(), v);
            AuctionService.Snapshot s = auctions.snapshot(tenderId);
            return CanonicalJson.write(AuctionViews.of(s, v));
        } catch (ProblemException e) {
            c.close().subscribe().with(ok -> { }, err -> { });
            return CanonicalJson.write(problem(e, locale(c)));
        }
    }

    @OnClose
    public void onClose(WebSocketConnection c) {
        VIEWERS.remove(c.id());
    }

    /** {"type":"bid","price":"…","round":n,"signature":"base64"} → {"type":"accepted",…} or {"type":"refused",…}. */
    @OnTextMessage
    public String onMessage(WebSocketConnection c, @PathParam("id") String id, JsonNode msg) {
        if (!VIEWERS.containsKey(c.id())) {
            return null;
        }
        if (!"bid".equals(msg.path("type").asText())) {
            return CanonicalJson.write(Map.of("type", "refused", "problem", Map.of("type", "urn:sunlight:problem:unknown-message", "status", 400)));
        }
        try {
            long tenderId = Long.parseLong(id);
            BigDecimal price = new BigDecimal(msg.path("price").asText());
            var bid = gate.serialised(tenderId, () -> auctions.bid(tenderId, price, msg.path("round").asInt(), msg.path("signature").asText()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "accepted");
            m.put("receipt", AuctionResource.BidReceipt.of(bid));
            return CanonicalJson.write(m);
        } catch (ProblemException e) {
            return CanonicalJson.write(problem(e, locale(c)));
        } catch (NumberFormatException e) {
            return CanonicalJson.write(Map.of("type", "refused", "problem", Map.of("type", "urn:sunlight:problem:auction-invalid-price", "status", 422)));
        }
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuctionService.AuctionChanged change) {
        AtomicBoolean pending = PENDING.computeIfAbsent(change.tenderId(), k -> new AtomicBoolean());
        if (pending.compareAndSet(false, true)) {
            SENDER.execute(() -> broadcast(change.tenderId(), pending));
        }
    }

    private void broadcast(long tenderId, AtomicBoolean pending) {
        // Cleared before loading: a bid committed after this point queues another run, so none is missed.
        pending.set(false);
        try {
            AuctionService.Snapshot s = auctions.snapshot(tenderId);
            LAST.put(tenderId, s);
            send(tenderId, s);
        } catch (RuntimeException e) {
            LOG.warnf(e, "auction %d broadcast failed", tenderId);
        }
    }

    private void send(long tenderId, AuctionService.Snapshot s) {
        String id = String.valueOf(tenderId);
        for (WebSocketConnection c : connections) {
            AuctionService.Viewer v = VIEWERS.get(c.id());
            if (v == null || !id.equals(c.pathParam("id"))) {
                continue;
            }
            c.sendText(CanonicalJson.write(AuctionViews.of(s, v))).subscribe().with(ok -> { },
                    e -> LOG.debugf("auction client gone: %s", e.getMessage()));
        }
    }

    private static final AtomicBoolean TICKING = new AtomicBoolean();

    /**
     * A node-local timer (not a Quartz job: the clustered scheduler would fire it on one node, while the
     * sockets are on every node); the work runs on the sender thread, in order with the broadcasts.
     */
    private void startTicks() {
        if (TICKING.compareAndSet(false, true)) {
            vertx.setPeriodic(1000, t -> SENDER.execute(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {
                    LOG.debugf("auction tick failed: %s", e.getMessage());
                }
            }));
        }
    }

    /** Remaining-time updates: a small tick to every watcher of an auction that has not closed. */
    void tick() {
        if (VIEWERS.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, String> ticks = new ConcurrentHashMap<>();
        for (WebSocketConnection c : connections) {
            if (!VIEWERS.containsKey(c.id())) {
                continue;
            }
            String id = c.pathParam("id");
            String json = ticks.computeIfAbsent(id, k -> {
                AuctionService.Snapshot s = LAST.computeIfAbsent(Long.parseLong(k), t -> auctions.snapshot(t));
                if (s.closedAt() != null) {
                    return "";
                }
                Instant server = auctions.now();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "tick");
                m.put("serverTime", server);
                m.put("endsAt", s.endsAt());
                m.put("remainingSeconds", Math.max(0, Duration.between(server, s.endsAt()).toSeconds()));
                return CanonicalJson.write(m);
            });
            if (!json.isEmpty()) {
                c.sendText(json).subscribe().with(ok -> { }, e -> { });
            }
        }
    }

    private static Map<String, Object> problem(ProblemException e, Locale locale) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:sunlight:problem:" + e.type());
        p.put("title", e.title().in(locale));
        p.put("status", e.status());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "refused");
        m.put("problem", p);
        return m;
    }

    private static Locale locale(WebSocketConnection c) {
        String lang = c.handshakeRequest().header("Accept-Language");
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

}
