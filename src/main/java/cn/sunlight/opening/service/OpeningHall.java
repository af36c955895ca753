package cn.sunlight.opening.service;

import cn.sunlight.common.CanonicalJson;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The live opening hall: a WebSocket per tender that sends the hall's state on connect (so a client
 * that reconnects resumes at once) and again after every committed change. It carries only what is
 * public at that stage (see {@link OpeningService#hall}).
 */
@WebSocket(path = "/ws/tenders/{id}/opening")
public class OpeningHall {

    private static final Logger LOG = Logger.getLogger(OpeningHall.class);

    @Inject
    OpeningService openings;
    @Inject
    OpenConnections connections;

    @OnOpen
    public String onOpen(@PathParam("id") String id) {
        return CanonicalJson.write(openings.hall(Long.parseLong(id)));
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OpeningService.OpeningChanged change) {
        String id = String.valueOf(change.tenderId());
        String json = null;
        for (WebSocketConnection c : connections) {
            if (!id.equals(c.pathParam("id"))) {
                continue;
            }
            if (json == null) {
                json = CanonicalJson.write(openings.hall(change.tenderId()));
            }
            c.sendText(json).subscribe().with(ok -> { }, e -> LOG.debugf("hall client gone: %s", e.getMessage()));
        }
    }
}
