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
        store.sweep(null);
        assertFalse(Files.exists(stale), "an interrupted upload's leftover is removed");
        assertTrue(Files.exists(fresh), "an upload that may still be running is left alone");
        assertTrue(Files.exists(kept.path()), "adopted blobs are never touched");
    }
}
