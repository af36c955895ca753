package cn.sunlight.bench;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14 item 5, the full version: rounds of sealed bids whose last byte reaches the platform in a ±50 ms window
 * around the deadline, through whatever {@code --url} points at (HAProxy in front of two instances). Each round is a
 * new sandbox tender (issue 18) whose clock is set so that its 30-day deadline falls a few real seconds ahead
 * ({@code PUT /api/sandbox/tenders/{id}/clock}); from its clock view the real instant of the deadline is known, and
 * every try sends all but its last byte early, then the last byte at deadline + offset (offset uniform in ±50 ms,
 * real time of this machine, which the instances share). Checks per try, not taking the server's word alone: an
 * acceptance's receipt time is before the deadline, a refusal is "late" and names an arrival at or after it; the
 * server's instant lies between the client's last-byte send and the answer (mapped onto the tender's clock, ± one
 * real millisecond); an answer received before the deadline is an acceptance, a last byte sent after it a refusal;
 * each receipt's time equals the stored bid's and its log entry's (PostgreSQL). Any violation fails the run.
 * Options: --rounds (50) --tries (200 per round) --bidders (20) --window-ms (50) --lead-s (8) --database.
 */
final class DeadlineBench {

    private static final Pattern ARRIVED = Pattern.compile("arrived completely at (\\S+), after the deadline");

    private final SubmissionBench b;

    DeadlineBench(SubmissionBench bench) {
        this.b = bench;
    }

    record Try(SubmissionBench.Party bidder, byte[] envelope, String signature, long offsetMicros) {
    }

    record Outcome(Try t, int status, String body, Instant sent, Instant answered) {
    }

    /** The tender's clock: sandbox = sandboxNow + factor × (real − realNow). */
    record TenderClock(Instant sandboxNow, Instant realNow, long factor) {
        Instant at(Instant real) {
            Duration d = Duration.between(realNow, real);
            return sandboxNow.plus(d.multipliedBy(factor));
        }

        Instant realAt(Instant sandbox) {
            Duration d = Duration.between(sandboxNow, sandbox);
            return realNow.plus(d.dividedBy(factor));
        }
    }

