package cn.sunlight.bid.service;

import cn.sunlight.storage.BlobReceiver;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * A sealed-bid upload without a thread held for its transfer (issue 14, item 3). Three steps, each on the thread it
 * suits:
 * <ol>
 *   <li>on a worker: the caller's right to bid ({@link BidService#prepare}: tender, lot, registration, deadline not
 *   passed, signing certificate, declared size) — while the request stays paused, so nothing is accepted before;</li>
 *   <li>on the connection's event loop: the body streamed to a temporary file, hashed while written, the tender's
 *   clock read at the last byte ({@link BlobReceiver});</li>
 *   <li>on a worker: inspection, lateness, signature, fsync and adoption, the row, log entry and receipt in one
 *   transaction ({@link BidService#accept}).</li>
 * </ol>
 * The worker steps run in the request's CDI context (who is acting, from which address), handed over explicitly
 * because the request's own handling is suspended meanwhile.
 */
@ApplicationScoped
public class BidUploads {

    private final BidService bids;
    private final BlobReceiver receiver;
    private final cn.sunlight.common.PlatformClock clock;

    public BidUploads(BidService bids, BlobReceiver receiver, cn.sunlight.common.PlatformClock clock) {
        this.bids = bids;
        this.receiver = receiver;
        this.clock = clock;
    }

    /** Call on the request's event loop with the request not yet read (Quarkus REST keeps it paused). */
    public Uni<Receipts.Receipt> submit(long tenderId, int lotNumber, HttpServerRequest request, String signature,
                                       String fingerprint, String bondPayerAccount) {
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState state = requestContext.getState();
        Context eventLoop = Vertx.currentContext();
        Executor onEventLoop = task -> eventLoop.runOnContext(v -> task.run());
        long declared = declaredLength(request);
        java.time.Instant arrived = clock.now(); // the request's head is here (event loop, no queue yet)
        return inRequest(requestContext, state,
                () -> bids.prepare(tenderId, lotNumber, signature, fingerprint, bondPayerAccount, declared, arrived))
                .emitOn(onEventLoop)
                .chain(prepared -> Uni.createFrom()
                        .completionStage(() -> receiver.receive(request, prepared.tmp(), bids.maxBytes(), () -> bids.now(prepared))
                                .toCompletionStage())
                        .onFailure().transform(bids::notReceived)
                        .chain(received -> inRequest(requestContext, state, () -> bids.accept(prepared, received))));
    }

    private static <T> Uni<T> inRequest(ManagedContext requestContext, InjectableContext.ContextState state, Callable<T> work) {
        return Uni.createFrom().item(() -> {
            if (!state.isValid()) {
                // The client went away and the request has ended: nobody awaits this step (its Uni was cancelled).
                // A temporary file left by an earlier step goes with the blob store's sweep of partial uploads.
                return null;
            }
            requestContext.activate(state);
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                requestContext.deactivate();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
