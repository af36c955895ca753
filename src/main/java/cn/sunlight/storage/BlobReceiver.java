package cn.sunlight.storage;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Receives a request body into a temporary file of the {@link BlobStore} without holding a thread for the transfer:
 * the body's chunks arrive on the connection's event loop, are hashed (SHA-256) there as they come and gathered into
 * large writes ({@code sunlight.blob.write-size}, 256 KiB) that Vert.x's {@link AsyncFile} performs off the event loop.
 * While a write is pending the request is paused (TCP back-pressure), so an upload holds at most two write buffers
 * whatever its size and however slow the disk. One copy reaches the disk; the caller fsyncs it when it adopts the blob
 * ({@link BlobStore#adopt}), before anything is acknowledged.
 *
 * <p>The instant the last byte arrived is read from {@code clockAtLastByte} in the end handler, before the file is
 * closed: the law judges a bid's lateness by its complete arrival (《电子招标投标办法》第二十七条), not by when the
 * platform finished storing it.
 */
@ApplicationScoped
public class BlobReceiver {

    /** The body exceeded the caller's limit; the partial file is gone, the rest of the body is discarded. */
    public static class TooLarge extends RuntimeException {
        public TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    /** A body completely received into {@code file} (not yet fsynced nor adopted). */
    public record Received(Path file, long size, byte[] sha256, Instant lastByteAt) {
        public String sha256Hex() {
            return HexFormat.of().formatHex(sha256);
        }
    }

    private final Vertx vertx;
    private final int writeSize;

    public BlobReceiver(Vertx vertx, @ConfigProperty(name = "sunlight.blob.write-size", defaultValue = "256K") MemorySize writeSize) {
        this.vertx = vertx;
        this.writeSize = (int) Math.max(16 * 1024, Math.min(8L << 20, writeSize.asLongValue()));
    }

    /**
     * Streams {@code body} (paused, not yet read) into {@code tmp}, which exists and is empty. Call on the request's
     * event loop. On failure (connection lost, too large, disk) the temporary file is deleted and the future fails.
     */
    public Future<Received> receive(HttpServerRequest body, Path tmp, long maxBytes, Supplier<Instant> clockAtLastByte) {
        Promise<Received> done = Promise.promise();
        vertx.fileSystem().open(tmp.toString(), new OpenOptions().setWrite(true).setCreate(false).setTruncateExisting(true))
                .onFailure(e -> {
                    vertx.fileSystem().delete(tmp.toString());
                    body.resume(); // nothing will read it: let Vert.x discard it
                    done.tryFail(e);
                })
                .onSuccess(file -> new Transfer(body, file, tmp, maxBytes, clockAtLastByte, done).start());
        return done.future();
    }

    private final class Transfer {
        private final HttpServerRequest body;
        private final AsyncFile file;
        private final Path tmp;
        private final long maxBytes;
        private final Supplier<Instant> clock;
        private final Promise<Received> done;
        private final MessageDigest sha = sha256();
        private Buffer gathered = Buffer.buffer(writeSize);
        private long size;
        private boolean over;
        private Throwable writeFailure;

        Transfer(HttpServerRequest body, AsyncFile file, Path tmp, long maxBytes, Supplier<Instant> clock, Promise<Received> done) {
            this.body = body;
            this.file = file;
            this.tmp = tmp;
            this.maxBytes = maxBytes;
            this.clock = clock;
            this.done = done;
        }

        void start() {
            file.setWriteQueueMaxSize(writeSize);
            file.exceptionHandler(e -> {
                writeFailure = e;
                fail(e);
            });
            // The connection broke mid-body (reset, closed): the client went away, not a fault of the platform.
            body.exceptionHandler(e -> fail(e instanceof HttpClosedException ? e
                    : new HttpClosedException("the upload was cut off: " + e.getMessage())));
            body.endHandler(v -> end());
            body.handler(this::chunk);
            body.resume();
        }

        private void chunk(Buffer b) {
            if (over) {
                return; // refused already: the rest is read and dropped, the connection stays usable
            }
            size += b.length();
            if (size > maxBytes) {
                fail(new TooLarge(maxBytes));
                return;
            }
            sha.update(b.getByteBuf().nioBuffer());
            gathered.appendBuffer(b);
            if (gathered.length() >= writeSize) {
                write();
            }
        }

        private void write() {
            Buffer w = gathered;
            gathered = Buffer.buffer(writeSize);
            file.write(w).onFailure(e -> {
                writeFailure = e;
                fail(e);
            });
            if (file.writeQueueFull()) {
                body.pause();
                file.drainHandler(v -> {
                    if (!over) {
                        body.resume();
                    }
                });
            }
        }

        private void end() {
            if (over) {
                return;
            }
            Instant lastByte = clock.get(); // first: this instant decides lateness
            if (gathered.length() > 0) {
                write();
            }
            over = true;
            // AsyncFile closes after its outstanding writes; a failed write fails the close too.
            file.close().onComplete(r -> {
                if (r.succeeded() && writeFailure == null) {
                    done.tryComplete(new Received(tmp, size, sha.digest(), lastByte));
                } else {
                    vertx.fileSystem().delete(tmp.toString());
                    done.tryFail(writeFailure != null ? writeFailure : r.cause());
                }
            });
        }

        private void fail(Throwable e) {
            if (over) {
                return; // after the end, the close reports it
            }
            over = true;
            body.resume();
            file.close().onComplete(r -> vertx.fileSystem().delete(tmp.toString()));
            done.tryFail(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256"); // the JDK's (Bouncy Castle is registered last)
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