    void run() throws Exception {
        int rounds = Integer.parseInt(b.args.getOrDefault("rounds", "50"));
        int tries = Integer.parseInt(b.args.getOrDefault("tries", "200"));
        int bidders = Integer.parseInt(b.args.getOrDefault("bidders", "20"));
        long windowMicros = Long.parseLong(b.args.getOrDefault("window-ms", "50")) * 1000;
        long leadSeconds = Long.parseLong(b.args.getOrDefault("lead-s", "8"));
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/" + b.required("database");
        URI url = URI.create(b.http.base());
        InetSocketAddress server = new InetSocketAddress(url.getHost(), url.getPort());
        SubmissionBench.Fixture base = b.setup(bidders, 4);
        int accepted = 0;
        int refused = 0;
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            SubmissionBench.Fixture f = b.anotherTender(base.bidders(), true);
            JsonNode tender = b.http.getJson(b.tendererToken(), "/api/tenders/" + f.tenderId());
            Instant deadline = Instant.parse(tender.path("schedule").path("bidDeadline").asText(tender.path("bidDeadline").asText()));
            List<Try> list = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                SubmissionBench.Party p = f.bidders().get(i % f.bidders().size());
                byte[] plain = new byte[2048];
                ThreadLocalRandom.current().nextBytes(plain);
                byte[] envelope = new EnvelopeSealer().seal(plain, List.of(f.opening(), p.encryptionCertificate()));
                String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(envelope));
                String statement = BidStatement.text(f.code(), 1, p.creditCode(), hex, envelope.length);
                String signature = Base64.getEncoder().encodeToString(BidStatement.sign(statement, p.signing().getPrivate()));
                long offset = ThreadLocalRandom.current().nextLong(-windowMicros, windowMicros + 1);
                list.add(new Try(p, envelope, signature, offset));
            }
            // Speed the tender's clock up so that its deadline is leadSeconds of real time ahead.
            TenderClock now = clock(f.tenderId());
            long factor = Math.max(1, Math.min(1_000_000, Duration.between(now.sandboxNow(), deadline).toSeconds() / leadSeconds));
            b.http.put(b.tendererToken(), "/api/sandbox/tenders/" + f.tenderId() + "/clock", Map.of("factor", factor), 200);
            TenderClock c = clock(f.tenderId());
            Instant realDeadline = c.realAt(deadline);
            List<Outcome> outcomes = new ArrayList<>();
            try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("try-", 0).factory())) {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (Try t : list) {
                    futures.add(exec.submit(() -> attempt(server, f.tenderId(), t, realDeadline)));
                }
                for (Future<Outcome> fu : futures) {
                    outcomes.add(fu.get());
                }
            }
            int roundAccepted = 0;
            Duration slack = Duration.ofMillis(1).multipliedBy(c.factor()); // one real millisecond on the tender's clock
            try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
                for (Outcome o : outcomes) {
                    String where = "round " + round + ", offset " + o.t().offsetMicros() + " µs, HTTP " + o.status() + " "
                            + o.body().substring(0, Math.min(300, o.body().length()));
                    Instant from = c.at(o.sent()).minus(slack);
                    Instant to = c.at(o.answered()).plus(slack);
                    Instant at;
                    if (o.status() == 201) {
                        accepted++;
                        roundAccepted++;
                        JsonNode content = b.http.json.readTree(o.body()).path("content");
                        at = Instant.parse(content.path("receivedAt").asText());
                        if (!at.isBefore(deadline)) {
                            violations.add("accepted at or after the deadline: " + where);
                        }
                        String logged = logged(db, content.path("bidId").asLong(), content.path("auditEventId").asLong(), at);
                        if (logged != null) {
                            violations.add(logged + ": " + where);
                        }
                    } else {
                        refused++;
                        Matcher m = ARRIVED.matcher(o.body());
                        if (o.status() != 422 || !m.find()) {
                            violations.add("a refusal other than lateness: " + where);
                            continue;
                        }
                        at = Instant.parse(m.group(1));
                        if (at.isBefore(deadline)) {
                            violations.add("refused before the deadline: " + where);
                        }
                    }
                    if (at.isBefore(from) || at.isAfter(to)) {
                        violations.add("server time " + at + " outside the client's window [" + from + ", " + to + "]: " + where);
                    }
                    if (c.at(o.answered()).isBefore(deadline) && o.status() != 201) {
                        violations.add("answered before the deadline but not accepted: " + where);
                    }
                    if (!c.at(o.sent()).isBefore(deadline) && o.status() == 201) {
                        violations.add("last byte sent after the deadline but accepted: " + where);
                    }
                }
            }
            b.log.printf("bench: deadline round %d/%d (factor %d): %d accepted, %d refused as late; violations so far %d%n", round, rounds,
                    c.factor(), roundAccepted, tries - roundAccepted, violations.size());
        }
        b.record("deadline.rounds", rounds);
        b.record("deadline.tries", rounds * tries);
        b.record("deadline.window_ms", windowMicros / 1000);
        b.record("deadline.accepted", accepted);
        b.record("deadline.refused_late", refused);
        b.record("deadline.violations", violations.size());
        b.record("deadline.duration_s", (System.nanoTime() - started) / 1e9);
        violations.stream().limit(20).forEach(v -> b.log.println("bench: VIOLATION " + v));
        if (!violations.isEmpty() || accepted == 0 || refused == 0) {
            throw new IllegalStateException(violations.size() + " violations; " + accepted + " accepted, " + refused + " refused");
        }
    }

    private TenderClock clock(long tenderId) {
        JsonNode v = b.http.getJson(b.tendererToken(), "/api/sandbox/tenders/" + tenderId + "/clock");
        return new TenderClock(Instant.parse(v.path("sandboxNow").asText()), Instant.parse(v.path("realNow").asText()),
                v.path("factor").asLong());
    }

    /** Null when the stored bid and its log entry have the receipt's time. */
    private static String logged(Connection db, long bidId, long auditEventId, Instant at) throws Exception {
        try (PreparedStatement q = db.prepareStatement("select b.received_at, b.audit_event_id, e.state from sealed_bid b "
                + "join audit_event e on e.id = b.audit_event_id where b.id = ?")) {
            q.setLong(1, bidId);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return "no stored bid " + bidId;
                }
                Instant stored = r.getObject(1, java.time.OffsetDateTime.class).toInstant();
                if (!stored.equals(at) || r.getLong(2) != auditEventId) {
                    return "stored time " + stored + " differs from the receipt's " + at;
                }
                Matcher m = Pattern.compile("\"receivedAt\"\\s*:\\s*\"([^\"]+)\"").matcher(r.getString(3));
                if (!m.find() || !Instant.parse(m.group(1)).equals(at)) {
                    return "the log entry's time differs from the receipt's " + at;
                }
            }
        }
        return null;
    }

    private Outcome attempt(InetSocketAddress server, long tenderId, Try t, Instant realDeadline) throws Exception {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(120_000);
            var a = cn.sunlight.support.LastByte.send(s, server.getHostString(), tenderId, t.bidder().token(), t.signature(),
                    t.envelope(), realDeadline.plus(t.offsetMicros(), ChronoUnit.MICROS), Instant::now);
            return new Outcome(t, a.status(), a.body(), a.sent(), a.answered());
        }
    }
}
