package cn.sunlight.auction.service;

import cn.sunlight.auction.AuctionBook;
import cn.sunlight.auction.AuctionParticipant;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.Text;
import cn.sunlight.common.cluster.ClusterEvents;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single writer of one auction on the instance that holds its lease. Quotes arrive already checked; this
 * thread decides them one by one, in arrival order, at server time, against the book it keeps in memory (rank,
 * decrement, own last price, round, end time, extensions), then makes the accepted ones durable together with
 * their audit events in one transaction (group commit: whatever arrived while the previous commit was in flight
 * forms the next batch), and answers only after that commit. If a commit fails, the book is rebuilt from the
 * database and nothing of the batch was accepted.
 */
final class Sequencer {

    private static final Logger LOG = Logger.getLogger(Sequencer.class);
    private static final int MAX_BATCH = 2000;
    static final String CHANGED = "sunlight_auction";
    static final String ANSWERS = "sunlight_auction_answer";

    record Waiting(Quote quote, CompletableFuture<Answer> answer) {
    }

    final long auctionId;
    private final AuctionLedger ledger;
    private final AuctionCommitter committer;
    private final PlatformClock clock;
    private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean forwarded = new AtomicBoolean(true);
    private volatile boolean running = true;
    private volatile boolean closed;
    private final Thread thread;
    private AuctionLedger.State state;

    Sequencer(long auctionId, AuctionLedger ledger, AuctionCommitter committer, PlatformClock clock) {
        this.auctionId = auctionId;
        this.ledger = ledger;
        this.committer = committer;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("auction-sequencer-" + auctionId).start(this::run);
    }

    /** Takes a checked quote; the future completes after the batch that decides it committed. */
    CompletableFuture<Answer> offer(Quote q) {
        CompletableFuture<Answer> f = new CompletableFuture<>();
        if (!running) {
            f.complete(new Answer.Reroute());
            return f;
        }
        queue.add(new Waiting(q, f));
        if (!running) {
            drainRerouting();
        }
        return f;
    }

    /** Another instance forwarded quotes: take them in the next batch. */
    void forwardedWaiting() {
        forwarded.set(true);
        queue.add(new Waiting(null, null)); // wakes the writer
    }

    boolean running() {
        return running;
    }

