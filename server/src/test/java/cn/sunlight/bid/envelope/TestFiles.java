package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

final class TestFiles {
    private TestFiles() {
    }

    /** A bid ZIP as the bidder tool makes it: opening-form.json plus a (random, incompressible) bid document. */
    static Path bidZip(Path file, int documentBytes) throws IOException {
        byte[] doc = new byte[documentBytes];
        new Random(documentBytes).nextBytes(doc);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("opening-form.json"));
            zip.write(("{\"tender\":\"T-2026-001\",\"lot\":1,\"bidder\":\"投标人甲\",\"price\":\"12345678.90\","
                    + "\"durationDays\":180,\"quality\":\"合格\",\"projectManager\":\"张三\"}")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("technical-proposal.pdf"));
            zip.write(doc);
            zip.closeEntry();
        }
        return file;
    }

    static byte[] sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Copies {@code file} with one byte XOR-ed. */
    static Path flipByte(Path file, long offset, Path out) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x01;
        Files.write(out, b);
        return out;
    }

    /** Deterministic pseudo-random bytes of a given length, generated on the fly (never held in memory). */
    static final class PseudoRandomInputStream extends InputStream {
        private final SplittableRandom random;
        private long remaining;
        private final byte[] block = new byte[8192];
        private int blockPos = block.length;

        PseudoRandomInputStream(long seed, long length) {
            this.random = new SplittableRandom(seed);
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int total = 0;
            while (len > 0 && remaining > 0) {
                if (blockPos == block.length) {
                    random.nextBytes(block);
                    blockPos = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - blockPos), remaining);
                System.arraycopy(block, blockPos, b, off, n);
                blockPos += n;
                off += n;
                len -= n;
                remaining -= n;
                total += n;
            }
            return total;
        }
    }

    /** Discards everything (a stand-in for storage in the large test). */
    static final class NullOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
