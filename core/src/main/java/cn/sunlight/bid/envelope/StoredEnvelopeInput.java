package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An envelope already received into a file (hashed while it was written): read through a small buffer for the
 * header and trailer, and the encrypted content is skipped by seeking, so inspecting a 1 GB bid reads a few KiB.
 */
final class StoredEnvelopeInput extends InputStream {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    StoredEnvelopeInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining()) {
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n <= 0) {
                return -1;
            }
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /** Skips {@code n} bytes by moving the file position; returns fewer only at the end of the file. */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long fromBuffer = Math.min(n, buffer.remaining());
        buffer.position(buffer.position() + (int) fromBuffer);
        long rest = n - fromBuffer;
        long available = Math.max(0, channel.size() - channel.position());
        long seek = Math.min(rest, available);
        channel.position(channel.position() + seek);
        return fromBuffer + seek;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
