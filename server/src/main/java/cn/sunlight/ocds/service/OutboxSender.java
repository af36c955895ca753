package cn.sunlight.ocds.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.ocds.OcdsRelease;
import cn.sunlight.ocds.OutboxItem;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Pushes the outbox to the public service platform (电子招标投标办法 Art. 56), one item at a time in feed order: the
 * head item is retried with exponential backoff and holds the rest back, so the receiver gets every change once and
 * in order. Each request carries the release id as {@code Idempotency-Key}: a resend after a lost answer (or after
 * the lease moved to another instance mid-send) is recognisable as the same item. Only the holder of the PostgreSQL
 * lease sends, so two instances never push at once; the receiver's answer is kept as the delivery receipt.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    /** Set at shutdown: a run that starts while the persistence unit closes would only log a failure. */
    private volatile boolean stopping;

    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }
    static final int MAX_PER_RUN = 200;
    static final int MAX_RECEIPT = 4000;

    private final FeedSequencer sequencer;
    private final OcdsCodes codes;
    private final PlatformClock clock;
    private final String endpoint;
    private final Duration timeout;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration lease;
    private final String holder = "sender-" + UUID.randomUUID();
    private final HttpClient http;

    public OutboxSender(FeedSequencer sequencer, OcdsCodes codes, PlatformClock clock,
                        @ConfigProperty(name = "sunlight.ocds.exchange.endpoint") Optional<String> endpoint,
                        @ConfigProperty(name = "sunlight.ocds.exchange.timeout") Duration timeout,
                        @ConfigProperty(name = "sunlight.ocds.exchange.backoff-initial") Duration backoffInitial,
                        @ConfigProperty(name = "sunlight.ocds.exchange.backoff-max") Duration backoffMax,
                        @ConfigProperty(name = "sunlight.ocds.exchange.lease") Duration lease) {
        this.sequencer = sequencer;
        this.codes = codes;
        this.clock = clock;
        this.endpoint = endpoint.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        this.timeout = timeout;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.lease = lease;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean configured() {
        return endpoint != null;
    }

    public String endpoint() {
        return endpoint;
    }

    @Scheduled(every = "${sunlight.ocds.exchange.send-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "ocds-outbox-sender")
    void tick() {
        if (stopping) {
            return;
        }
        try {
            send();
        } catch (RuntimeException e) {
            LOG.warn("OCDS outbox sending failed; will retry", e);
        }
    }

    /**
     * Sends what is due while holding the lease; returns how many items were delivered. Synchronized: the lease keeps
     * other instances out, this keeps the scheduler and an operator's nudge on one instance from sending together.
     */
    public synchronized int send() {
        if (endpoint == null || !takeLease()) {
            return 0;
        }
        sequencer.sequence();
        int delivered = 0;
        while (delivered < MAX_PER_RUN) {
            Head head = head();
            if (head == null || !head.due() || !takeLease()) {
                break;
            }
            Attempt a = attempt(head);
            record(head.releasePk(), a);
            if (!a.ok()) {
                break; // the head holds the rest back: order is kept
            }
            delivered++;
        }
        return delivered;
    }

    record Head(long releasePk, String releaseId, String ocid, String dataSet, String body, int attempts, boolean due) {
    }

    record Attempt(boolean ok, int status, String text) {
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Head head() {
        OutboxItem o = OutboxItem.<OutboxItem>find("deliveredAt is null and release.position is not null order by release.position")
                .firstResult();
        if (o == null) {
            return null;
        }
        Instant now = clock.now();
        // A platform clock moved back (tests, time travel) must not park an item far beyond any backoff.
        boolean due = !o.nextAttemptAt.isAfter(now) || Duration.between(now, o.nextAttemptAt).compareTo(backoffMax) > 0;
        OcdsRelease r = o.release;
        return new Head(o.releasePk, r.releaseId, r.ocid, o.dataSet, r.body, o.attempts, due);
    }

    private Attempt attempt(Head h) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("dataSet", h.dataSet());
        envelope.put("dataSetName", codes.dataSet(h.dataSet()).zh());
        envelope.put("ocid", h.ocid());
        envelope.put("releaseId", h.releaseId());
        envelope.put("release", OpenDataFeed.json(h.body()));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", h.releaseId())
                    .POST(HttpRequest.BodyPublishers.ofString(CanonicalJson.write(envelope), StandardCharsets.UTF_8)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body() == null ? "" : response.body();
            text = text.length() > MAX_RECEIPT ? text.substring(0, MAX_RECEIPT) : text;
            return new Attempt(response.statusCode() / 100 == 2, response.statusCode(), text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, 0, "interrupted");
        } catch (Exception e) {
            return new Attempt(false, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void record(long releasePk, Attempt a) {
        OutboxItem o = OutboxItem.findById(releasePk);
        Instant now = clock.now();
        if (a.ok()) {
            o.delivered(now, a.status(), a.text());
        } else {
            String error = (a.status() == 0 ? "" : "HTTP " + a.status() + ": ") + a.text();
            o.failed(now, error.length() > MAX_RECEIPT ? error.substring(0, MAX_RECEIPT) : error, now.plus(backoff(o.attempts + 1)));
        }
    }

    /** initial × 2^(attempts − 1), at most the maximum. */
    Duration backoff(int attempts) {
        Duration d = backoffInitial;
        for (int i = 1; i < attempts && d.compareTo(backoffMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }

    /** Takes or renews the sender lease (database time: the lease is between machines, not about the trade). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean takeLease() {
        return Panache.getEntityManager().createNativeQuery("""
                update ocds_sender_lease set holder = ?1, expires_at = clock_timestamp() + cast(?2 as interval)
                where name = 'outbox' and (holder = ?1 or expires_at < clock_timestamp())""")
                .setParameter(1, holder).setParameter(2, lease.toMillis() + " milliseconds").executeUpdate() == 1;
    }

    /** Gives the lease up (shutdown, tests). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void releaseLease() {
        Panache.getEntityManager().createNativeQuery("update ocds_sender_lease set expires_at = 'epoch' where name = 'outbox' and holder = ?1")
                .setParameter(1, holder).executeUpdate();
    }
}
