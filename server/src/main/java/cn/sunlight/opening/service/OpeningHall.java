package cn.sunlight.opening.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.cluster.ClusterEvents;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live opening hall: a WebSocket per tender that sends the hall's state on connect (so a client
 * that reconnects resumes at once) and again after every committed change. It carries only what is
 * public at that stage (see {@link OpeningService#hall}). A socket opened before the deadline stays
 * open silently and receives the hall the moment it opens.
 *
 * <p>Changes travel through {@link ClusterEvents} (PostgreSQL NOTIFY on commit, channel {@value #CHANNEL},
 * payload the tender id), so a watcher connected to either instance sees a change made on the other.
 */
@WebSocket(path = "/ws/tenders/{id}/opening")
public class OpeningHall {

    static final String CHANNEL = "opening_hall";
    private static final Logger LOG = Logger.getLogger(OpeningHall.class);
    /** Builds and sends hall states off the notification thread (each is a short database read). */
    private static final ExecutorService PUSH = Executors.newVirtualThreadPerTaskExecutor();

    @Inject
    OpeningService openings;
    @Inject
    OpenConnections connections;
    @Inject
    ClusterEvents events;

    @OnOpen
    public void onOpen(WebSocketConnection connection, @PathParam("id") String id) {
        long tenderId;
        try {
            tenderId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            // Refused cleanly by SocketErrors (4400), never an ERROR line.
            throw new IllegalArgumentException("the tender id is not a number");
        }
        try {
            connection.sendTextAndAwait(CanonicalJson.write(openings.hall(tenderId)));
        } catch (ProblemException e) {
            // No hall yet (bidding still open): a public tender's watcher waits and gets the hall at the close; a
            // tender that does not exist or is not public is refused (SocketErrors closes with 4404).
            boolean visible = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
                cn.sunlight.tender.Tender t = cn.sunlight.tender.Tender.findById(tenderId);
                return t != null && t.isPublic();
            });
            if (!visible) {
                throw ProblemException.notFound("tender", tenderId);
            }
        }
    }

    /** Publishes the change to every instance; inside the changing transaction it leaves on commit. */
    void onChange(@Observes OpeningService.OpeningChanged change) {
        events.publish(CHANNEL, String.valueOf(change.tenderId()));
    }

    void listen(@Observes StartupEvent start) {
        events.subscribe(CHANNEL, new ClusterEvents.Listener() {
            @Override
            public void onEvent(String payload) {
                try {
                    long tenderId = Long.parseLong(payload);
                    PUSH.execute(() -> push(tenderId));
                } catch (NumberFormatException e) {
                    LOG.warnf("ignored a malformed opening-hall event: %s", payload);
                }
            }

            @Override
            public void resync() {
                Set<String> watched = new HashSet<>();
                connections.forEach(c -> watched.add(c.pathParam("id")));
                watched.forEach(id -> onEvent(id));
            }
        });
    }

    private void push(long tenderId) {
        String id = String.valueOf(tenderId);
        String json = null;
        for (WebSocketConnection c : connections) {
            if (!id.equals(c.pathParam("id")) || !c.handshakeRequest().path().endsWith("/opening")) {
                continue;
            }
            try {
                if (json == null) {
                    json = CanonicalJson.write(openings.hall(tenderId));
                }
            } catch (ProblemException e) {
                return; // no hall for this tender
            }
            c.sendText(json).subscribe().with(ok -> { }, e -> LOG.debugf("hall client gone: %s", e.getMessage()));
        }
    }
}