    /** Whether the auction is closed (the sequencer may then be let go). */
    boolean closed() {
        return closed;
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        try {
            while (running && state == null) {
                try {
                    state = ledger.load(auctionId);
                    closed = state.closedAt() != null;
                } catch (SQLException e) {
                    LOG.warnf("auction %d: cannot load the book (%s); retrying", auctionId, e.getMessage());
                    Thread.sleep(200);
                }
            }
            List<Waiting> batch = new ArrayList<>();
            while (running) {
                Waiting first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH);
                }
                batch.removeIf(w -> w.quote() == null);
                boolean takeForwarded = forwarded.getAndSet(false);
                if (!batch.isEmpty() || takeForwarded) {
                    process(batch, takeForwarded);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "auction %d sequencer failed", auctionId);
        } finally {
            running = false;
            drainRerouting();
        }
    }

    private void drainRerouting() {
        List<Waiting> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(w -> w.answer() != null).forEach(w -> w.answer().complete(new Answer.Reroute()));
    }

    private void process(List<Waiting> local, boolean takeForwarded) {
        if (!takeForwarded) {
            processLocal(local);
            return;
        }
        // Quotes forwarded by another instance are claimed in the transaction that decides them: this auction's own.
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Connection c = ledger.connection()) {
                c.setAutoCommit(false);
                try {
                    List<Waiting> all = new ArrayList<>(local);
                    if (takeForwarded) {
                        ledger.claimForwarded(c, auctionId).forEach(q -> all.add(new Waiting(q, null)));
                        all.sort(Comparator.comparing(w -> w.quote().receivedAt()));
                    }
                    long from = state.book().lastSequence();
                    List<AuctionLedger.Accepted> accepted = new ArrayList<>();
                    Map<Waiting, Answer> answers = new LinkedHashMap<>();
                    for (Waiting w : all) {
                        answers.put(w, decide(w.quote(), accepted));
                    }
                    if (!accepted.isEmpty() && !ledger.write(c, state, from, accepted)) {
                        // The fence failed: another writer moved the auction on, or it was closed. Start again from the database.
                        c.rollback();
                        state = ledger.load(auctionId);
                        closed = state.closedAt() != null;
                        continue;
                    }
                    if (!accepted.isEmpty()) {
                        ClusterEvents.publishIn(c, CHANGED, change());
                    }
                    for (var e : answers.entrySet()) {
                        if (e.getKey().quote().pendingId() != null) {
                            ClusterEvents.publishIn(c, ANSWERS, CanonicalJson.write(Answer.json(e.getKey().quote().pendingId(), e.getValue())));
                        }
                    }
                    c.commit();
                    answers.forEach((w, a) -> {
                        if (w.answer() != null) {
                            w.answer().complete(a);
                        }
                    });
                    return;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is gone; the transaction with it
                    }
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("auction %d: batch not committed (%s); rebuilding the book", auctionId, e.getMessage());
                try {
                    state = ledger.load(auctionId);
                    closed = state.closedAt() != null;
                } catch (SQLException again) {
                    LOG.warnf("auction %d: cannot reload (%s)", auctionId, again.getMessage());
                    break;
                }
            }
        }
        // Not decided: nothing of these quotes was written. Forwarded ones are still in the table for the next batch.
        local.forEach(w -> w.answer().complete(new Answer.Refused(503, "auction-busy", Text.of("竞价繁忙，报价未被处理，请重试",
                "The auction is busy; the quote was not processed, please retry"))));
    }

    /**
     * Quotes taken on this instance: decided here, made durable by the instance's group-commit writer together
     * with the batches of the other auctions, answered once that transaction committed. A batch of refusals only
     * needs no transaction.
     */
    private void processLocal(List<Waiting> local) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long from = state.book().lastSequence();
            List<AuctionLedger.Accepted> accepted = new ArrayList<>();
            Map<Waiting, Answer> answers = new LinkedHashMap<>();
            for (Waiting w : local) {
                answers.put(w, decide(w.quote(), accepted));
            }
            try {
                if (!accepted.isEmpty() && !committer.commit(new AuctionCommitter.Batch(state, from, accepted, change()))) {
                    // The fence failed: another writer moved the auction on, or it was closed. Start again from the database.
                    state = ledger.load(auctionId);
                    closed = state.closedAt() != null;
                    continue;
                }
                answers.forEach((w, a) -> w.answer().complete(a));
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("auction %d: batch not committed (%s); rebuilding the book", auctionId, e.getMessage());
                try {
                    state = ledger.load(auctionId);
                    closed = state.closedAt() != null;
                } catch (SQLException again) {
                    LOG.warnf("auction %d: cannot reload (%s)", auctionId, again.getMessage());
                    break;
                }
            }
        }
        local.forEach(w -> w.answer().complete(AuctionSequencers.busy()));
    }

    /** What the watchers of every instance hear after a commit (AuctionHall): the auction and its last sequence. */
    private String change() {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("auction", auctionId);
        change.put("tender", state.tenderId());
        change.put("lot", state.lot());
        change.put("sequence", state.book().lastSequence());
        return CanonicalJson.write(change);
    }

    /** Decides one quote against the book; an accepted one is added to {@code accepted} and changes the book. */
    private Answer decide(Quote q, List<AuctionLedger.Accepted> accepted) {
        if (state.closedAt() != null) {
            return new Answer.Refused(409, "auction-ended", Text.of("竞价已结束，报价无效", "The auction has closed; the quote is refused"));
        }
        AuctionBook book = state.book();
        AuctionLedger.Part part = state.parts().get(q.organisationId());
        int ownQuotes = part == null ? 0 : book.standing(part.alias).map(AuctionBook.Standing::rounds).orElse(0);
        int expectedRound = ownQuotes + 1;
        if (q.round() != expectedRound) {
            return new Answer.Refused(409, "auction-round", Text.of("报价轮次应为 " + expectedRound + "（本人已有 " + ownQuotes + " 次有效报价）",
                    "The round must be " + expectedRound + " (you have " + ownQuotes + " valid quotes)"));
        }
        String alias = part != null ? part.alias : AuctionParticipant.alias(state.parts().size());
        // Server time, in the order of decision, never earlier than the previous acceptance (microseconds, as stored).
        Instant at = clock.now(state.timed()).truncatedTo(ChronoUnit.MICROS);
        if (at.isBefore(state.lastAt())) {
            at = state.lastAt();
        }
        AuctionBook.Outcome o;
        try {
            o = book.submit(alias, q.price(), at);
        } catch (AuctionBook.Refusal r) {
            return new Answer.Refused("auction-invalid-price".equals(r.type) ? 422 : 409, r.type, r.reason);
        }
        if (part == null) {
            part = new AuctionLedger.Part(null, q.organisationId(), alias);
            state.parts().put(q.organisationId(), part);
        }
        state = new AuctionLedger.State(state.auctionId(), state.tenderId(), state.lot(), book, state.parts(), state.closedAt(), at,
                state.timed());
        accepted.add(new AuctionLedger.Accepted(q, part, o, at));
        return new Answer.Accepted(o.sequence(), alias, AuctionStatement.canonical(q.price()), o.round(), at, o.endsAt());
    }
}
