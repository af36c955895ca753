package cn.sunlight.auction.service;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.Text;
import cn.sunlight.common.cluster.ClusterEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routes checked quotes to the one sequencer of their auction. On the instance that holds the auction's lease
 * ({@link AuctionLeases}) the quote goes straight to the in-memory {@link Sequencer}; on any other instance it is
 * forwarded through the database (a row in auction_pending_quote and a NOTIFY) and its answer comes back by NOTIFY
 * after the sequencer's commit. A sweep every {@value #SWEEP_MS} ms takes over auctions whose forwarded quotes
 * wait with nobody sequencing them (the sequencing instance died), so a take-over needs no human and no new quote.
 */
@ApplicationScoped
public class AuctionSequencers {

    private static final Logger LOG = Logger.getLogger(AuctionSequencers.class);
    static final String QUOTES = "sunlight_auction_quote";
    private static final long SWEEP_MS = 500;
    private static final Duration UNTAKEN = Duration.ofMillis(700);
    private static final long ANSWER_WAIT_MS = 15_000;

    private final AuctionLedger ledger;
    private final AuctionCommitter committer;
    private final AuctionLeases leases;
    private final ClusterEvents events;
    private final PlatformClock clock;
    private final Map<Long, Sequencer> local = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Answer>> forwarded = new ConcurrentHashMap<>();
    private final String origin = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService sweeper;

    public AuctionSequencers(AuctionLedger ledger, AuctionCommitter committer, AuctionLeases leases, ClusterEvents events, PlatformClock clock) {
        this.ledger = ledger;
        this.committer = committer;
        this.leases = leases;
        this.events = events;
        this.clock = clock;
    }

    void start(@Observes StartupEvent e) {
        events.subscribe(QUOTES, payload -> {
            Sequencer s = local.get(Long.parseLong(payload.trim()));
            if (s != null) {
                s.forwardedWaiting();
            }
        });
        events.subscribe(Sequencer.ANSWERS, payload -> {
            try {
                var n = AuctionLedger.JSON.readTree(payload);
                CompletableFuture<Answer> f = forwarded.remove(n.path("id").asLong());
                if (f != null) {
                    f.complete(Answer.of(n));
                }
            } catch (java.io.IOException ex) {
                LOG.warnf("unreadable auction answer: %s", ex.getMessage());
            }
        });
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("auction-sweep").unstarted(r));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        local.values().forEach(Sequencer::stop);
    }

    /** Whether this instance sequences the auction now (for tests and the benchmark's take-over timing). */
    public boolean sequencing(long auctionId) {
        Sequencer s = local.get(auctionId);
        return s != null && s.running();
    }

    /** Decides a checked quote wherever its auction is sequenced; returns only once the answer is final. */
    public Answer decide(Quote q) {
        long until = System.currentTimeMillis() + ANSWER_WAIT_MS;
        while (true) {
            Answer a = route(q, until);
            if (!(a instanceof Answer.Reroute) || System.currentTimeMillis() > until) {
                return a instanceof Answer.Reroute ? busy() : a;
            }
        }
    }

    private Answer route(Quote q, long until) {
        Sequencer s = sequencerFor(q.auctionId());
        if (s != null) {
            return await(s.offer(q), until, null);
        }
        long id;
        try {
            id = ledger.forward(q, origin);
        } catch (SQLException e) {
            LOG.warnf("cannot forward a quote of auction %d: %s", q.auctionId(), e.getMessage());
            return busy();
        }
        CompletableFuture<Answer> f = new CompletableFuture<>();
        forwarded.put(id, f);
        events.publish(QUOTES, String.valueOf(q.auctionId()));
        return await(f, until, id);
    }

    private Answer await(CompletableFuture<Answer> f, long until, Long pendingId) {
        try {
            return f.get(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (pendingId == null) {
                // A local quote is answered by its sequencer, which always ends by answering or rerouting.
                try {
                    return f.get(ANSWER_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (Exception again) {
                    return busy();
                }
            }
            try {
                if (ledger.withdraw(pendingId)) {
                    forwarded.remove(pendingId);
                    return busy(); // nobody took it: it was not decided and never will be
                }
                // A sequencer took it in a transaction: its answer comes when that commits (or the row comes back).
                return f.get(ANSWER_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception again) {
                return busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return busy();
        } catch (java.util.concurrent.ExecutionException e) {
            return busy();
        }
    }

    /** The local sequencer, started if this instance can take the lease; null when another instance holds it. */
    private Sequencer sequencerFor(long auctionId) {
        Sequencer s = local.get(auctionId);
        if (s != null && s.running()) {
            return s;
        }
        synchronized (this) {
            s = local.get(auctionId);
            if (s != null && s.running()) {
                return s;
            }
            if (!leases.tryAcquire(auctionId)) {
                return null;
            }
            LOG.infof("auction %d: this instance (%s) takes the sequencer lease", auctionId, origin);
            s = new Sequencer(auctionId, ledger, committer, clock);
            local.put(auctionId, s);
            return s;
        }
    }

    private void sweep() {
        try {
            Set<Long> held = leases.check();
            for (Sequencer s : local.values()) {
                if (!held.contains(s.auctionId) || !s.running()) {
                    s.stop();
                    local.remove(s.auctionId, s);
                    leases.release(s.auctionId);
                } else if (s.closed()) {
                    s.stop();
                    local.remove(s.auctionId, s);
                    leases.release(s.auctionId);
                }
            }
            for (long auctionId : ledger.auctionsWithWaitingQuotes(UNTAKEN)) {
                Sequencer s = sequencerFor(auctionId);
                if (s != null) {
                    s.forwardedWaiting();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("auction sweep: %s", e.getMessage());
        }
    }

    /** Lets go of an auction's sequencer after its close (its lease is free for nothing). */
    public void closed(long auctionId) {
        Sequencer s = local.remove(auctionId);
        if (s != null) {
            s.stop();
            leases.release(auctionId);
        }
    }

    static Answer.Refused busy() {
        return new Answer.Refused(503, "auction-busy", Text.of("竞价繁忙，报价未被处理，请重试",
                "The auction is busy; the quote was not processed, please retry"));
    }
}
