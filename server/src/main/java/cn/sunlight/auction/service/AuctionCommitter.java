package cn.sunlight.auction.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The instance's one group-commit writer for every auction it sequences. Each {@link Sequencer} decides its quotes
 * in memory and hands its batch here; whatever batches arrived while the previous transaction was committing —
 * of one auction or of a hundred — are written together in one transaction with a fixed number of round trips
 * (the auctions' fences, participants, audit events and bids each as one JDBC batch, one NOTIFY statement) and one
 * WAL flush, and only then is each sequencer told, so it answers its bidders after its quotes are durable. Each
 * auction keeps its own fence (its row names the sequence its batch starts from and that it is not closed): a
 * batch whose fence fails writes nothing and its sequencer rebuilds from the database, the others commit. If the
 * transaction fails, every batch in it fails and each sequencer rebuilds and decides again, as before.
 */
@ApplicationScoped
public class AuctionCommitter {

    private static final Logger LOG = Logger.getLogger(AuctionCommitter.class);
    private static final int MAX_BATCHES = 500;

    /** One auction's accepted quotes to write; {@code change} is the NOTIFY payload for the watchers (null: none). */
    record Batch(AuctionLedger.State state, long fromSequence, List<AuctionLedger.Accepted> accepted, String change) {
    }

    private record Job(Batch batch, CompletableFuture<Boolean> done) {
    }

    private final AgroalDataSource db;
    private final AuditTrail audit;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private volatile boolean running = true;

    public AuctionCommitter(AgroalDataSource db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Writes the batch with the others waiting and blocks until that transaction ends: true once committed, false
     * when this auction's fence failed (nothing of it written). Throws when the transaction failed (nothing written).
     * Not interruptible: the answer of a batch handed over is always waited for, so no bidder is told "busy" about a
     * quote that was committed.
     */
    boolean commit(Batch b) throws SQLException {
        if (!running) {
            throw new SQLException("the instance is stopping"); // nothing written: the bidder may retry elsewhere
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Job(b, done));
        start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException s) {
                        throw s;
                    }
                    throw new SQLException("auction batch not committed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start() {
        if (thread == null) {
            synchronized (this) {
                if (thread == null) {
                    thread = Thread.ofPlatform().daemon().name("auction-committer").start(this::run);
                }
            }
        }
    }

    private void run() {
        List<Job> jobs = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                jobs.add(queue.take());
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    break;
                }
                continue; // shutting down: still write what was handed over
            }
            queue.drainTo(jobs, MAX_BATCHES - 1);
            commitAll(jobs);
            jobs.clear();
        }
        // Nothing is left behind unanswered: a sequencer waiting here learns its batch was not written.
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(j -> j.done().completeExceptionally(new SQLException("the instance is stopping")));
    }

    private void commitAll(List<Job> jobs) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean[] written = write(c, audit, jobs.stream().map(Job::batch).toList());
                List<String> changes = new ArrayList<>();
                for (int i = 0; i < jobs.size(); i++) {
                    if (written[i] && jobs.get(i).batch().change() != null) {
                        changes.add(jobs.get(i).batch().change());
                    }
                }
                if (!changes.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, p) from unnest(?::text[]) p")) {
                        ps.setString(1, Sequencer.CHANGED);
                        ps.setArray(2, c.createArrayOf("text", changes.toArray()));
                        ps.execute();
                    }
                }
                c.commit();
                for (int i = 0; i < jobs.size(); i++) {
                    jobs.get(i).done().complete(written[i]);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the transaction with it
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("auction group commit of %d batches failed: %s", jobs.size(), e.getMessage());
            jobs.forEach(j -> j.done().completeExceptionally(e));
        }
    }

    /**
     * Writes batches of accepted quotes, of one or several auctions, in the caller's transaction, with one JDBC
     * batch per table. Returns per batch whether it was written; one whose fence failed (the auction moved on
     * without its sequencer, or closed) wrote nothing.
     */
    static boolean[] write(Connection c, AuditTrail audit, List<Batch> batches) throws SQLException {
        boolean[] written = new boolean[batches.size()];
        try (PreparedStatement ps = c.prepareStatement("update auction set last_sequence = ?, ends_at = ?, extensions = ?, version = version + 1 "
                + "where id = ? and last_sequence = ? and closed_at is null")) {
            for (Batch b : batches) {
                var book = b.state().book();
                ps.setLong(1, book.lastSequence());
                ps.setTimestamp(2, Timestamp.from(book.endsAt()));
                ps.setInt(3, book.extensions());
                ps.setLong(4, b.state().auctionId());
                ps.setLong(5, b.fromSequence());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                written[i] = counts[i] == 1;
            }
        }
        List<Batch> ok = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            if (written[i]) {
                ok.add(batches.get(i));
            }
        }
        if (ok.isEmpty()) {
            return written;
        }
        participants(c, ok);
        List<AuctionLedger.Accepted> all = new ArrayList<>();
        List<AuctionLedger.State> of = new ArrayList<>();
        for (Batch b : ok) {
            for (AuctionLedger.Accepted a : b.accepted()) {
                all.add(a);
                of.add(b.state());
            }
        }
        // The audit events, built by the audit trail as recordConfidential would: the log names no bidder before the close.
        long[] eventIds = new long[all.size()];
        try (PreparedStatement ps = c.prepareStatement("insert into audit_event (occurred_at, actor, actor_role, organisation, client_address, "
                + "action, object_type, object_id, state_hash, state, commitment_salt, entry, disclosure, disclose_tender) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
            for (int i = 0; i < all.size(); i++) {
                AuctionLedger.Accepted a = all.get(i);
                AuctionLedger.State s = of.get(i);
                AuditEvent e = audit.confidentialEventFor(a.quote().actor(), "auction.bid-accepted", "auction", s.auctionId(),
                        AuctionLedger.state(s, a), a.at(), s.tenderId(), s.timed().sandboxTime() != null);
                ps.setTimestamp(1, Timestamp.from(e.occurredAt));
                ps.setString(2, e.actor);
                ps.setString(3, e.actorRole);
                ps.setString(4, e.organisation);
                ps.setString(5, e.clientAddress);
                ps.setString(6, e.action);
                ps.setString(7, e.objectType);
                ps.setString(8, e.objectId);
                ps.setString(9, e.stateHash);
                ps.setString(10, e.state);
                ps.setString(11, e.commitmentSalt);
                ps.setString(12, e.entry);
                // Withheld from the public until the online bidding closes (issue 12 item 1): the quote names its bidder.
                ps.setString(13, e.disclosure);
                if (e.discloseTender == null) {
                    ps.setNull(14, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(14, e.discloseTender);
                }
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet r = ps.getGeneratedKeys()) {
                int i = 0;
                while (r.next() && i < eventIds.length) {
                    eventIds[i++] = r.getLong(1);
                }
                if (i != eventIds.length) {
                    throw new SQLException("audit events written " + i + " of " + eventIds.length);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into auction_bid (auction_id, sequence, participant_id, user_id, price, round, "
                + "accepted_at, statement, signature, certificate_pem, ends_at_after, audit_event_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < all.size(); i++) {
                AuctionLedger.Accepted a = all.get(i);
                ps.setLong(1, of.get(i).auctionId());
                ps.setLong(2, a.outcome().sequence());
                ps.setLong(3, a.part().id);
                ps.setLong(4, a.quote().userId());
                ps.setBigDecimal(5, a.quote().price());
                ps.setInt(6, a.outcome().round());
                ps.setTimestamp(7, Timestamp.from(a.at()));
                ps.setString(8, a.quote().statement());
                ps.setString(9, a.quote().signature());
                ps.setString(10, a.quote().certificatePem());
                ps.setTimestamp(11, Timestamp.from(a.outcome().endsAt()));
                ps.setLong(12, eventIds[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return written;
    }

    /** Each participant's final standing in its batch: new ones inserted (their ids learnt), known ones updated. */
    private static void participants(Connection c, List<Batch> batches) throws SQLException {
        List<AuctionLedger.Part> inserted = new ArrayList<>();
        try (PreparedStatement ins = c.prepareStatement("insert into auction_participant (auction_id, organisation_id, alias, last_price, "
                + "last_sequence, rounds, last_accepted_at) values (?, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
             PreparedStatement upd = c.prepareStatement("update auction_participant set last_price = ?, last_sequence = ?, rounds = ?, "
                     + "last_accepted_at = ? where id = ?")) {
            boolean updates = false;
            for (Batch b : batches) {
                Map<AuctionLedger.Part, AuctionLedger.Accepted> last = new LinkedHashMap<>();
                b.accepted().forEach(a -> last.put(a.part(), a));
                for (var e : last.entrySet()) {
                    AuctionLedger.Part p = e.getKey();
                    AuctionLedger.Accepted a = e.getValue();
                    PreparedStatement ps = p.id == null ? ins : upd;
                    int k = 1;
                    if (p.id == null) {
                        ins.setLong(k++, b.state().auctionId());
                        ins.setLong(k++, p.organisationId);
                        ins.setString(k++, p.alias);
                        inserted.add(p);
                    }
                    ps.setBigDecimal(k++, a.quote().price());
                    ps.setLong(k++, a.outcome().sequence());
                    ps.setInt(k++, a.outcome().round());
                    ps.setTimestamp(k++, Timestamp.from(a.at()));
                    if (p.id != null) {
                        ps.setLong(k, p.id);
                        updates = true;
                    }
                    ps.addBatch();
                }
            }
            if (!inserted.isEmpty()) {
                ins.executeBatch();
                try (ResultSet r = ins.getGeneratedKeys()) {
                    int i = 0;
                    while (r.next() && i < inserted.size()) {
                        inserted.get(i++).id = r.getLong(1);
                    }
                    if (i != inserted.size()) {
                        throw new SQLException("participants written " + i + " of " + inserted.size());
                    }
                }
            }
            if (updates) {
                upd.executeBatch();
            }
        }
    }
}
