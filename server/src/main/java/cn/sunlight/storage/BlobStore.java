package cn.sunlight.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed file store: a blob lives at {@code <dir>/ab/cd/<sha256>}. Uploads stream through
 * a digest into a temporary file in the same directory tree (never the heap), are fsynced, then moved
 * into place atomically, so a crash leaves either the whole blob or nothing at its address.
 */
@ApplicationScoped
public class BlobStore {

    /** Thrown when a stream exceeds the caller's size limit; the partial file is already gone. */
    public static class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("blob exceeds " + limit + " bytes");
        }
    }

    public record Stored(String sha256, long size, Path path) {
    }

    private final Path root;

    public BlobStore(@ConfigProperty(name = "sunlight.blob.dir") Path root) {
        this.root = root.toAbsolutePath();
    }

    /** Streams {@code in} into the store; refuses (and deletes) anything larger than {@code maxBytes}. */
    public Stored put(InputStream in, long maxBytes) throws IOException {
        Path tmp = newTempFile();
        try {
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buf = new byte[256 * 1024];
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 256 * 1024)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLargeException(maxBytes);
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return adopt(tmp, HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A temporary file inside the store (same file system, so adopting it is an atomic rename). The
     * caller writes it, hashing as it goes, then {@link #adopt}s it or deletes it.
     */
    public Path newTempFile() throws IOException {
        Path tmpDir = root.resolve("tmp");
        Files.createDirectories(tmpDir);
        return Files.createTempFile(tmpDir, "upload-", ".part");
    }

    /**
     * Makes a fully written temporary file durable and moves it to its content address: the file is
     * fsynced, renamed atomically, and the directory fsynced, so once this returns the blob survives a
     * crash. If the address is already taken the content is the same (same SHA-256) and the copy is dropped.
     */
    public Stored adopt(Path tmp, String sha256, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = pathOf(sha256);
        Files.createDirectories(target.getParent());
        // Always renamed into place, even over an identical blob: the address then holds a freshly written file,
        // which the orphan collector (collectIfOrphan) never removes, so a blob being adopted again is never lost
        // to a collection that started just before.
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        for (int i = 0; !Files.exists(target); i++) {
            if (i == 50) {
                throw new IOException("blob " + sha256 + " was not stored");
            }
            sleepQuietly(); // a collection's check in progress puts a fresh blob back within microseconds
        }
        return new Stored(sha256, size, target);
    }

    /** Adopted blobs last written before {@code cutoff} (candidates for the orphan collector). */
    public java.util.List<Path> blobsWrittenBefore(java.time.Instant cutoff) throws IOException {
        java.util.List<Path> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var files = Files.find(root, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().matches("[0-9a-f]{64}")
                && p.getParent().getParent().getParent().equals(root) && a.lastModifiedTime().toInstant().isBefore(cutoff))) {
            files.forEach(out::add);
        }
        return out;
    }

    /**
     * Removes a blob that no row references, unless it was written again since {@code cutoff} (a new adoption of the
     * same content, see {@link #adopt}): it is first renamed aside atomically, its write time checked on the renamed
     * file, and put back if fresh. Returns whether it was removed.
     */
    public boolean collectIfOrphan(String sha256, java.time.Instant cutoff) throws IOException {
        Path p = pathOf(sha256);
        Path aside = p.resolveSibling(sha256 + ".collect");
        try {
            Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        if (!Files.getLastModifiedTime(aside).toInstant().isBefore(cutoff)) {
            Files.move(aside, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return false;
        }
        Files.delete(aside);
        syncDirectory(p.getParent());
        return true;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void syncDirectory(Path dir) {
        try (var ch = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot fsync a directory; the rename itself is still atomic there
        }
    }

    /** At start-up: the file system must keep what the store promises, then leftovers of a crash go. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        try {
            // Refuse to start on a file system that cannot keep an acknowledged bid (see BlobStoreProbe).
            BlobStoreProbe.check(root);
        } catch (IOException e) {
            throw new IllegalStateException("the blob store " + root + " cannot be used: " + e.getMessage(), e);
        }
        sweep(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
    }

    /**
     * Leftovers of uploads interrupted by a crash: only temporary files not written since {@code cutoff}, never an
     * adopted blob (adoption is a rename out of tmp/), nor a collection's rename aside (see collectIfOrphan). The
     * cutoff leaves uploads in progress on another instance of a shared store alone. Returns how many went.
     */
    public int sweep(java.time.Instant cutoff) {
        Path tmpDir = root.resolve("tmp");
        if (!Files.isDirectory(tmpDir)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.list(tmpDir)) {
            for (Path p : files.toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // gone meanwhile (adopted or deleted by its upload)
                }
            }
        } catch (IOException e) {
            // best effort: the next sweep tries again
        }
        return removed;
    }

    public Optional<Path> find(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path p = pathOf(sha256);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    public InputStream open(String sha256) {
        try {
            return Files.newInputStream(find(sha256).orElseThrow(() -> new IOException("no blob " + sha256)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    private Path pathOf(String hex) {
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
