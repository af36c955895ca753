package cn.sunlight.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

    @TempDir
    Path root;

    @Test
    void secondLoadReturnsTheSameCa() throws Exception {
        Path dir = root.resolve("keys");
        PlatformCa first = new PlatformCa(new KeyDirectory(dir));
        KeyMaterial firstTsa = first.tsaSigner();
        KeyMaterial firstSigner = first.platformSigner();

        PlatformCa second = new PlatformCa(new KeyDirectory(dir)); // as at the next start
        assertArrayEquals(first.certificate().getEncoded(), second.certificate().getEncoded());
        assertArrayEquals(firstTsa.certificate().getEncoded(), second.tsaSigner().certificate().getEncoded());
        assertArrayEquals(firstTsa.privateKey().getEncoded(), second.tsaSigner().privateKey().getEncoded());
        assertArrayEquals(firstSigner.certificate().getEncoded(), second.platformSigner().certificate().getEncoded());

        // the reloaded CA key still signs: what it issues verifies under the first instance's certificate
        X509Certificate issued = second.issuePartyCertificate("测试投标有限公司", "91350100M000100Y43",
                KeyPairs.ecP256().getPublic(), PlatformCa.Purpose.SIGNING);
        first.verify(issued);
    }

    @Test
    void privateKeysArePkcs8WithMode600AndOpenSslReadsThem() throws Exception {
        Path dir = root.resolve("keys");
        KeyDirectory keys = new KeyDirectory(dir);
        new PlatformCa(keys).tsaSigner();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String name : List.of(PlatformCa.CA_ENTRY, PlatformCa.TSA_ENTRY)) {
            Path key = keys.privateKeyFile(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
            String pem = Files.readString(key);
            assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.lines().findFirst().orElse(""));
            OpenSsl.Result check = OpenSsl.run(dir, "pkey", "-in", key.getFileName().toString(), "-check", "-noout");
            assertEquals(0, check.exitCode(), check::toString);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.certificateFile(name))));
        }
        List<X509Certificate> tsaChain = Pem.readCertificates(Files.readString(keys.certificateFile(PlatformCa.TSA_ENTRY)));
        assertEquals(2, tsaChain.size(), "TSA entry holds [TSA, CA]");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void concurrentCallersCreateTheEntryOnce() throws Exception {
        Path dir = root.resolve("concurrent");
        AtomicInteger created = new AtomicInteger();
        KeyPair pair = KeyPairs.ecP256();
        Supplier<KeyMaterial> creator = () -> {
            created.incrementAndGet();
            return selfSigned(pair);
        };
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<KeyMaterial>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new KeyDirectory(dir).loadOrCreate("entry", creator); // a separate instance per caller
                }));
            }
            start.countDown();
            byte[] expected = results.get(0).get().certificate().getEncoded();
            for (Future<KeyMaterial> result : results) {
                assertArrayEquals(expected, result.get().certificate().getEncoded());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, created.get());
    }

    @Test
    void concurrentPlatformCaStartsAgreeOnOneCa() throws Exception {
        Path dir = root.resolve("ca-race");
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<PlatformCa>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new PlatformCa(new KeyDirectory(dir));
                }));
            }
            start.countDown();
            byte[] expected = results.get(0).get().certificate().getEncoded();
            for (Future<PlatformCa> result : results) {
                assertArrayEquals(expected, result.get().certificate().getEncoded());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyWithoutCertificateIsAnInterruptedCreationAndIsReplaced() throws Exception {
        KeyDirectory keys = new KeyDirectory(root.resolve("partial"));
        Files.createDirectories(keys.dir());
        Files.writeString(keys.privateKeyFile("entry"), Pem.write(KeyPairs.ecP256().getPrivate()));
        KeyPair pair = KeyPairs.ecP256();
        KeyMaterial created = keys.loadOrCreate("entry", () -> selfSigned(pair));
        assertArrayEquals(pair.getPrivate().getEncoded(), keys.load("entry").orElseThrow().privateKey().getEncoded());
        assertArrayEquals(created.certificate().getEncoded(), keys.load("entry").orElseThrow().certificate().getEncoded());
    }

    @Test
    void aCertificateWithoutItsKeyIsNeverSilentlyReplaced() throws Exception {
        KeyDirectory keys = new KeyDirectory(root.resolve("orphan"));
        KeyPair pair = KeyPairs.ecP256();
        keys.loadOrCreate("entry", () -> selfSigned(pair));
        Files.delete(keys.privateKeyFile("entry"));
        assertThrows(IllegalStateException.class, () -> keys.loadOrCreate("entry", () -> selfSigned(KeyPairs.ecP256())));
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRefused() throws Exception {
        KeyDirectory keys = new KeyDirectory(root.resolve("mismatch"));
        keys.loadOrCreate("entry", () -> selfSigned(KeyPairs.ecP256()));
        Files.writeString(keys.privateKeyFile("entry"), Pem.write(KeyPairs.ecP256().getPrivate()));
        assertThrows(IllegalStateException.class, () -> keys.load("entry"));
        assertThrows(IllegalArgumentException.class,
                () -> keys.loadOrCreate("other", () -> new KeyMaterial(KeyPairs.ecP256().getPrivate(),
                        selfSigned(KeyPairs.ecP256()).chain())));
    }

    @Test
    void anUnusableEntryIsArchivedAndReplaced() throws Exception {
        KeyDirectory keys = new KeyDirectory(root.resolve("renew"));
        KeyMaterial old = keys.loadOrCreate("entry", () -> selfSigned(KeyPairs.ecP256()));
        KeyMaterial renewed = keys.loadOrCreate("entry", () -> selfSigned(KeyPairs.ecP256()), existing -> false);
        assertNotEquals(old.certificate(), renewed.certificate());
        assertEquals(renewed.certificate(), keys.load("entry").orElseThrow().certificate());
        try (Stream<Path> files = Files.list(keys.dir())) {
            List<String> archived = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("entry\\.\\d{8}T\\d{6}Z\\.(key|crt)\\.pem")).toList();
            assertEquals(2, archived.size(), archived.toString());
        }
    }

    @Test
    void tsaAndSignerCertificatesAreRenewedBeforeTheyExpire() throws Exception {
        Path dir = root.resolve("expiry");
        PlatformCa now = new PlatformCa(new KeyDirectory(dir));
        KeyMaterial tsa = now.tsaSigner();
        Instant nearExpiry = tsa.certificate().getNotAfter().toInstant().minus(Duration.ofDays(30));
        PlatformCa later = new PlatformCa(new KeyDirectory(dir), new MutableClock(nearExpiry));
        KeyMaterial renewed = later.tsaSigner();
        assertNotEquals(tsa.certificate(), renewed.certificate());
        assertFalse(renewed.certificate().getNotAfter().toInstant().isBefore(nearExpiry.plus(Duration.ofDays(365))));
        later.verify(renewed.certificate());
    }

    @Test
    void entryNamesAreRestricted() {
        KeyDirectory keys = new KeyDirectory(root);
        for (String bad : new String[] {"../ca", "CA", "", "a/b", ".hidden"}) {
            assertThrows(IllegalArgumentException.class, () -> keys.load(bad), bad);
        }
    }

    /** A throw-away self-signed certificate for {@code pair}, made by a scratch CA. */
    private KeyMaterial selfSigned(KeyPair pair) {
        PlatformCa scratch = scratchCa();
        X509Certificate cert = scratch.issuePartyCertificate("Scratch", "91350100M000100Y43", pair.getPublic(),
                PlatformCa.Purpose.SIGNING);
        return new KeyMaterial(pair.getPrivate(), List.of(cert));
    }

    private PlatformCa scratch;

    private synchronized PlatformCa scratchCa() {
        if (scratch == null) {
            scratch = new PlatformCa(new KeyDirectory(root.resolve("scratch-ca")));
        }
        return scratch;
    }
}
