package cn.sunlight.demo;

import cn.sunlight.account.service.PasswordHasher;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a fresh database with a plausible decade of one province's trades (issue 20) for the read benchmark:
 * {@code .ci/sunlight generate-decade --database sunlight_decade_100k --tenders 100000}. The schema comes from the
 * platform's own Flyway migrations; the rows from {@code decade/decade.sql} (set-based SQL, reproducible); the audit
 * log's leaves and witness-cosigned checkpoints from {@link DecadeLog} with the platform's hash rules and the keys the
 * platform will sign with afterwards. Never part of the test suite (a small test checks the invariants at 200).
 */
public final class DecadeGenerator {

    /** The named accounts' password (bench-unit, bench-bidder, bench-supervisor): a benchmark database only. */
    public static final String BENCH_PASSWORD = "decade-bench-2026";

    public record Options(String host, int port, String user, String database, long tenders, Instant end, Path keysDir,
                          Path witnessKeysDir, String origin, String witnessName, boolean fresh) {
        String url(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }
    }

    /** What a run produced and how long each step took (the benchmark report quotes it). */
    public record Result(Map<String, Duration> steps, Map<String, Long> counts, long databaseBytes, Duration total) {
    }

    private DecadeGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Result r = run(o, System.out::println);
        System.out.println("generated " + o.database() + " in " + seconds(r.total()) + " s; database size "
                + r.databaseBytes() / (1024 * 1024) + " MiB");
        r.counts().forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }

    public static Result run(Options o, java.util.function.Consumer<String> log) throws Exception {
        long started = System.nanoTime();
        Map<String, Duration> steps = new LinkedHashMap<>();
        if (o.fresh()) {
            try (Connection c = DriverManager.getConnection(o.url("postgres"), o.user(), "");
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + o.database() + " with (force)");
                s.execute("create database " + o.database());
            }
        }
        long t = System.nanoTime();
        Flyway.configure().dataSource(o.url(o.database()), o.user(), "").locations("classpath:db/migration")
                .configuration(Map.of(cn.sunlight.common.MigrationLocks.PROPERTY, "false")).load().migrate();
        steps.put("migrations", since(t));
        try (Connection c = DriverManager.getConnection(o.url(o.database()), o.user(), "")) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                var rs = s.executeQuery("select count(*) from tender");
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException(o.database() + " already holds tenders: generate into a fresh database (--fresh)");
                }
                s.execute("set work_mem = '256MB'");
                s.execute("set maintenance_work_mem = '512MB'");
                s.execute("set synchronous_commit = off");
            }
            Map<String, String> values = values(o);
            for (Step step : steps(sql())) {
                t = System.nanoTime();
                if (step.monthly()) {
                    monthly(c, step, values, o);
                } else {
                    execute(c, substitute(step.sql(), values));
                }
                steps.put(step.name(), since(t));
                log.accept(String.format("  %-45s %8.1f s", step.name(), seconds(steps.get(step.name()))));
            }
            t = System.nanoTime();
            DecadeLog.build(c, o.keysDir(), o.witnessKeysDir(), o.origin(), o.witnessName());
            steps.put("log leaves and checkpoints", since(t));
            log.accept(String.format("  %-45s %8.1f s", "log leaves and checkpoints", seconds(steps.get("log leaves and checkpoints"))));
            t = System.nanoTime();
            execute(c, "vacuum analyze");
            steps.put("vacuum analyze", since(t));
            log.accept(String.format("  %-45s %8.1f s", "vacuum analyze", seconds(steps.get("vacuum analyze"))));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : List.of("organisation", "tender", "bidder_registration", "sealed_bid", "tender_document",
                    "clarification", "objection", "complaint", "award", "audit_event", "log_leaf", "log_checkpoint")) {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            long bytes;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("select pg_database_size(current_database())")) {
                rs.next();
                bytes = rs.getLong(1);
            }
            return new Result(steps, counts, bytes, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Units, agents and bidders in proportion to the tenders (a unit ~100 tenders a decade, a bidder ~250 bids). */
    static Map<String, String> values(Options o) {
        long n = o.tenders();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("tenders", String.valueOf(n));
        v.put("units", String.valueOf(Math.max(20, n / 100)));
        v.put("agents", String.valueOf(Math.max(5, n / 5000)));
        v.put("bidders", String.valueOf(Math.max(100, n / 50)));
        Instant end = o.end().truncatedTo(ChronoUnit.SECONDS);
        v.put("end", end.toString());
        v.put("start", ZonedDateTime.ofInstant(end, ZoneOffset.UTC).minusYears(10).toInstant().toString());
        v.put("userHash", new PasswordHasher(10).hash(BENCH_PASSWORD));
        return v;
    }

    private static void monthly(Connection c, Step step, Map<String, String> values, Options o) throws SQLException {
        ZonedDateTime from = ZonedDateTime.ofInstant(Instant.parse(values.get("start")), ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS);
        Instant end = Instant.parse(values.get("end")).plus(Duration.ofDays(1));
        while (from.toInstant().isBefore(end)) {
            ZonedDateTime to = from.plusMonths(1);
            Map<String, String> v = new LinkedHashMap<>(values);
            v.put("from", from.toInstant().toString());
            v.put("to", to.toInstant().toString());
            execute(c, substitute(step.sql(), v));
            from = to;
        }
    }

    record Step(String name, String sql, boolean monthly) {
    }

    /** The script's "-- step name" sections, each run as one batch (monthly ones once per month of the decade). */
    static List<Step> steps(String script) {
        List<Step> out = new ArrayList<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (line.startsWith("-- step ")) {
                if (name != null) {
                    out.add(new Step(name, body.toString(), name.endsWith("(monthly)")));
                }
                name = line.substring("-- step ".length()).trim();
                body.setLength(0);
            } else if (name != null) {
                body.append(line).append('\n');
            }
        }
        if (name != null) {
            out.add(new Step(name, body.toString(), name.endsWith("(monthly)")));
        }
        return out;
    }

    static String substitute(String sql, Map<String, String> values) {
        String out = sql;
        for (var e : values.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (out.contains("${")) {
            throw new IllegalStateException("unsubstituted placeholder in " + out.substring(out.indexOf("${"), Math.min(out.length(), out.indexOf("${") + 30)));
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String sql() throws IOException {
        try (InputStream in = DecadeGenerator.class.getResourceAsStream("/decade/decade.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("--fresh")) {
                fresh = true;
            } else if (k.startsWith("--") && i + 1 < args.length) {
                a.put(k.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("usage: generate-decade --database NAME --tenders N [--fresh] [--keys-dir DIR]"
                        + " [--witness-keys-dir DIR] [--end ISO-INSTANT] [--host H] [--port P] [--user U]");
            }
        }
        String db = a.getOrDefault("database", "sunlight_decade");
        if (!db.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--database: lower-case letters, digits and _ only");
        }
        long tenders = Long.parseLong(a.getOrDefault("tenders", "10000"));
        if (tenders < 100 || tenders > 10_000_000) {
            throw new IllegalArgumentException("--tenders: 100 to 10,000,000");
        }
        Path keys = Path.of(a.getOrDefault("keys-dir", "var/decade-keys"));
        return new Options(a.getOrDefault("host", "127.0.0.1"), Integer.parseInt(a.getOrDefault("port", "5432")),
                a.getOrDefault("user", "postgres"), db, tenders,
                a.containsKey("end") ? Instant.parse(a.get("end")) : Instant.now(), keys,
                Path.of(a.getOrDefault("witness-keys-dir", keys.resolve("witness").toString())),
                a.getOrDefault("origin", "sunlight.local/audit-log"),
                a.getOrDefault("witness-name", "supervision.sunlight.local/witness"), fresh);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
