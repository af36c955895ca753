package cn.sunlight.bench;

import cn.sunlight.common.page.Cursor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The read benchmark over a generated decade (issue 20; docs/bench/decade.sh runs it, never the suite): every read a
 * province's users make, each {@code BENCH_ITER} times with varied parameters after {@code BENCH_WARM} warm-up
 * requests, one at a time against a running server; p50/p95/p99/max per read, and PostgreSQL's EXPLAIN (ANALYZE,
 * BUFFERS) of each read's main query written beside the figures.
 * Usage: {@code DecadeBench BASE_URL JDBC_URL LABEL PLAN_DIR OUT_FILE}.
 */
public final class DecadeBench {

    static final String PASSWORD = "decade-bench-2026";
    static final double GOAL_MS = 100;

    record Read(String name, String what, IntFunction<String> path, String token, boolean cookie) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    private DecadeBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        String label = args[2];
        Path plans = Path.of(args[3]);
        Path out = Path.of(args[4]);
        int iter = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITER", "200"));
        int warm = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARM", "20"));
        Files.createDirectories(plans);
        new DecadeBench(base).run(jdbc, label, plans, out, iter, warm);
    }

    private void run(String jdbc, String label, Path plans, Path out, int iter, int warm) throws Exception {
        Random rnd = new Random(20);
        Facts f;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            f = Facts.read(c);
        }
        String unit = login("bench-unit");
        String bidder = login("bench-bidder");
        String supervisor = login("bench-supervisor");
        String[] two = {"道路", "监理", "采购", "养护", "医院", "工程", "服务", "设备"};
        String[] three = {"污水管网", "教学仪器设备", "物业管理", "滨江路", "体育馆建设", "消防车辆", "造价咨询服务", "南昌市人民路"};
        String[] trades = {"ENGINEERING", "GOODS", "PROCUREMENT"};
        String[] statuses = {"CONTRACTED", "BIDDING", "FAILED", "AWARDED"};
        String[] regions = {"南昌市", "九江市", "赣州市", "上饶市", "省本级"};
        long n = f.tenders;
        IntFunction<Long> old = i -> 1 + (long) (rnd.nextDouble() * n * 0.8); // the decade's first eight years

        List<Read> reads = new ArrayList<>();
        reads.add(new Read("home", "public portal home page (newest 20, count to 1,000, region list)", i -> "/", null, false));
        reads.add(new Read("home-deep", "portal home, a page deep in the decade (cursor at a random tender)",
                i -> "/?cursor=" + Cursor.after(old.apply(i)).encode(), null, false));
        reads.add(new Read("search-2", "API search, a two-character word (道路 …)", i -> "/api/tenders?q=" + enc(two[i % two.length]), null, false));
        reads.add(new Read("search-3", "API search, three or more characters (污水管网 …)", i -> "/api/tenders?q=" + enc(three[i % three.length]), null, false));
        reads.add(new Read("search-code", "API search, a tender's code (rare: one match)",
                i -> "/api/tenders?q=" + enc(f.codes.get(i % f.codes.size())), null, false));
        reads.add(new Read("search-filters", "API search, trade type + status + region",
                i -> "/api/tenders?tradeType=" + trades[i % 3] + "&status=" + statuses[i % 4] + "&region=" + enc(regions[i % 5]), null, false));
        reads.add(new Read("search-portal-2", "portal search page, a two-character word with a filter",
                i -> "/?q=" + enc(two[i % two.length]) + "&tradeType=" + trades[i % 3], null, false));
        reads.add(new Read("tender-page", "a tender's public page (an old tender)", i -> "/tenders/" + old.apply(i), null, false));
        reads.add(new Read("tender-api", "a tender over the API", i -> "/api/tenders/" + old.apply(i), null, false));
        reads.add(new Read("bidder", "bidder's tenders (the busy bidder: 1% of all tenders), first page", i -> "/bidder", bidder, true));
        reads.add(new Read("bidder-deep", "bidder's tenders, a page deep", i -> "/bidder?cursor="
                + Cursor.after(f.bidderRegistrations.get(i % f.bidderRegistrations.size())).encode(), bidder, true));
        reads.add(new Read("workspace", "tendering unit's workspace (the big unit: 2% of all tenders), first page", i -> "/workspace", unit, true));
        reads.add(new Read("workspace-deep", "workspace, a page deep", i -> "/workspace?cursor=" + Cursor.after(old.apply(i)).encode(), unit, true));
        reads.add(new Read("desk", "supervisors' desk: trades under way and alerts (first pages, alert counts)", i -> "/desk", supervisor, true));
        reads.add(new Read("desk-trades-api", "supervisors' trades over the API, a page deep",
                i -> "/api/supervision/trades?cursor=" + Cursor.after(f.liveIds.get(i % f.liveIds.size())).encode(), supervisor, false));
        reads.add(new Read("alerts", "supervisors' alerts over the API (first page, counts)", i -> "/api/supervision/alerts", supervisor, false));
        reads.add(new Read("complaints", "supervisors' complaints page", i -> "/desk/complaints", supervisor, true));
        reads.add(new Read("as-of", "time travel: an old tender 30 days after creation",
                i -> {
                    long id = old.apply(i);
                    return "/api/supervision/tenders/" + id + "/as-of?at=" + enc(f.createdAt(id).plus(Duration.ofDays(30)).toString());
                }, supervisor, false));
        reads.add(new Read("inclusion", "log inclusion proof of a random leaf in the latest checkpoint",
                i -> "/api/log/proofs/inclusion?index=" + (long) (rnd.nextDouble() * f.logSize) + "&size=" + f.logSize, null, false));
        reads.add(new Read("consistency", "log consistency proof, a past year's checkpoint to the latest",
                i -> "/api/log/proofs/consistency?size1=" + f.checkpoints.get(i % f.checkpoints.size()) + "&size2=" + f.logSize, null, false));
        reads.add(new Read("entries", "log entries by range (100 leaves at a random place)",
                i -> {
                    long s = (long) (rnd.nextDouble() * (f.logSize - 100));
                    return "/api/log/entries?start=" + s + "&end=" + (s + 100);
                }, null, false));

        Map<String, String> results = new LinkedHashMap<>();
        results.put("label", label);
        results.put("tenders", String.valueOf(n));
        results.put("events", String.valueOf(f.events));
        results.put("log_size", String.valueOf(f.logSize));
        results.put("db_bytes", String.valueOf(f.dbBytes));
        // The first proof after a start reads the tree's leaf hashes from PostgreSQL (the subtree cache is in memory).
        long t0 = System.nanoTime();
        get("/api/log/proofs/inclusion?index=0&size=" + f.logSize, null, false);
        results.put("cold_first_proof_ms", fmt((System.nanoTime() - t0) / 1e6));
        for (Read r : reads) {
            for (int i = 0; i < warm; i++) {
                get(r.path().apply(i), r.token(), r.cookie());
            }
            double[] ms = new double[iter];
            for (int i = 0; i < iter; i++) {
                String p = r.path().apply(i);
                long t = System.nanoTime();
                get(p, r.token(), r.cookie());
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            results.put(r.name() + ".what", r.what());
            results.put(r.name() + ".p50", fmt(pct(ms, 50)));
            results.put(r.name() + ".p95", fmt(pct(ms, 95)));
            results.put(r.name() + ".p99", fmt(pct(ms, 99)));
            results.put(r.name() + ".max", fmt(ms[ms.length - 1]));
            System.out.printf("%-18s p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f ms%n", r.name(), pct(ms, 50), pct(ms, 95),
                    pct(ms, 99), ms[ms.length - 1]);
        }
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            DecadePlans.write(c, f, plans);
        }
        StringBuilder sb = new StringBuilder();
        results.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    private String login(String user) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login " + user + ": " + r.statusCode() + " " + r.body());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("token").asText();
    }

    private void get(String path, String token, boolean cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Accept-Language", "zh-CN");
        if (token != null) {
            b.header(cookie ? "Cookie" : "Authorization", cookie ? "sunlight_session=" + token : "Bearer " + token);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8).substring(0, Math.min(400, r.body().length)));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** What the reads are parameterised with, read once from the database. */
    record Facts(long tenders, long events, long logSize, long dbBytes, List<String> codes, List<Long> bidderRegistrations,
                 List<Long> liveIds, List<Long> checkpoints, Instant start, Instant end) {
        Instant createdAt(long id) {
            return start.plusMillis((long) ((end.toEpochMilli() - start.toEpochMilli()) * ((id - 1) / (double) tenders)));
        }

        static Facts read(Connection c) throws Exception {
            return new Facts(one(c, "select max(id) from tender"), one(c, "select count(*) from audit_event"),
                    one(c, "select max(tree_size) from log_checkpoint where reason = 'decade-generator'"),
                    one(c, "select pg_database_size(current_database())"),
                    strings(c, "select code from tender where id % 997 = 1 order by id limit 200"),
                    longs(c, "select id from bidder_registration where organisation_id = (select id from user_account where username = 'bench-bidder')"
                            + " order by id limit 200"),
                    longs(c, "select id from tender where status not in ('DRAFT','CONTRACTED','CANCELLED','FAILED') order by id limit 200"),
                    longs(c, "select tree_size from log_checkpoint where reason = 'decade-generator' order by tree_size"),
                    instant(c, "select min(created_at) from tender"), instant(c, "select max(created_at) from tender"));
        }

        static long one(Connection c, String sql) throws Exception {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        static Instant instant(Connection c, String sql) throws Exception {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }

        static List<String> strings(Connection c, String sql) throws Exception {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        static List<Long> longs(Connection c, String sql) throws Exception {
            List<Long> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }
}
