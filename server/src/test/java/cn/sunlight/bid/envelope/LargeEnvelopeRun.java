package cn.sunlight.bid.envelope;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * Seals, inspects and opens one large envelope in a JVM with a small heap (run by
 * {@link LargeEnvelopeStreamingTest} with {@code -Xmx64m}). Prints one RESULT line; exits non-zero on failure.
 *
 * <p>Arguments: work directory, plaintext size in bytes, recipient certificate PEM, recipient key PEM.
 */
public final class LargeEnvelopeRun {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key = TestPki.privateKey(Path.of(args[3]), "RSA");
        Path envelope = dir.resolve("large.cms");
        Path quarantine = dir.resolve("large.plain");

        // 1. seal a stream of pseudo-random content generated on the fly
        long t0 = System.nanoTime();
        MessageDigest plainDigest = MessageDigest.getInstance("SHA-256");
        try (InputStream plain = new DigestInputStream(new TestFiles.PseudoRandomInputStream(42, size), plainDigest);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(envelope), 1 << 16)) {
            new EnvelopeSealer().seal(plain, size, out, List.of(cert));
        }
        byte[] plainSha = plainDigest.digest();
        long t1 = System.nanoTime();

        // 2. inspect in one pass, "storing" into a sink
        resetPeaks();
        TestFiles.NullOutputStream storage = new TestFiles.NullOutputStream();
        EnvelopeFacts facts;
        try (InputStream in = Files.newInputStream(envelope)) {
            facts = new EnvelopeInspector().inspect(in, storage, cert);
        }
        long inspectPeak = heapPeak();
        long t2 = System.nanoTime();
        check(facts.envelopeSize() == Files.size(envelope), "inspected size");
        check(storage.count == Files.size(envelope), "stored size");
        check(facts.encryptedContentLength() == size, "content length");
        check(facts.addressedTo(cert), "addressed");

        // 3. open into quarantine
        resetPeaks();
        OpenedEnvelope opened;
        try (InputStream in = Files.newInputStream(envelope)) {
            opened = new EnvelopeOpener().open(in, key, cert, quarantine);
        }
        long openPeak = heapPeak();
        long t3 = System.nanoTime();
        check(opened.plaintextSize() == size, "plaintext size");
        check(Arrays.equals(opened.envelopeSha256(), facts.sha256()), "envelope hash at opening = at reception");
        check(Arrays.equals(TestFiles.sha256(quarantine), plainSha), "plaintext hash");

        System.out.printf("RESULT plaintext=%d envelope=%d maxHeap=%d inspectHeapPeak=%d openHeapPeak=%d "
                        + "sealMs=%d inspectMs=%d openMs=%d%n", size, Files.size(envelope),
                Runtime.getRuntime().maxMemory(), inspectPeak, openPeak, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        Files.delete(envelope);
        Files.delete(quarantine);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("check failed: " + what);
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset (includes garbage not yet collected). */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
