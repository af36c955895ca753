package cn.sunlight.bench;

import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.bid.envelope.OpenedEnvelope;
import cn.sunlight.crypto.KeyDirectory;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.tender.CryptoSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sealing and opening throughput of each algorithm suite, in process, on one file of BENCH_SUITE_MIB MiB
 * (default 256): the bidder tool's seal (GCM encryption plus writing the DER envelope) and the opening's decryption
 * (into the quarantine file, the tag checked at the end). Best of BENCH_SUITE_RUNS runs (default 3). The international
 * suite seals with the JDK's AES-GCM and opens with the streaming GCM of GcmDecryption (the JDK's AES-CTR plus
 * Bouncy Castle's GHASH; the JDK's AES-GCM would hold a whole ciphertext in memory until the tag is checked); the
 * national one uses Bouncy Castle's SM4 under GCM both ways; docs/bench/suites.sh measures
 * `openssl speed` for AES-256-GCM and SM4-CTR (OpenSSL 3.0 has no SM4-GCM) in the same run for the ratios.
 * Not a test (its name does not end in Test): run it with -Dsunlight.bench=true.
 */
class SuiteThroughput {

    private static String setting(String name, String fallback) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void sealAndOpenEachSuite() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sunlight.bench"), "benchmark: run with -Dsunlight.bench=true");
        int mib = Integer.parseInt(setting("BENCH_SUITE_MIB", "256"));
        int runs = Integer.parseInt(setting("BENCH_SUITE_RUNS", "3"));
        Path work = Files.createTempDirectory("suite-bench");
        try {
            PlatformCa ca = new PlatformCa(new KeyDirectory(work.resolve("keys")));
            Instant deadline = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            Path plain = work.resolve("bid.zip");
            byte[] block = new byte[1 << 20];
            SecureRandom random = new SecureRandom();
            try (OutputStream out = Files.newOutputStream(plain)) {
                for (int i = 0; i < mib; i++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
            long bytes = Files.size(plain);
            StringBuilder report = new StringBuilder();
            for (CryptoSuite suite : CryptoSuite.values()) {
                KeyPair opening = suite == CryptoSuite.NATIONAL ? KeyPairs.sm2() : KeyPairs.rsa(3072);
                X509Certificate cert = ca.issueOpeningCertificate(7, "BENCH-" + suite, deadline, opening.getPublic());
                EnvelopeSealer sealer = new EnvelopeSealer(suite);
                EnvelopeOpener opener = new EnvelopeOpener(suite);
                long bestSeal = Long.MAX_VALUE;
                long bestOpen = Long.MAX_VALUE;
                for (int r = 0; r < runs; r++) {
                    Path envelope = work.resolve("bid-" + suite + ".cms");
                    Files.deleteIfExists(envelope);
                    long t0 = System.nanoTime();
                    sealer.seal(plain, envelope, List.of(cert));
                    bestSeal = Math.min(bestSeal, System.nanoTime() - t0);
                    Path quarantine = work.resolve("open-" + suite + "-" + r);
                    long t1 = System.nanoTime();
                    OpenedEnvelope opened;
                    try (var in = new BufferedInputStream(Files.newInputStream(envelope), 1 << 16)) {
                        opened = opener.open(in, opening.getPrivate(), cert, quarantine);
                    }
                    bestOpen = Math.min(bestOpen, System.nanoTime() - t1);
                    assertEquals(bytes, opened.plaintextSize());
                    Files.delete(quarantine);
                }
                String key = suite.name().toLowerCase(Locale.ROOT);
                report.append(String.format(Locale.ROOT, "suite.%s.seal_mb_s=%.1f%n", key, bytes / 1e6 / (bestSeal / 1e9)));
                report.append(String.format(Locale.ROOT, "suite.%s.open_mb_s=%.1f%n", key, bytes / 1e6 / (bestOpen / 1e9)));
            }
            report.append("suite.mb=").append(String.format(Locale.ROOT, "%.1f", bytes / 1e6)).append('\n');
            report.append("suite.runs=").append(runs).append('\n');
            Path out = Path.of(setting("bench.out", "target/bench/suites.txt"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.print(report);
        } finally {
            try (var files = Files.walk(work)) {
                List<Path> all = new ArrayList<>(files.toList());
                java.util.Collections.reverse(all);
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
