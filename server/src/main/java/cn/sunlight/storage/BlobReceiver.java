package cn.sunlight.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
 * one off-heap buffer per upload ({@code sunlight.blob.write-size}, 256 KiB), written by Vert.x's {@link AsyncFile} off
 * the event loop. While a write is pending the request is paused (TCP back-pressure), so an upload holds one buffer
 * (and at most one chunk) whatever its size and however slow the disk. One copy reaches the disk; the caller fsyncs it when it adopts the blob
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
                .onSuccess(file -> {
                    if (body.response().closed()) { // the connection is gone already: nothing will arrive
                        file.close().onComplete(r -> vertx.fileSystem().delete(tmp.toString()));
                        done.tryFail(new HttpClosedException("the upload was cut off before its body"));
                        return;
                    }
                    new Transfer(body, file, tmp, maxBytes, clockAtLastByte, done).start();
                });
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
        /** Off-heap, pooled: the chunks are gathered here and written from here (no copy on the way to the kernel). */
        private final ByteBuf gather = PooledByteBufAllocator.DEFAULT.directBuffer(writeSize, writeSize);
        /** The part of a chunk that did not fit while the gathered piece was being written. */
        private ByteBuf held;
        private boolean writing;
        private boolean endPending;
        private boolean released;
        private long size;
        private boolean over;
        private Throwable writeFailure;
        private Instant lastByte;

        Transfer(HttpServerRequest body, AsyncFile file, Path tmp, long maxBytes, Supplier<Instant> clock, Promise<Received> done) {
            this.body = body;
            this.file = file;
            this.tmp = tmp;
            this.maxBytes = maxBytes;
            this.clock = clock;
            this.done = done;
        }

        void start() {
            // The connection broke mid-body (reset, closed): the client went away, not a fault of the platform.
            // Once the last byte is in, the body is complete: a connection closed afterwards changes nothing.
            body.exceptionHandler(e -> {
                if (lastByte == null) {
                    fail(e instanceof HttpClosedException ? e : new HttpClosedException("the upload was cut off: " + e.getMessage()));
                }
            });
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
            ByteBuf src = b.getByteBuf();
            sha.update(src.nioBuffer());
            if (writing) {
                // The request is paused while the gathered piece is written; a chunk already on its way is kept aside,
                // never put into the buffer being written.
                if (held == null) {
                    held = io.netty.buffer.Unpooled.buffer(src.readableBytes());
                }
                held.writeBytes(src);
                return;
            }
            gather(src);
        }

        /** Copies into the gather buffer; a full buffer is written while the request stays paused. */
        private void gather(ByteBuf src) {
            int n = Math.min(src.readableBytes(), gather.writableBytes());
            gather.writeBytes(src, n);
            if (!gather.isWritable()) {
                if (src.isReadable()) {
                    held = src.copy(); // at most one chunk, until the write is done
                }
                write();
            }
        }

        private void write() {
            writing = true;
            if (lastByte == null) {
                body.pause(); // an ended request cannot be paused (HTTP/2 throws), nor needs to be
            }
            file.write(Buffer.buffer(gather.duplicate())).onComplete(r -> {
                writing = false;
                gather.clear();
                if (r.failed()) {
                    writeFailure = r.cause();
                    fail(r.cause());
                }
                if (over && !endPending) {
                    release();
                    return;
                }
                if (held != null && !over) {
                    ByteBuf h = held;
                    held = null;
                    gather(h);
                    h.release();
                    if (writing) {
                        return;
                    }
                }
                if (endPending) {
                    endPending = false;
                    finish();
                } else if (!over && lastByte == null) {
                    body.resume();
                }
            });
        }

        private void end() {
            if (over) {
                return;
            }
            lastByte = clock.get(); // first: this instant decides lateness
            if (writing) {
                endPending = true;
                return;
            }
            finish();
        }

        /** After the last byte and every earlier write: the rest written, the file closed. */
        private void finish() {
            if (gather.isReadable() && writeFailure == null) {
                endPending = true;
                write();
                return;
            }
            over = true;
            release();
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
            endPending = false;
            if (lastByte == null) {
                body.resume(); // the rest is read and dropped
            }
            if (!writing) {
                release();
            }
            file.close().onComplete(r -> vertx.fileSystem().delete(tmp.toString()));
            done.tryFail(e);
        }

        private void release() {
            if (!released) {
                released = true;
                gather.release();
                if (held != null) {
                    held.release();
                    held = null;
                }
            }
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
