package cn.sunlight.bench;

import cn.sunlight.account.CreditCode;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sealed-bid submission benchmark (issue 2, item 9), run against a server started by {@code docs/bench/run-all.sh}.
 * Not a test: the class name does not end in {@code Test}, so {@code mvn verify} never runs it.
 *
 * <pre>
 * SubmissionBench rush  --url http://127.0.0.1:8099 --work DIR --pid PID --gc-log FILE --out FILE
 *                       [--bidders 200] [--bid-mib 10] [--concurrency 50,200] [--disk vda] [--setup-threads 4]
 * SubmissionBench large --url ... --work DIR --pid PID --gc-log FILE --out FILE [--bid-mib 1024]
 * SubmissionBench jdk   --out FILE     (the JDK's own SHA-256 and AES-256-GCM rates, one thread)
 * SubmissionBench crash --url HAPROXY --work DIR --out FILE --database DB --blob-dir DIR --cluster docs/cluster/cluster.sh
 *                       [--bidders 200] [--bid-mib 1] [--repetitions 20]   (see CrashBench)
 * SubmissionBench cost  --url ... --pid PID --work DIR --out FILE [--bidders 20] [--rounds 10] [--sizes 1,16]
 *                       (server CPU per bid and per GB; see CostBench)
 * </pre>
 *
 * Everything is set up over HTTP as users would: bidders self-register, log in, have their own SIGNING and ENCRYPTION
 * keys certified, register for one published tender; the operator, a supervisor and the tenderer hold ENCRYPTION
 * certificates as opening-key custodians. After an unmeasured warm-up (20 bids of the measured size to lot 1), each rush phase
 * submits one distinct sealed, signed bid per bidder to its own lot (lot 2 for the first concurrency, lot 3 for the
 * second), so no envelope is ever stored twice. Every upload
 * must answer 201 with a receipt naming the envelope's SHA-256 and size, or the benchmark fails.
 */
public final class SubmissionBench {

    private static final String PASSWORD = "Sunlight@2026";
    private static final long MIB = 1L << 20;
    private static final int WARM_UP_BIDS = 20;
    private static final int WARM_UP_LOT = 1;

    record Party(String username, String token, KeyPair signing, X509Certificate signingCertificate, KeyPair encryption,
                 X509Certificate encryptionCertificate) {
        /** The organisation's credit code, as the platform wrote it into the signing certificate. */
        String creditCode() {
            return cn.sunlight.crypto.PlatformCa.organisationCode(signingCertificate).orElseThrow();
        }
    }

    record Fixture(long tenderId, String code, X509Certificate opening, List<Party> bidders) {
    }

    final Map<String, String> args;
    final BenchHttp http;
    final Path work;
    private final Path out;
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    final PrintStream log = System.err;

    private SubmissionBench(Map<String, String> args) {
        this.args = args;
        this.http = args.containsKey("url") ? new BenchHttp(args.get("url")) : null;
        this.work = args.containsKey("work") ? Path.of(args.get("work")) : null;
        this.out = Path.of(required("out"));
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: SubmissionBench rush|large|jdk --out FILE [options] (see the class comment)");
            System.exit(2);
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        SubmissionBench bench = new SubmissionBench(args);
        try {
            switch (argv[0]) {
                case "rush" -> bench.rush();
                case "large" -> bench.large();
                case "jdk" -> bench.jdk();
                case "crash" -> new CrashBench(bench).run();
                case "deadline" -> new DeadlineBench(bench).run();
                case "cost" -> new CostBench(bench).run();
                default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
            }
        } catch (Throwable e) {
            System.err.println("bench: FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ deadline rush

    /** --prefix: the keys' prefix ("rush"; "cluster" for the same rush through HAProxy to two instances). */
    private void rush() throws Exception {
        String prefix = args.getOrDefault("prefix", "rush");
        int bidders = Integer.parseInt(args.getOrDefault("bidders", "200"));
        long bidBytes = Long.parseLong(args.getOrDefault("bid-mib", "10")) * MIB;
        int[] concurrencies = Arrays.stream(args.getOrDefault("concurrency", "50,200").split(",")).mapToInt(Integer::parseInt).toArray();
        if (concurrencies.length > 2) {
            throw new IllegalArgumentException("the tender has two measured lots (2 and 3): at most two concurrency levels");
        }
        long t0 = System.nanoTime();
        Fixture f = setup(bidders, Integer.parseInt(args.getOrDefault("setup-threads", "4")));
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        record(prefix + ".bidders", bidders);
        record(prefix + ".setup_s", setupSeconds);
        log.printf("bench: set up tender %s with %d bidders in %.1f s%n", f.code(), bidders, setupSeconds);

        try (ServerProbe probe = probe()) {
            // Warm-up, not measured: a server at a deadline has been running for days, its upload path compiled.
            // Up to 20 bidders send a bid of the measured size each to lot 1.
            int warm = warm(bidders);
            Fixture warmFixture = new Fixture(f.tenderId(), f.code(), f.opening(), f.bidders().subList(0, warm));
            List<BidBuilder.Bid> warmBids = buildBids(warmFixture, WARM_UP_LOT, bidBytes, Files.createDirectories(work.resolve("bids-warm-up")));
            phase(prefix + ".warmup", warmFixture, WARM_UP_LOT, 10, warmBids, probe);
            delete(warmBids);
            for (int i = 0; i < concurrencies.length; i++) {
                int lot = i + 2;
                Path dir = Files.createDirectories(work.resolve("bids-lot" + lot));
                long b0 = System.nanoTime();
                List<BidBuilder.Bid> bids = buildBids(f, lot, bidBytes, dir);
                double buildSeconds = (System.nanoTime() - b0) / 1e9;
                log.printf("bench: built %d sealed, signed bids of %.1f MB each in %.1f s%n", bids.size(), bids.getFirst().size() / 1e6,
                        buildSeconds);
                record(prefix + ".envelope_bytes", bids.getFirst().size());
                record(prefix + ".c" + concurrencies[i] + ".build_s", buildSeconds);
                System.gc();
                Thread.sleep(1000); // let the server's background jobs (log sequencing) settle
                quiet(probe, prefix + ".c" + concurrencies[i]);
                phase(prefix + ".c" + concurrencies[i], f, lot, concurrencies[i], bids, probe);
                delete(bids);
            }
        }
        // End to end: every bidder sees exactly one accepted submission in each measured lot.
        for (Party p : f.bidders()) {
            JsonNode mine = http.getJson(p.token(), "/api/tenders/" + f.tenderId() + "/bids/mine");
            for (int i = 0; i < concurrencies.length; i++) {
                int lot = i + 2;
                int submissions = 0;
                for (JsonNode r : mine) {
                    JsonNode c = r.path("content");
                    if ("SUBMISSION".equals(c.path("kind").asText()) && c.path("lot").asInt() == lot) {
                        submissions++;
                    }
                }
                if (submissions != 1) {
                    throw new IllegalStateException(p.username() + " has " + submissions + " submissions for lot " + lot + ", expected 1");
                }
            }
        }
        record(prefix + ".warmup_bids", warm(bidders));
        log.printf("bench: every bidder has one accepted submission in each measured lot (checked with GET bids/mine)%n");
    }

    static int warm(int bidders) {
        return Math.min(WARM_UP_BIDS, bidders);
    }

    private static void delete(List<BidBuilder.Bid> bids) throws IOException {
        for (BidBuilder.Bid b : bids) {
            Files.deleteIfExists(b.envelope());
        }
    }

    private void phase(String key, Fixture f, int lot, int concurrency, List<BidBuilder.Bid> bids, ServerProbe probe) throws Exception {
        InetSocketAddress server = address();
        String path = "/api/tenders/" + f.tenderId() + "/lots/" + lot + "/bids";
        int n = bids.size();
        RawUpload.Result[] results = new RawUpload.Result[n];
        Throwable[] errors = new Throwable[n];
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        log.printf("bench: %s: submitting %d bids to lot %d, %d at a time%n", key, n, lot, concurrency);
        long start;
        // One platform thread per upload by default. With virtual threads (--upload-threads virtual) the JDK's
        // FileChannel.transferTo to a socket cost this client 20-30 times more CPU (about 9 s per GB instead of 0.3 s),
        // CPU taken from the server on a 2-core machine.
        boolean virtual = "virtual".equals(args.getOrDefault("upload-threads", "platform"));
        try (ExecutorService exec = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("upload-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                futures.add(exec.submit(() -> {
                    go.await();
                    permits.acquire();
                    try {
                        results[idx] = upload(server, path, f.bidders().get(idx), bids.get(idx));
                    } catch (Throwable e) {
                        errors[idx] = e;
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            probe.start();
            start = System.nanoTime();
            go.countDown();
            for (Future<?> fu : futures) {
                fu.get();
            }
        }
        long end = System.nanoTime();
        ServerProbe.Report r = probe.stop();

        long[] latencies = new long[n];
        long bytes = 0;
        int accepted = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (errors[i] != null) {
                failures.add(f.bidders().get(i).username() + ": " + errors[i]);
                continue;
            }
            String problem = receiptProblem(results[i], bids.get(i), f.code());
            if (problem != null) {
                failures.add(f.bidders().get(i).username() + ": " + problem);
                continue;
            }
            latencies[accepted++] = results[i].latencyNanos();
            bytes += bids.get(i).size();
        }
        if (!failures.isEmpty()) {
            failures.stream().limit(10).forEach(s -> log.println("bench: refused: " + s));
            throw new IllegalStateException(key + ": " + failures.size() + " of " + n + " submissions were not accepted");
        }
        double wall = (end - start) / 1e9;
        Arrays.sort(latencies);
        record(key + ".accepted", accepted);
        record(key + ".wall_s", wall);
        record(key + ".bids_per_s", accepted / wall);
        record(key + ".mb_per_s", bytes / wall / 1e6);
        record(key + ".latency_p50_ms", percentile(latencies, 50) / 1e6);
        record(key + ".latency_p99_ms", percentile(latencies, 99) / 1e6);
        record(key + ".latency_min_ms", latencies[0] / 1e6);
        record(key + ".latency_max_ms", latencies[n - 1] / 1e6);
        report(key, r);
        log.printf("bench: %s: %d/%d accepted in %.1f s: %.1f bids/s, %.1f MB/s, p50 %.0f ms, p99 %.0f ms, heap peak %d MiB, RSS peak %d MiB%n",
                key, accepted, n, wall, accepted / wall, bytes / wall / 1e6, percentile(latencies, 50) / 1e6,
                percentile(latencies, 99) / 1e6, r.heapPreGcMax() / MIB, r.rssMax() / MIB);
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length); // nearest rank
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    RawUpload.Result upload(InetSocketAddress server, String path, Party p, BidBuilder.Bid bid) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + p.token());
        headers.put("X-Bid-Signature", bid.signatureBase64());
        headers.put("X-Bid-Fingerprint", Base64.getEncoder().encodeToString(("{\"hostHash\":\"bench-" + p.username()
                + "\",\"macHash\":\"bench\",\"fileCreationCode\":\"" + bid.sha256Hex().substring(0, 16) + "\",\"tool\":\"sunlight-bench\"}")
                .getBytes(StandardCharsets.UTF_8)));
        return RawUpload.post(server, path, headers, "application/pkcs7-mime", bid.envelope(), bid.size());
    }

    /** Null when the answer is 201 with a receipt for exactly this envelope. */
    String receiptProblem(RawUpload.Result r, BidBuilder.Bid bid, String tenderCode) {
        if (r.status() != 201) {
            return "HTTP " + r.status() + ": " + r.body().substring(0, Math.min(300, r.body().length()));
        }
        try {
            JsonNode content = http.json.readTree(r.body()).path("content");
            if (!bid.sha256Hex().equals(content.path("envelopeSha256").asText()) || content.path("size").asLong() != bid.size()
                    || !tenderCode.equals(content.path("tenderCode").asText())) {
                return "the receipt does not match the envelope: " + content;
            }
        } catch (IOException e) {
            return "unreadable receipt: " + e;
        }
        return null;
    }

    List<BidBuilder.Bid> buildBids(Fixture f, int lot, long fillerBytes, Path dir) throws Exception {
        int n = f.bidders().size();
        BidBuilder.Bid[] bids = new BidBuilder.Bid[n];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (ExecutorService exec = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                futures.add(exec.submit(() -> {
                    Party p = f.bidders().get(idx);
                    String price = String.format(Locale.ROOT, "%d.00", 5_000_000 + ThreadLocalRandom.current().nextInt(4_000_000));
                    bids[idx] = BidBuilder.build(dir, "lot" + lot + "-bid" + idx, fillerBytes, lot * 1_000_003L + idx, f.code(), lot,
                            p.creditCode(), price, List.of(f.opening(), p.encryptionCertificate()), p.signing().getPrivate());
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        }
        return List.of(bids);
    }

    // ------------------------------------------------------------------ one large bid

    private void large() throws Exception {
        long fillerBytes = Long.parseLong(args.getOrDefault("bid-mib", "1024")) * MIB;
        Fixture f = setup(1, 1);
        Path dir = Files.createDirectories(work.resolve("large"));
        long b0 = System.nanoTime();
        Party p = f.bidders().getFirst();
        BidBuilder.Bid bid = BidBuilder.build(dir, "large", fillerBytes, 42, f.code(), 1, p.creditCode(), "8888888.00",
                List.of(f.opening(), p.encryptionCertificate()), p.signing().getPrivate());
        double buildSeconds = (System.nanoTime() - b0) / 1e9;
        log.printf("bench: built one sealed bid of %.1f MB in %.1f s%n", bid.size() / 1e6, buildSeconds);
        // Warm-up, not measured: ten 10 MiB bids (versions 1..10) to lot 2 compile the upload path first.
        InetSocketAddress server = address();
        for (int i = 0; i < 10; i++) {
            BidBuilder.Bid small = BidBuilder.build(dir, "warm-up-" + i, 10 * MIB, 1000 + i, f.code(), 2, p.creditCode(), "1.00",
                    List.of(f.opening(), p.encryptionCertificate()), p.signing().getPrivate());
            String problem = receiptProblem(upload(server, "/api/tenders/" + f.tenderId() + "/lots/2/bids", p, small), small, f.code());
            Files.deleteIfExists(small.envelope());
            if (problem != null) {
                throw new IllegalStateException("a warm-up bid was not accepted: " + problem);
            }
        }
        record("large.envelope_bytes", bid.size());
        record("large.build_s", buildSeconds);
        System.gc();
        Thread.sleep(1000);
        try (ServerProbe probe = probe()) {
            quiet(probe, "large");
            probe.start();
            RawUpload.Result r = upload(address(), "/api/tenders/" + f.tenderId() + "/lots/1/bids", p, bid);
            ServerProbe.Report report = probe.stop();
            String problem = receiptProblem(r, bid, f.code());
            if (problem != null) {
                throw new IllegalStateException("the large bid was not accepted: " + problem);
            }
            double seconds = r.latencyNanos() / 1e9;
            record("large.status", r.status());
            record("large.wall_s", seconds);
            record("large.mb_per_s", bid.size() / seconds / 1e6);
            report("large", report);
            log.printf("bench: large: 201 in %.1f s (%.1f MB/s), heap peak %d MiB (after GC %d MiB), RSS peak %d MiB%n", seconds,
                    bid.size() / seconds / 1e6, report.heapPreGcMax() / MIB, report.heapPostGcMax() / MIB, report.rssMax() / MIB);
        } finally {
            Files.deleteIfExists(bid.envelope());
        }
    }

    // ------------------------------------------------------------------ the JDK's own crypto rates

    private void jdk() throws Exception {
        byte[] buf = new byte[64 * 1024];
        ThreadLocalRandom.current().nextBytes(buf);
        long total = 1L << 30;
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (int w = 0; w < 2; w++) { // warm up, then measure
            long t = System.nanoTime();
            for (long done = 0; done < total; done += buf.length) {
                sha.update(buf);
            }
            sha.digest();
            if (w == 1) {
                record("jdk.sha256_mb_per_s", total / ((System.nanoTime() - t) / 1e9) / 1e6);
                record("jdk.sha256_provider", sha.getProvider().getName());
            }
        }
        javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
        byte[] outBuf = new byte[buf.length + 16];
        for (int w = 0; w < 2; w++) {
            javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            byte[] iv = new byte[12];
            ThreadLocalRandom.current().nextBytes(iv);
            gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
            long t = System.nanoTime();
            for (long done = 0; done < total; done += buf.length) {
                gcm.update(buf, 0, buf.length, outBuf, 0);
            }
            gcm.doFinal(outBuf, 0);
            if (w == 1) {
                record("jdk.aes256gcm_mb_per_s", total / ((System.nanoTime() - t) / 1e9) / 1e6);
                record("jdk.aes256gcm_provider", gcm.getProvider().getName());
            }
        }
    }

    // ------------------------------------------------------------------ set-up over HTTP

    private String tendererToken;
    private long project;

    /**
     * Another tender of the set-up's tenderer, published, with {@code bidders} registered: a sandbox tender (its own
     * accelerated clock, issue 18) when {@code sandbox}.
     */
    Fixture anotherTender(List<Party> bidders, boolean sandbox) {
        long tender = http.post(tendererToken, "/api/projects/" + project + "/tenders" + (sandbox ? "?sandbox=true" : ""), tenderBody(), 201)
                .get("id").asLong();
        String code = http.post(tendererToken, "/api/tenders/" + tender + "/publish", Map.of(), 200).get("code").asText();
        X509Certificate opening = Pem.readCertificate(http.getText("/api/tenders/" + tender + "/opening-certificate.pem"));
        bidders.parallelStream().forEach(p -> http.post(p.token(), "/api/tenders/" + tender + "/registrations", Map.of(), 201));
        return new Fixture(tender, code, opening, bidders);
    }

    String tendererToken() {
        return tendererToken;
    }

    Fixture setup(int bidders, int threads) throws Exception {
        String operator = login("operator");
        certify(operator, "ENCRYPTION", KeyPairs.ecP256()); // custodian: trading centre
        Party supervisor = staff(operator, "SUPERVISION_AUTHORITY", "SUPERVISOR", "bench-supervisor");
        Party tenderer = staff(operator, "TENDERING_UNIT", "TENDERER", "bench-tenderer");
        long project = http.post(tenderer.token(), "/api/projects", Map.of("name", "基准测试项目 " + run, "region", "阳光市"), 201)
                .get("id").asLong();
        this.tendererToken = tenderer.token();
        this.project = project;
        long tender = http.post(tenderer.token(), "/api/projects/" + project + "/tenders", tenderBody(), 201).get("id").asLong();
        String code = http.post(tenderer.token(), "/api/tenders/" + tender + "/publish", Map.of(), 200).get("code").asText();
        X509Certificate opening = Pem.readCertificate(http.getText("/api/tenders/" + tender + "/opening-certificate.pem"));
        log.printf("bench: published tender %s (id %d); custodians: operator, %s, %s%n", code, tender, supervisor.username(),
                tenderer.username());

        Party[] parties = new Party[bidders];
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService exec = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < bidders; i++) {
                int idx = i;
                futures.add(exec.submit(() -> {
                    String username = "bench-" + run + "-b" + idx;
                    http.post(null, "/api/accounts/bidders", Map.of("creditCode", creditCode(), "organisationName",
                            "基准投标人" + idx + "有限公司（" + run + "）", "region", "阳光市", "username", username, "password", PASSWORD,
                            "displayName", "投标人 " + idx), 201);
                    Party p = party(username);
                    http.post(p.token(), "/api/tenders/" + tender + "/registrations", Map.of(), 201);
                    parties[idx] = p;
                    int d = done.incrementAndGet();
                    if (d % 50 == 0) {
                        log.printf("bench: %d bidders registered%n", d);
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        }
        return new Fixture(tender, code, opening, List.of(parties));
    }

    private Party staff(String operator, String kind, String role, String prefix) {
        long org = http.post(operator, "/api/organisations", Map.of("creditCode", creditCode(), "name", prefix + "-org-" + run,
                "kind", kind, "region", "阳光市"), 201).get("id").asLong();
        String username = prefix + "-" + run;
        http.post(operator, "/api/accounts", Map.of("username", username, "password", PASSWORD, "role", role, "organisationId", org,
                "displayName", prefix), 201);
        return party(username);
    }

    private Party party(String username) {
        String token = login(username);
        KeyPair signing = KeyPairs.ecP256();
        KeyPair encryption = KeyPairs.ecP256();
        return new Party(username, token, signing, certify(token, "SIGNING", signing), encryption,
                certify(token, "ENCRYPTION", encryption));
    }

    private String login(String username) {
        return http.post(null, "/api/auth/login", Map.of("username", username, "password", PASSWORD), 200).get("token").asText();
    }

    private X509Certificate certify(String token, String purpose, KeyPair keys) {
        String chain = http.post(token, "/api/me/certificates", Map.of("purpose", purpose,
                        "csr", cn.sunlight.crypto.CertificationRequests.create(keys, "bench")), 201)
                .get("certificateChain").asText();
        return Pem.readCertificates(chain).getFirst();
    }

    private static Map<String, Object> tenderBody() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "阳光市投标截止高峰基准测试（货物）");
        body.put("tradeType", "GOODS");
        body.put("method", "OPEN");
        body.put("budget", "10000000.00");
        body.put("ceilingPrice", "9500000.00");
        body.put("bidBond", "100000.00");
        body.put("evaluationMethod", "LOWEST_EVALUATED_PRICE");
        body.put("qualifications", "具有独立法人资格");
        body.put("documentsIssuedAt", now.toString());
        body.put("documentsSaleEndsAt", now.plus(Duration.ofDays(12)).toString());
        body.put("clarificationCutoff", now.plus(Duration.ofDays(14)).toString());
        body.put("bidDeadline", now.plus(Duration.ofDays(30)).toString());
        body.put("openingPlace", "不见面开标大厅");
        // lot 1 takes the warm-up bids, lots 2 and 3 the two measured concurrency levels
        body.put("lots", List.of(Map.of("name", "第一标段（预热）", "budget", "2000000.00"), Map.of("name", "第二标段", "budget", "4000000.00"),
                Map.of("name", "第三标段", "budget", "4000000.00")));
        return body;
    }

    /** A random valid unified social credit code (GB 32100-2015 check character computed). */
    private static String creditCode() {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder sb = new StringBuilder("91440300");
        for (int i = 0; i < 9; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.append(CreditCode.checkCharacter(sb.toString())).toString();
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * --pid P[,P2] (the server process, or each instance of a cluster), --metrics URL[,URL2] (each instance's own base
     * URL for its heap; default --url), --gc-log F[,F2].
     */
    private ServerProbe probe() {
        long[] pids = Arrays.stream(required("pid").split(",")).mapToLong(Long::parseLong).toArray();
        List<String> metrics = List.of(args.getOrDefault("metrics", http.base()).split(","));
        List<Path> gcLogs = args.containsKey("gc-log") ? Arrays.stream(args.get("gc-log").split(",")).map(Path::of).toList() : List.of();
        return new ServerProbe(metrics, pids, gcLogs, args.get("disk"), args.getOrDefault("database", "sunlight_bench"));
    }

    /** --quiet-wait SECONDS (default 0): wait for the other processes on the machine to use less than 0.25 cores. */
    private void quiet(ServerProbe probe, String key) throws Exception {
        int seconds = Integer.parseInt(args.getOrDefault("quiet-wait", "0"));
        if (seconds > 0) {
            double waited = probe.awaitQuiet(0.25, Duration.ofSeconds(seconds));
            record(key + ".quiet_wait_s", waited);
            if (waited > 3) {
                log.printf("bench: waited %.0f s for other processes to quiet down%n", waited);
            }
        }
    }

    InetSocketAddress address() {
        URI u = URI.create(http.base());
        return new InetSocketAddress(u.getHost(), u.getPort());
    }

    private void report(String key, ServerProbe.Report r) throws IOException {
        record(key + ".heap_peak_mib", r.heapPreGcMax() / (double) MIB);
        record(key + ".heap_sampled_max_mib", r.heapSampledMax() / (double) MIB);
        record(key + ".heap_after_gc_max_mib", r.heapPostGcMax() / (double) MIB);
        record(key + ".gc_pauses", r.gcPauses());
        record(key + ".gc_pause_ms", r.gcPauseMs());
        record(key + ".rss_peak_mib", r.rssMax() / (double) MIB);
        record(key + ".rss_hwm_mib", r.rssHwm() / (double) MIB);
        record(key + ".server_cpu_s", r.serverCpuSeconds());
        record(key + ".client_cpu_s", r.clientCpuSeconds());
        record(key + ".database_cpu_s", r.databaseCpuSeconds());
        record(key + ".busy_cpu_s", r.busyCpuSeconds());
        // whatever else ran on the machine meanwhile (other builds and tests): interference, not the system under test
        record(key + ".other_cpu_s", Math.max(0, r.busyCpuSeconds() - r.serverCpuSeconds() - r.clientCpuSeconds() - r.databaseCpuSeconds()));
        record(key + ".machine_busy_pct", 100 * r.machineBusyShare());
        record(key + ".user_pct", 100 * r.userShare());
        record(key + ".system_pct", 100 * r.systemShare());
        record(key + ".iowait_pct", 100 * r.ioWaitShare());
        record(key + ".disk_written_mb", r.diskBytesWritten() / 1e6);
        record(key + ".samples", r.samples());
        for (Map.Entry<String, Double> e : r.threadCpuSeconds().entrySet()) {
            record(key + ".threads." + e.getKey() + "_cpu_s", e.getValue());
        }
        record(key + ".worker_threads", r.workerThreads());
        record(key + ".context_switches", r.voluntaryContextSwitches());
    }

    synchronized void record(String key, Object value) throws IOException {
        String v = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
        Files.writeString(out, key + "=" + v + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    String required(String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
