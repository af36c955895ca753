package cn.sunlight.common.rest;

import cn.sunlight.common.ProblemException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Global error handlers of the live channels (opening hall, auction): an expected refusal (no opening yet, not a
 * registered bidder, a tender id that is not a number, a message that is not JSON) closes the socket cleanly with
 * code 4000 + HTTP status and the problem's type as reason, and is not an error of the platform (no ERROR log line).
 * Anything else closes with 1011 and a reason that says nothing of the platform's insides.
 */
@ApplicationScoped
public class SocketErrors {

    private static final Logger LOG = Logger.getLogger(SocketErrors.class);

    @OnError
    public Uni<Void> refused(ProblemException e, WebSocketConnection c) {
        int code = e.status() >= 400 && e.status() < 500 ? 4000 + e.status() : 4400;
        return c.isClosed() ? Uni.createFrom().voidItem() : c.close(new CloseReason(code, e.type()));
    }

    @OnError
    public Uni<Void> malformed(IllegalArgumentException e, WebSocketConnection c) {
        // NumberFormatException (a path id that is not a number) and decoding failures of a message.
        return c.close(new CloseReason(4400, "malformed"));
    }

    @OnError
    public Uni<Void> decoding(io.quarkus.websockets.next.TextDecodeException e, WebSocketConnection c) {
        return c.close(new CloseReason(4400, "malformed"));
    }

    @OnError
    public Uni<Void> unexpected(Throwable e, WebSocketConnection c) {
        if (c.isClosed() || e instanceof io.vertx.core.http.HttpClosedException || e instanceof java.nio.channels.ClosedChannelException) {
            // The client went away (a page closed, a network drop): nothing failed on the platform's side.
            LOG.debugf("live channel client gone: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        LOG.error("live channel failed", e);
        return c.close(new CloseReason(CloseReason.INTERNAL_SERVER_ERROR.getCode(), "internal error"));
    }
}
