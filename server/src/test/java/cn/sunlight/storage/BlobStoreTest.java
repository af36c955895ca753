package cn.sunlight.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class BlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesByContentAndAdoptsIdenticalContentOnce() throws Exception {
        BlobStore store = new BlobStore(dir);
        var a = store.put(new ByteArrayInputStream("密封投标".getBytes()), 1024);
        var b = store.put(new ByteArrayInputStream("密封投标".getBytes()), 1024);
        assertEquals(a.sha256(), b.sha256());
        assertTrue(Files.exists(a.path()));
        assertArrayEquals("密封投标".getBytes(), store.open(a.sha256()).readAllBytes());
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, tmp.count(), "no temporary file left after adoption");
        }
    }

    @Test
    void refusesOversizedStreamsAndLeavesNothing() throws Exception {
        BlobStore store = new BlobStore(dir);
        assertThrows(BlobStore.TooLargeException.class, () -> store.put(new ByteArrayInputStream(new byte[2048]), 1024));
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, tmp.count());
        }
    }

    @Test
    void startUpSweepsOnlyStaleTemporaryFiles() throws Exception {
        BlobStore store = new BlobStore(dir);
        var kept = store.put(new ByteArrayInputStream("kept".getBytes()), 1024);
        Path stale = store.newTempFile();
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = store.newTempFile();
        store.sweep(Instant.now().minus(Duration.ofHours(1)));
        assertFalse(Files.exists(stale), "an interrupted upload's leftover is removed");
        assertTrue(Files.exists(fresh), "an upload that may still be running is left alone");
        assertTrue(Files.exists(kept.path()), "adopted blobs are never touched");
    }

    @Test
    void probeAcceptsALocalFileSystemAndRefusesAStoreWhoseRenameCrossesFileSystems() throws Exception {
        BlobStoreProbe.check(dir);
        try (var left = Files.list(dir.resolve("probe"))) {
            assertEquals(0, left.count(), "the probe leaves nothing behind");
        }
        // The probe's target directory on another file system (tmpfs): an atomic rename there is impossible.
        Path split = Files.createTempDirectory("split-store");
        Path other = Files.createTempDirectory(Path.of("/dev/shm"), "probe-target");
        try {
            Files.createSymbolicLink(split.resolve("probe"), other);
            var e = assertThrows(java.io.IOException.class, () -> BlobStoreProbe.check(split));
            assertTrue(e.getMessage().contains("rename atomically"), e.getMessage());
        } finally {
            try (var files = Files.walk(split)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(other);
        }
    }

    @Test
    void orphanCollectionRemovesOldBlobsButNeverOneAdoptedAgainMeanwhile() throws Exception {
        BlobStore store = new BlobStore(dir);
        var old = store.put(new ByteArrayInputStream("old orphan".getBytes()), 1024);
        Files.setLastModifiedTime(old.path(), FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        var again = store.put(new ByteArrayInputStream("adopted again".getBytes()), 1024);
        Files.setLastModifiedTime(again.path(), FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        var candidates = store.blobsWrittenBefore(cutoff);
        assertEquals(2, candidates.size());
        // The same content arrives again after the candidates were listed (a bid identical to an orphan's bytes).
        store.put(new ByteArrayInputStream("adopted again".getBytes()), 1024);
        assertTrue(store.collectIfOrphan(old.sha256(), cutoff));
        assertFalse(store.collectIfOrphan(again.sha256(), cutoff), "a blob adopted again is kept");
        assertFalse(Files.exists(old.path()));
        assertArrayEquals("adopted again".getBytes(), store.open(again.sha256()).readAllBytes());
        assertFalse(store.collectIfOrphan(old.sha256(), cutoff), "already gone");
        try (var files = Files.walk(dir)) {
            assertEquals(0, files.filter(p -> p.toString().endsWith(".collect")).count(), "nothing left aside");
        }
    }
}
