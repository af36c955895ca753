package cn.sunlight.auction.service;

import cn.sunlight.auction.rest.AuctionResource;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import cn.sunlight.common.cluster.ClusterEvents;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The live auction channel. The HTTP upgrade must carry the caller's token — {@code Authorization: Bearer …} from
 * tools, the portal's session cookie from browsers (which cannot set headers on a WebSocket):
 * {@link Authenticated} makes websockets-next check it before the socket exists. Each connection remembers
 * who it is (its {@link AuctionService.Viewer}) and which lot it watches ({@code ?lot=n}) and gets only its own view:
 * on connect (so a reconnect resumes at once), after every committed batch of quotes, wherever it was sequenced
 * (the sequencer's commit NOTIFYs every instance through {@link ClusterEvents}), and once a second as a time tick;
 * {@link AuctionFanOut} renders and sends those updates.
 * Bids may come in over the socket too.
 */
@Authenticated
@WebSocket(path = "/ws/tenders/{id}/auction")
public class AuctionHall {

    private static final Logger LOG = Logger.getLogger(AuctionHall.class);

    @Inject
    AuctionService auctions;
    @Inject
    Vertx vertx;
    @Inject
    AuctionQuotes quotes;
    @Inject
    ClusterEvents events;

    @Inject
    AuctionFanOut fanOut;

    @OnOpen
    public String onOpen(WebSocketConnection c, @PathParam("id") String id) {
        long tenderId = Long.parseLong(id);
        int lot = lot(c);
        startTicks();
        try {
            AuctionService.Viewer v = auctions.viewer(tenderId);
            AuctionService.Snapshot s = auctions.snapshot(tenderId, lot);
            fanOut.watch(c, new AuctionFanOut.Watch(v, tenderId + "/" + lot, tenderId, lot));
            return CanonicalJson.write(AuctionViews.of(s, v));
        } catch (ProblemException e) {
            c.close().subscribe().with(ok -> { }, err -> { });
            return CanonicalJson.write(problem(e, locale(c)));
        }
    }

    @OnClose
    public void onClose(WebSocketConnection c) {
        fanOut.leave(c.id());
    }

    /** {"type":"bid","price":"…","round":n,"signature":"base64"} → {"type":"accepted",…} or {"type":"refused",…}. */
    @OnTextMessage
    public String onMessage(WebSocketConnection c, @PathParam("id") String id, JsonNode msg) {
        AuctionFanOut.Watch watch = fanOut.watchOf(c.id());
        if (watch == null) {
            return null;
        }
        if (!"bid".equals(msg.path("type").asText())) {
            return CanonicalJson.write(Map.of("type", "refused", "problem", Map.of("type", "urn:sunlight:problem:unknown-message", "status", 400)));
        }
        try {
            String text = msg.path("price").asText();
            if (text.length() > 40) {
                throw new NumberFormatException();
            }
            BigDecimal price = new BigDecimal(text);
            var bid = quotes.quote(watch.tenderId(), watch.lot(), price, msg.path("round").isInt() ? msg.path("round").asInt() : null,
                    msg.path("signature").asText());
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

    /** A setup or close committed on this instance: every instance hears of it, this one included. */
    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuctionService.AuctionChanged change) {
        // Off the committing thread: a pooled connection is not taken inside the finished transaction's callback.
        String payload = "{\"tender\":" + change.tenderId() + ",\"lot\":" + change.lot() + ",\"sequence\":" + change.sequence() + "}";
        fanOut.later(() -> {
            try {
                events.publish(CHANNEL, payload);
            } catch (RuntimeException e) {
                LOG.warnf("auction change not announced: %s", e.getMessage());
            }
        });
    }

    /** The sequencers' commits and the setups and closes of any instance arrive here, on every instance. */
    void listen(@Observes StartupEvent e) {
        events.subscribe(CHANNEL, payload -> {
            try {
                JsonNode n = JSON.readTree(payload);
                fanOut.changed(n.path("tender").asLong(), n.path("lot").asInt(1));
            } catch (java.io.IOException ex) {
                LOG.debugf("unreadable auction change: %s", ex.getMessage());
            }
        });
    }

    /**
     * A node-local timer (not a Quartz job: the clustered scheduler would fire it on one node, while the
     * sockets are on every node); the work runs on the sender thread, in order with the broadcasts.
     */
    private void startTicks() {
        if (fanOut.startTicking()) {
            vertx.setPeriodic(1000, t -> fanOut.later(() -> {
                try {
                    fanOut.tick();
                } catch (RuntimeException e) {
                    LOG.debugf("auction tick failed: %s", e.getMessage());
                }
            }));
        }
    }

    static final String CHANNEL = "sunlight_auction";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The lot from the upgrade's query (?lot=n), 1 when absent or not a small positive number. */
    private static int lot(WebSocketConnection c) {
        String q = c.handshakeRequest().query();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.startsWith("lot=") && part.length() <= 7) {
                    try {
                        int n = Integer.parseInt(part.substring(4));
                        return n >= 1 && n <= 999 ? n : 1;
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                }
            }
        }
        return 1;
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
