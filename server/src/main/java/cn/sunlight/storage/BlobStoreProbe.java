package cn.sunlight.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What the blob store needs from its file system, checked before the platform accepts a bid: a file can be written
 * and fsynced, renamed atomically within the store (temporary file → content address), the directory holding the
 * new name fsynced (so the rename survives a crash), and read back byte for byte. A shared mount (NFS, CephFS) for
 * two instances must give all of this; one that cannot (e.g. a FUSE mount without fsync) is refused at start-up
 * instead of losing acknowledged bids at the first crash.
 */
public final class BlobStoreProbe {

    private BlobStoreProbe() {
    }

    /** Runs the probe in {@code root}; throws if the file system lacks a guarantee. Leaves nothing behind. */
    public static void check(Path root) throws IOException {
        Path tmpDir = root.resolve("tmp");
        Path probeDir = root.resolve("probe");
        Files.createDirectories(tmpDir);
        Files.createDirectories(probeDir);
        byte[] data = new byte[64 * 1024 + 17];
        new SecureRandom().nextBytes(data);
        Path tmp = Files.createTempFile(tmpDir, "probe-", ".part");
        Path target = probeDir.resolve(tmp.getFileName().toString().replace(".part", ""));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new IOException("cannot write and fsync a file in " + tmpDir + ": " + e.getMessage(), e);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UnsupportedOperationException e) {
                throw new IOException("cannot rename atomically from " + tmpDir + " to " + probeDir + ": " + e, e);
            }
            try (FileChannel dir = FileChannel.open(probeDir, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                throw new IOException("cannot fsync the directory " + probeDir + ": " + e, e);
            }
            if (Files.exists(tmp) || !Arrays.equals(data, Files.readAllBytes(target))) {
                throw new IOException("a file renamed in " + root + " did not read back as written");
            }
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(target);
        }
    }
}
