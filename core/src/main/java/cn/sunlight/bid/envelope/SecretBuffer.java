package cn.sunlight.bid.envelope;

import java.io.OutputStream;
import java.util.Arrays;

/** A small in-memory sink for secrets that zeroes every buffer it discards. */
final class SecretBuffer extends OutputStream {
    private byte[] buf = new byte[256];
    private int size;

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, size + extra)];
            System.arraycopy(buf, 0, bigger, 0, size);
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
    }

    /** Returns the content and wipes the buffer. */
    byte[] takeAndWipe() {
        byte[] out = Arrays.copyOf(buf, size);
        wipe();
        return out;
    }

    void wipe() {
        Arrays.fill(buf, (byte) 0);
        size = 0;
    }

    @Override
    public void close() {
        // content stays until takeAndWipe()/wipe()
    }
}
