package cn.sunlight.bid;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Bids;
import cn.sunlight.support.LastByte;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 14 item 5, the suite's short version: sealed bids whose last byte reaches the server in a ±50 ms window around
 * the deadline, many at once. The server decides by its clock at the last byte. What is checked does not take the
 * server's word for it alone:
 * <ul>
 *   <li>the client notes the platform time just before it sends the last byte and when the answer arrives; the
 *   server's arrival instant must lie between (client and server share the clock here);</li>
 *   <li>every accepted bid's receipt time is before the deadline; every refusal is "late" and names an arrival instant
 *   at or after it; an answer the client had before the deadline is an acceptance, a last byte sent at or after the
 *   deadline a refusal — no other answer;</li>
 *   <li>the receipt's time equals the stored bid's and the log entry's;</li>
 *   <li>both outcomes occur.</li>
 * </ul>
 * The full version (10,000+ tries through HAProxy and two instances) is {@code .ci/sunlight bench-deadline}.
 */
@QuarkusTest
class DeadlineExactnessTest {

    private static final int ROUNDS = 4;
    private static final int TRIES_PER_ROUND = 60;
    private static final int BIDDERS = 4;
    private static final long WINDOW_MILLIS = 50;
    private static final Pattern ARRIVED = Pattern.compile("arrived completely at (\\S+), after the deadline");

    @Inject
    PlatformClock clock;

    record Try(Api.Party bidder, byte[] envelope, String signature, long offsetMicros) {
    }

    record Outcome(Try t, int status, String body, Instant lastByteSent, Instant answered) {
    }

    @Test
    void noBidIsAcceptedAfterTheDeadlineNorRefusedBeforeIt() throws Exception {
        Random random = new Random(14);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            var host = Api.party("TENDERER");
            Map<String, Object> body = Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
            long id = Api.draft(host, body);
            String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
            Instant deadline = Instant.parse((String) body.get("bidDeadline"));
            var opening = cn.sunlight.crypto.Pem.readCertificate(Bids.openingPem(id));
            List<Api.Party> bidders = new ArrayList<>();
            for (int b = 0; b < BIDDERS; b++) {
                var bidder = Api.party("BIDDER");
                bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
                bidders.add(bidder);
            }
            List<Try> tries = new ArrayList<>();
            for (int i = 0; i < TRIES_PER_ROUND; i++) {
                Api.Party bidder = bidders.get(i % BIDDERS);
                byte[] envelope = new EnvelopeSealer().seal(Bids.zip(bidder.username() + "-" + round + "-" + i, "9100000.00"),
                        List.of(opening, bidder.encryptionCertificate()));
                long offset = (long) ((random.nextDouble() * 2 - 1) * WINDOW_MILLIS * 1000);
                tries.add(new Try(bidder, envelope, Bids.sign(bidder, Bids.statement(bidder, code, 1, envelope)), offset));
            }

            Duration shift = Duration.between(clock.now(), deadline.minusSeconds(5));
            clock.advance(shift); // the platform's time is now 5 s before the deadline: every request is checked (prepare) before it
            List<Outcome> outcomes = new ArrayList<>();
            try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("try-", 0).factory())) {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (Try t : tries) {
                    futures.add(exec.submit(() -> attempt(id, t, deadline)));
                }
                for (Future<Outcome> f : futures) {
                    outcomes.add(f.get());
                }
            } finally {
                clock.advance(shift.negated());
            }

            for (Outcome o : outcomes) {
                String where = "offset " + o.t().offsetMicros() + " µs, last byte sent " + o.lastByteSent() + ", answered " + o.answered()
                        + ", deadline " + deadline + ": HTTP " + o.status() + " " + o.body();
                Instant sentMicros = o.lastByteSent().truncatedTo(ChronoUnit.MICROS);
                if (o.status() == 201) {
                    accepted++;
                    JsonNode content = CanonicalJson.mapper().readTree(o.body()).path("content");
                    Instant at = Instant.parse(content.path("receivedAt").asText());
                    assertTrue(at.isBefore(deadline), "accepted at or after the deadline: " + where);
                    assertFalse(at.isBefore(sentMicros) || at.isAfter(o.answered()), "receipt time outside the client's window: " + where);
                    assertSameInTheLog(content.path("bidId").asLong(), content.path("auditEventId").asLong(), at, where);
                } else {
                    refused++;
                    assertEquals(422, o.status(), where);
                    Matcher m = ARRIVED.matcher(o.body());
                    assertTrue(o.body().contains("\"late\"") && m.find(), "a refusal other than lateness: " + where);
                    Instant at = Instant.parse(m.group(1));
                    assertFalse(at.isBefore(deadline), "refused before the deadline: " + where);
                    assertFalse(at.isBefore(sentMicros) || at.isAfter(o.answered()), "arrival time outside the client's window: " + where);
                }
                if (o.answered().isBefore(deadline)) {
                    assertEquals(201, o.status(), "answered before the deadline but not accepted: " + where);
                }
                if (!sentMicros.isBefore(deadline)) {
                    assertEquals(422, o.status(), "last byte sent after the deadline but accepted: " + where);
                }
            }
        }
        assertEquals(ROUNDS * TRIES_PER_ROUND, accepted + refused);
        assertTrue(accepted > 0 && refused > 0, "both outcomes in the window: " + accepted + " accepted, " + refused + " refused");
    }

    /** Sends all but the last byte well before the deadline, the last byte at deadline + offset (platform time). */
    private Outcome attempt(long tenderId, Try t, Instant deadline) throws Exception {
        try (Socket s = new Socket("localhost", io.restassured.RestAssured.port)) {
            s.setSoTimeout(30_000);
            var a = LastByte.send(s, "localhost", tenderId, t.bidder().token(), t.signature(), t.envelope(),
                    deadline.plus(t.offsetMicros(), ChronoUnit.MICROS), clock::now);
            return new Outcome(t, a.status(), a.body(), a.sent(), a.answered());
        }
    }

    /** The receipt's time is the stored bid's and its log entry's. */
    private void assertSameInTheLog(long bidId, long auditEventId, Instant at, String where) {
        QuarkusTransaction.requiringNew().run(() -> {
            SealedBid bid = SealedBid.findById(bidId);
            assertEquals(at, bid.receivedAt, "stored time differs from the receipt: " + where);
            assertEquals(auditEventId, bid.auditEventId);
            AuditEvent event = AuditEvent.findById(auditEventId);
            try {
                Instant logged = Instant.parse(CanonicalJson.mapper().readTree(event.state).path("receivedAt").asText());
                assertEquals(at, logged, "the log entry's time differs from the receipt: " + where);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
    }
}
