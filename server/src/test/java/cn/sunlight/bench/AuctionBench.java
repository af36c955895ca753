package cn.sunlight.bench;

import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Auction benchmark (docs/benchmarks.md, auction section): {@value #BIDDERS} bidders bid as fast as they can over REST for
 * {@value #SECONDS} s while {@value #WATCHERS} WebSocket watchers are connected over loopback. Not part of the suite
 * (the name does not end in Test and it runs only with -Dsunlight.bench=true):
 * <pre>mvn -B -o test -Dtest=AuctionBench -Dsunlight.bench=true -Dsurefire.failIfNoSpecifiedTests=false -Dsunlight.test.database=…</pre>
 * Measures accepted bids/s, p50/p99 acceptance latency (client send → 201) and p99 time from acceptance (the
 * server's acceptedAt) to each watcher's first message carrying that bid's sequence or a later one.
 */
@QuarkusTest
class AuctionBench {

    static final int BIDDERS = Integer.getInteger("bench.bidders", 200);
    static final int WATCHERS = Integer.getInteger("bench.watchers", 1000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARMUP = Integer.getInteger("bench.warmup", 3);
    static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformClock clock;

    /** One watcher's received (time, sequence) pairs, in arrival order. */
    static final class Feed {
        final ConcurrentLinkedQueue<long[]> got = new ConcurrentLinkedQueue<>();
    }

    /** One auction under way: its tender, code, lot, id. */
    record Target(long tenderId, String code, int lot, long auctionId) {
    }

    @Inject
    io.agroal.api.AgroalDataSource db;

    /** The machine's limits, measured in the same run: a durable single-row insert, and P-256 verification in this JVM. */
    @Test
    @EnabledIfSystemProperty(named = "sunlight.bench", matches = "true")
    void limits() throws Exception {
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("create table if not exists bench_insert_rate (id bigserial primary key, v text not null)");
            st.execute("set synchronous_commit = on");
            int n = Integer.getInteger("bench.inserts", 2000);
            try (var ps = c.prepareStatement("insert into bench_insert_rate (v) values (?)")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ps.setString(1, "row " + i);
                    ps.executeUpdate(); // autocommit: one fsync'd commit per row
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(java.util.Locale.ROOT, "LIMIT pg_durable_single_row_inserts_per_s=%.0f (n=%d)%n", n / s, n);
            }
            st.execute("drop table bench_insert_rate");
        }
        var kp = java.security.KeyPairGenerator.getInstance("EC");
        kp.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var pair = kp.generateKeyPair();
        byte[] msg = "sunlight-auction-bid/2 benchmark".getBytes();
        var signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(msg);
        byte[] sig = signer.sign();
        // The provider the server verifies quotes with (native ACCP, or the JDK when it could not load), and SunEC.
        var used = cn.sunlight.crypto.EcdsaVerifier.choice();
        System.out.printf(java.util.Locale.ROOT, "LIMIT verifier_in_use=\"%s\"%n", used.description());
        System.out.printf(java.util.Locale.ROOT, "LIMIT used_p256_verify_per_s_one_thread=%.0f%n",
                verifyRate(cn.sunlight.crypto.EcdsaVerifier.verifier("SHA256withECDSA"), pair.getPublic(), msg, sig));
        System.out.printf(java.util.Locale.ROOT, "LIMIT jdk_p256_verify_per_s_one_thread=%.0f%n",
                verifyRate(java.security.Signature.getInstance("SHA256withECDSA", "SunEC"), pair.getPublic(), msg, sig));
    }

    @Inject
    io.smallrye.jwt.auth.principal.DefaultJWTParser jwtParser;
    @Inject
    cn.sunlight.account.service.VerifiedTokens verifiedTokens;
    @Inject
    cn.sunlight.account.service.Sessions sessions;

    /**
     * CPU-µs per call of the pieces of a quote's path, each on one thread after a warm-up (thread CPU time, so the
     * figure does not depend on what else the machine runs): the JWT parsed and verified by smallrye-jwt, the same
     * token remembered ({@code VerifiedTokens}), the session asked of PostgreSQL and remembered ({@code Sessions}), the
     * quote statement built, its signature verified with the verifier in use, the receipt written as JSON.
     */
    @Test
    @EnabledIfSystemProperty(named = "sunlight.bench", matches = "true")
    void pieces() throws Exception {
        Party b = Api.party("BIDDER");
        String token = b.token();
        String jti = jwtParser.parse(token).getTokenID();
        String statement = AuctionStatement.text("ZB-2026-000001", 1, 42L, b.creditCode(), 7, new BigDecimal("9499999.99"));
        var kp = java.security.KeyPairGenerator.getInstance("EC");
        kp.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var pair = kp.generateKeyPair();
        byte[] sig = cn.sunlight.bid.BidStatement.sign(statement, pair.getPrivate());
        var receipt = new cn.sunlight.auction.rest.AuctionResource.BidReceipt(12345, "A07", "9499999.99", 7, Instant.now(), Instant.now());
        var mapper = new ObjectMapper().findAndRegisterModules();
        piece("jwt: smallrye-jwt parse + RS256 verify", 3000, () -> jwtParser.parse(token));
        piece("jwt: remembered (VerifiedTokens hit)", 200_000, () -> verifiedTokens.parse(token));
        piece("session: PostgreSQL query (JDBC, this thread only)", 1000, () -> sessions.live(jti + "x"));
        piece("session: remembered (Sessions.knownLive)", 200_000, () -> sessions.live(jti));
        piece("quote statement text", 200_000, () -> AuctionStatement.text("ZB-2026-000001", 1, 42L, "91110000MA00000000", 7, new BigDecimal("9499999.99")));
        piece("ECDSA P-256 verify (verifier in use)", 5000, () -> cn.sunlight.bid.BidStatement.verify(statement, sig, pair.getPublic()));
        piece("receipt as JSON (Jackson)", 100_000, () -> mapper.writeValueAsString(receipt));
    }

    interface Piece {
        Object run() throws Exception;
    }

    static void piece(String name, int n, Piece p) throws Exception {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n; i++) { // warm-up
            p.run();
        }
        CpuMeter pg = new CpuMeter(System.getProperty(cn.sunlight.support.PostgresTestDatabase.DATABASE_PROPERTY, "sunlight_test"));
        pg.start();
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            p.run();
        }
        double us = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        double pgUs = pg.stop().getOrDefault("postgresql: backends of the benchmark database", 0L) / 1e3 / n;
        System.out.printf(java.util.Locale.ROOT, "PIECE %-55s %9.2f cpu-us/call in the JVM, %7.2f in PostgreSQL (n=%d)%n", name, us, pgUs, n);
    }

    static double verifyRate(java.security.Signature v, java.security.PublicKey key, byte[] msg, byte[] sig) throws Exception {
        for (int i = 0; i < 2000; i++) { // warm-up
            v.initVerify(key);
            v.update(msg);
            v.verify(sig);
        }
        int n = 0;
        long t0 = System.nanoTime();
        long until = t0 + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            for (int i = 0; i < 200; i++) {
                v.initVerify(key);
                v.update(msg);
                if (!v.verify(sig)) {
                    throw new IllegalStateException("the benchmark signature does not verify");
                }
            }
            n += 200;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs each scenario of {@code -Dbench.scenarios} ("auctions x bidders x watchers", comma-separated; default one
     * auction with {@code bench.bidders} bidders and {@code bench.watchers} watchers) in this one application start.
     */
    @Test
    @EnabledIfSystemProperty(named = "sunlight.bench", matches = "true")
    void bench() throws Exception {
        String scenarios = System.getProperty("bench.scenarios", "1x" + BIDDERS + "x" + WATCHERS);
        int most = 0;
        for (String sc : scenarios.split(",")) {
            most = Math.max(most, sc.trim().startsWith("floor") ? BIDDERS : Integer.parseInt(sc.trim().split("x")[1]));
        }
        List<Party> all = parties(most);
        Party host = Api.party("TENDERER");
        Party supervisor = Api.party("SUPERVISOR");
        for (String sc : scenarios.split(",")) {
            if (sc.trim().startsWith("floor")) {
                floor(sc.trim(), all.subList(0, Math.min(all.size(), BIDDERS)));
                continue;
            }
            String[] p = sc.trim().split("x");
            int auctions = Integer.parseInt(p[0]);
            List<Party> bidders = all.subList(0, Integer.parseInt(p[1]));
            int watchers = Integer.parseInt(p[2]);
            List<Target> targets = new ArrayList<>();
            for (int a = 0; a < auctions; a++) {
                targets.add(auction(host, bidders));
            }
            List<Feed> feeds = new ArrayList<>();
            List<WebSocket> sockets = watchers(targets.getFirst(), bidders, supervisor, feeds, watchers);
            run(targets, bidders, feeds, sockets);
        }
    }

    List<Party> parties(int n) throws Exception {
        ExecutorService setup = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Party>> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(setup.submit(() -> Api.party("BIDDER")));
        }
        List<Party> out = new ArrayList<>();
        for (var f : made) {
            out.add(f.get());
        }
        setup.shutdown();
        return out;
    }

    Target auction(Party host, List<Party> bidders) throws Exception {
        var body = Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS));
        long id = Api.draft(host, body);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        ExecutorService setup = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> regs = new ArrayList<>();
        for (Party b : bidders) {
            regs.add(setup.submit(() -> b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201)));
        }
        for (var f : regs) {
            f.get();
        }
        setup.shutdown();
        Instant now = clock.now();
        // A one-cent decrement so that a bidder can bid many times in the run; the end is far enough not to interfere.
        long auctionId = ((Number) host.call().body(Map.of("startsAt", now.minusSeconds(1).toString(),
                        "endsAt", now.plus(Duration.ofHours(2)).toString(), "minDecrementAmount", "0.01", "visibility", "RANK_AND_BEST_PRICE"))
                .put("/api/tenders/" + id + "/auction").then().statusCode(200).extract().path("auctionId")).longValue();
        return new Target(id, code, 1, auctionId);
    }

    /** Watchers of the first auction: 10 supervisor connections (full ranking) and the rest bidders' own views. */
    List<WebSocket> watchers(Target t, List<Party> bidders, Party supervisor, List<Feed> feeds, int count) throws Exception {
        int port = RestAssured.port;
        List<HttpClient> wsClients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wsClients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            String token = w < 10 ? supervisor.token() : bidders.get(w % bidders.size()).token();
            Feed feed = new Feed();
            feeds.add(feed);
            sockets.add(wsClients.get(w % wsClients.size()).newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws/tenders/" + t.tenderId() + "/auction"), new WebSocket.Listener() {
                        StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                long at = nowMicros();
                                Matcher m = SEQUENCE.matcher(part);
                                if (part.indexOf("\"type\":\"state\"") >= 0 && m.find()) {
                                    feed.got.add(new long[]{at, Long.parseLong(m.group(1))});
                                }
                                part = new StringBuilder();
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS));
        }
        return sockets;
    }

    /**
     * The bidder's signature, made as a bidder's own tool would but with the fastest provider here (the same one the
     * server verifies with: ACCP when it loaded), so the client that shares the cores with the server signs cheaply.
     */
    static String sign(Party b, String statement) throws Exception {
        java.security.Provider p = cn.sunlight.crypto.EcdsaVerifier.choice().provider();
        var s = p == null ? java.security.Signature.getInstance("SHA256withECDSA") : java.security.Signature.getInstance("SHA256withECDSA", p);
        s.initSign(b.signing().getPrivate());
        s.update(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getEncoder().encodeToString(s.sign());
    }

    static BigDecimal price(int round, int bidders, int n) {
        return new BigDecimal("9500000.00").subtract(new BigDecimal("0.01").multiply(BigDecimal.valueOf((long) round * bidders + n + 1)));
    }

    void run(List<Target> targets, List<Party> bidders, List<Feed> feeds, List<WebSocket> sockets) throws Exception {
        int port = RestAssured.port;
        int presign = Math.min(Integer.getInteger("bench.presign", 400), Math.max(3, 100_000 / (targets.size() * bidders.size())));
        // Signatures are made before the run where the rounds are known, so the client's signing does not eat the
        // server's CPU during the measured window (beyond presign rounds the client signs as it goes).
        Map<String, String[]> signed = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService signers = Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> signing = new ArrayList<>();
        for (Target t : targets) {
            for (int n = 0; n < bidders.size(); n++) {
                int me = n;
                signing.add(signers.submit(() -> {
                    String[] s = new String[presign + 1];
                    for (int r = 1; r <= presign; r++) {
                        s[r] = sign(bidders.get(me), cn.sunlight.auction.AuctionClient.statement(bidders.get(me), t.code(), t.lot(),
                                t.auctionId(), r, AuctionStatement.canonical(price(r, bidders.size(), me))));
                    }
                    signed.put(t.auctionId() + "/" + me, s);
                    return null;
                }));
            }
        }
        for (var f : signing) {
            f.get();
        }
        signers.shutdown();
        // The bidders' client is Vert.x's HTTP client on one event loop of its own (not the server's): closed loop, each
        // bidder sends its next quote when the answer to the last one is in, over its own kept-alive connection. It
        // shares the two cores with the server, so it must cost as little as a real bidder's tool on its own machine
        // would not: presigned quotes, prebuilt headers, the answer read with indexOf rather than a JSON tree.
        ClientLoop loop = ClientLoop.start(targets.size() * bidders.size());
        ConcurrentLinkedQueue<long[]> accepted = new ConcurrentLinkedQueue<>(); // {sequence, acceptedAtMicros, latencyNanos, auction}
        AtomicLong refused = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        long[] window = new long[3]; // start of the warm-up, end, start of the measured window
        List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
        List<Runnable> starts = new ArrayList<>();
        for (Target t : targets) {
            for (int i = 0; i < bidders.size(); i++) {
                int n = i;
                Party b = bidders.get(n);
                String[] pre = signed.get(t.auctionId() + "/" + n);
                String path = "/api/tenders/" + t.tenderId() + "/auction/bids?lot=" + t.lot();
                var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + b.token())
                        .add("Content-Type", "application/json");
                var done = new java.util.concurrent.CompletableFuture<Void>();
                runs.add(done);
                int[] round = {1};
                Runnable[] next = new Runnable[1];
                next[0] = () -> {
                    if (System.nanoTime() >= window[1]) {
                        done.complete(null);
                        return;
                    }
                    BigDecimal price = price(round[0], bidders.size(), n);
                    String sig;
                    try {
                        sig = round[0] < pre.length ? pre[round[0]] : sign(b, cn.sunlight.auction.AuctionClient.statement(b, t.code(),
                                t.lot(), t.auctionId(), round[0], AuctionStatement.canonical(price)));
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                        return;
                    }
                    String json = "{\"price\":\"" + AuctionStatement.canonical(price) + "\",\"round\":" + round[0] + ",\"signature\":\"" + sig + "\"}";
                    long t0 = System.nanoTime();
                    loop.post(port, path, headers, json, (status, body) -> {
                        long latency = System.nanoTime() - t0;
                        boolean measured = t0 >= window[2]; // quotes sent during the warm-up are not counted
                        if (status == 201) {
                            round[0]++;
                            if (measured) {
                                accepted.add(new long[]{ClientLoop.longField(body, "sequence"),
                                        ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(ClientLoop.stringField(body, "acceptedAt"))),
                                        latency, t.auctionId()});
                            }
                        } else if (measured) {
                            refused.incrementAndGet();
                            if (body.contains("auction-busy")) {
                                busy.incrementAndGet();
                            }
                        }
                        next[0].run();
                    });
                };
                starts.add(next[0]);
            }
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // -Dbench.jfr=<dir>: a JFR profile of the measured window only (setup excluded), one file per scenario.
        jdk.jfr.Recording jfr = null;
        if (System.getProperty("bench.jfr") != null) {
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.setDestination(java.nio.file.Path.of(System.getProperty("bench.jfr"), targets.size() + "x" + bidders.size() + "x" + feeds.size() + ".jfr"));
        }
        // A warm-up (-Dbench.warmup seconds, default 3) at full load before the measured window: the JIT has compiled
        // the path and each bidder's registration and certificate have been looked up once, as in a running auction.
        window[0] = System.nanoTime();
        window[2] = window[0] + TimeUnit.SECONDS.toNanos(WARMUP);
        window[1] = window[2] + TimeUnit.SECONDS.toNanos(SECONDS);
        loop.run(() -> starts.forEach(Runnable::run));
        Thread.sleep(Math.max(0, (window[2] - System.nanoTime()) / 1_000_000));
        if (jfr != null) {
            jfr.start();
        }
        CpuMeter cpu = new CpuMeter(System.getProperty(cn.sunlight.support.PostgresTestDatabase.DATABASE_PROPERTY, "sunlight_test"))
                .client(loop.threads());
        cpu.start();
        for (var f : runs) {
            f.get();
        }
        long elapsed = System.nanoTime() - window[2];
        var spent = cpu.stop();
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        loop.close();
        Thread.sleep(3000); // let the last broadcasts arrive

        long[] latencies = accepted.stream().mapToLong(a -> a[2]).sorted().toArray();
        // Acceptance → update: for each accepted bid of the watched auction and each watcher, the first message with
        // sequence ≥ the bid's.
        long watched = targets.getFirst().auctionId();
        List<long[]> bids = new ArrayList<>(accepted.stream().filter(a -> a[3] == watched).toList());
        bids.sort((x, y) -> Long.compare(x[0], y[0]));
        int stride = Math.max(1, bids.size() / 2000); // a sample of bids keeps the pairs at ~2 million
        List<Long> delays = new ArrayList<>();
        long missing = 0;
        for (Feed f : feeds) {
            long[][] got = f.got.toArray(new long[0][]);
            long[] maxSeqSoFar = new long[got.length];
            long m = 0;
            for (int i = 0; i < got.length; i++) {
                m = Math.max(m, got[i][1]);
                maxSeqSoFar[i] = m;
            }
            for (int k = 0; k < bids.size(); k += stride) {
                long[] bid = bids.get(k);
                int idx = firstAtLeast(maxSeqSoFar, bid[0]);
                if (idx < 0) {
                    missing++;
                } else {
                    delays.add(got[idx][0] - bid[1]);
                }
            }
        }
        long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        String report = String.format(java.util.Locale.ROOT, "RESULT auctions=%d bidders=%d watchers=%d seconds=%.1f accepted=%d refused=%d busy=%d "
                        + "bids/s=%.1f acceptance p50=%.1fms p99=%.1fms max=%.1fms | update p50=%.1fms p99=%.1fms max=%.1fms pairs=%d missing=%d "
                        + "load-before=%.2f",
                targets.size(), bidders.size(), feeds.size(), elapsed / 1e9, latencies.length, refused.get(), busy.get(),
                latencies.length / (elapsed / 1e9),
                pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6, latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                pct(d, 50) / 1e3, pct(d, 99) / 1e3, d.length == 0 ? 0 : d[d.length - 1] / 1e3, d.length, missing, load);
        System.out.println(report);
        System.out.print(CpuMeter.report(targets.size() + "x" + bidders.size() + "x" + feeds.size(), spent, latencies.length, elapsed / 1e9));
        sockets.forEach(WebSocket::abort);
    }

    /**
     * The machine's floor for the HTTP stack, measured like the quotes: the same closed-loop client ({@code bench.bidders}
     * virtual threads, the same JDK HttpClient) for {@code bench.seconds} s against the cheapest endpoint there is, the
     * public CA certificate ({@code GET /api/pki/ca.pem}, a resource method on a worker thread). "floor-anon" sends no
     * token (HTTP alone); "floor-auth" sends each bidder's token, so every request also pays the JWT verification and
     * the session check, as a quote does. Requests/s, latency and CPU-µs per request.
     */
    void floor(String kind, List<Party> bidders) throws Exception {
        boolean auth = kind.contains("auth");
        int port = RestAssured.port;
        ClientLoop loop = ClientLoop.start(bidders.size());
        ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        long[] window = new long[3];
        List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
        List<Runnable> starts = new ArrayList<>();
        for (Party b : bidders) {
            var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
            if (auth) {
                headers.add("Authorization", "Bearer " + b.token());
            }
            var done = new java.util.concurrent.CompletableFuture<Void>();
            runs.add(done);
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= window[1]) {
                    done.complete(null);
                    return;
                }
                long t0 = System.nanoTime();
                loop.get(port, "/api/pki/ca.pem", headers, (status, body) -> {
                    if (t0 >= window[2]) {
                        if (status == 200) {
                            lat.add(System.nanoTime() - t0);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    next[0].run();
                });
            };
            starts.add(next[0]);
        }
        window[0] = System.nanoTime();
        window[2] = window[0] + TimeUnit.SECONDS.toNanos(WARMUP);
        window[1] = window[2] + TimeUnit.SECONDS.toNanos(SECONDS);
        loop.run(() -> starts.forEach(Runnable::run));
        Thread.sleep(Math.max(0, (window[2] - System.nanoTime()) / 1_000_000));
        jdk.jfr.Recording jfr = null;
        if (System.getProperty("bench.jfr") != null) {
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.setDestination(java.nio.file.Path.of(System.getProperty("bench.jfr"), kind + ".jfr"));
            jfr.start();
        }
        CpuMeter cpu = new CpuMeter(System.getProperty(cn.sunlight.support.PostgresTestDatabase.DATABASE_PROPERTY, "sunlight_test"))
                .client(loop.threads());
        cpu.start();
        for (var f : runs) {
            f.get();
        }
        long elapsed = System.nanoTime() - window[2];
        var spent = cpu.stop();
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        loop.close();
        long[] l = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(java.util.Locale.ROOT, "FLOOR %s clients=%d seconds=%.1f requests=%d failed=%d requests/s=%.1f p50=%.1fms p99=%.1fms%n",
                kind, bidders.size(), elapsed / 1e9, l.length, failed.get(), l.length / (elapsed / 1e9), pct(l, 50) / 1e6, pct(l, 99) / 1e6);
        System.out.print(CpuMeter.report(kind, spent, l.length, elapsed / 1e9));
    }

    static int firstAtLeast(long[] sortedMax, long seq) {
        int lo = 0;
        int hi = sortedMax.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedMax[mid] >= seq) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static long nowMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

}
