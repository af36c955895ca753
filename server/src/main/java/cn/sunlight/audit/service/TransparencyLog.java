package cn.sunlight.audit.service;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.CompactRange;
import cn.sunlight.audit.log.InMemorySubtreeHashCache;
import cn.sunlight.audit.log.LeafHashSource;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.MerkleTree;
import cn.sunlight.audit.log.NoteSignature;
import cn.sunlight.audit.log.NoteSigner;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.log.VerifierKey;
import cn.sunlight.audit.log.Witness;
import cn.sunlight.audit.log.WitnessException;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform-wide RFC 9162 transparency log over the audit events.
 *
 * <p>Sequencing: events are written by business transactions; this sequencer assigns them leaf indexes
 * in a separate transaction, taking only events whose writing transaction has finished (its id is below
 * the {@link #HORIZON}), in id order, so an event that commits late is never skipped and indexes never
 * change. A PostgreSQL advisory lock makes one instance sequence at a time.
 *
 * <p>Checkpoints (C2SP tlog-checkpoint, Ed25519) are issued every few seconds while the log grows and on
 * demand (each tender's deadline); the supervision authority's witness cosigns each one only after
 * verifying consistency with the last checkpoint it cosigned.
 */
@ApplicationScoped
public class TransparencyLog {

    private static final Logger LOG = Logger.getLogger(TransparencyLog.class);
    private static final long SEQUENCER_LOCK = 0x53554e4c4f47L; // "SUNLOG"
    private static final int BATCH = 5000;
    private static final String CHECKPOINTS = "select tree_size, root_hash, signed_note, issued_at, reason from log_checkpoint";

    /**
     * The sequencing horizon: every transaction below it that could have written an audit event has finished. It is
     * the snapshot's oldest in-progress transaction, except that transactions positively known to run in another
     * database of the same server are ignored (they cannot write our tables) — so a long job elsewhere on a shared
     * PostgreSQL no longer holds the log back. A transaction whose database cannot be seen (another role's session,
     * a prepared transaction) still counts: when unsure, wait. pg_stat_activity shows 32-bit xids, hence the modulo.
     */
    public static final String HORIZON = """
            with s as (select pg_current_snapshot() as snap)
            select coalesce(
                (select min(x) from s, pg_snapshot_xip(s.snap) x
                  where not exists (select 1 from pg_stat_activity a
                                     where a.datname is distinct from current_database()
                                       and a.backend_xid is not null
                                       and a.backend_xid::text = (x::text::numeric % 4294967296)::text)),
                (select pg_snapshot_xmax(snap) from s))::text""";

    /**
     * A sequenced leaf. {@code disclosed}: whether its clear entry may be shown to the public now (see
     * {@link cn.sunlight.audit.Disclosure}); the entry itself is always here, callers serving the public must drop it.
     */
    public record Leaf(long index, long eventId, String entry, byte[] leafHash, boolean disclosed) {
        /** The public's view: a withheld leaf keeps only its index, event id and leaf hash. */
        public Leaf forPublic() {
            return disclosed ? this : new Leaf(index, eventId, null, leafHash, false);
        }
    }

    /**
     * Whether an audit event's clear entry is public now: PUBLIC ones always; OPENING ones once their tender has had
     * its opening (the opening started, even if the tender failed later) or its online bidding closed; SUPERVISORS
     * ones never. Evaluated at read time, so nothing in the append-only tables ever changes.
     */
    static final String DISCLOSED = """
            (e.disclosure = 'PUBLIC' or (e.disclosure = 'OPENING' and exists (
                select 1 from tender t where t.id = e.disclose_tender
                  and (t.status in ('OPENING', 'EVALUATION', 'PUBLICITY', 'AWARDED', 'CONTRACTED')
                       or exists (select 1 from audit_event o where o.object_type = 'tender'
                                   and o.object_id = t.id::text and o.action = 'opening.started')
                       or exists (select 1 from auction a where a.tender_id = t.id and a.closed_at is not null)))))""";

    public record StoredCheckpoint(long size, byte[] root, String note, Instant issuedAt, String reason) {
    }

    private final AgroalDataSource db;
    private final TransactionSynchronizationRegistry transactions;
    private final PlatformClock clock;
    private final String origin;
    private final NoteSigner logSigner;
    private final NoteSigner witnessSigner;
    private final String witnessName;
    private final Duration checkpointInterval;
    private final InMemorySubtreeHashCache cache = new InMemorySubtreeHashCache();
    private final MerkleTree tree;

    private CompactRange frontier;
    private Witness witness;
    private String watermark = "0";

    public TransparencyLog(AgroalDataSource db, PlatformClock clock, TransactionSynchronizationRegistry transactions,
                           @ConfigProperty(name = "sunlight.log.origin") String origin,
                           @ConfigProperty(name = "sunlight.keys.dir") Path keysDir,
                           @ConfigProperty(name = "sunlight.witness.keys-dir") Path witnessDir,
                           @ConfigProperty(name = "sunlight.witness.name") String witnessName,
                           @ConfigProperty(name = "sunlight.log.checkpoint-interval") Duration checkpointInterval) {
        this.db = db;
        this.clock = clock;
        this.transactions = transactions;
        this.origin = origin;
        this.logSigner = NoteSigner.ed25519(origin, LogKeys.loadOrCreate(keysDir.resolve("log-ed25519.pem")));
        this.witnessName = witnessName;
        this.witnessSigner = NoteSigner.cosignatureV1(witnessName, LogKeys.loadOrCreate(witnessDir.resolve("witness-ed25519.pem")),
                clock.asClock());
        this.checkpointInterval = checkpointInterval;
        this.tree = new MerkleTree(new DbLeaves(), cache);
    }

    public String origin() {
        return origin;
    }

    public VerifierKey logKey() {
        return logSigner.verifierKey();
    }

    public VerifierKey witnessKey() {
        return witnessSigner.verifierKey();
    }

    // ------------------------------------------------------------------ sequencing

    @Scheduled(every = "${sunlight.log.sequence-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "transparency-log-sequencer")
    void tick() {
        try {
            sequence();
            maybeCheckpoint();
        } catch (RuntimeException e) {
            LOG.warn("log sequencing failed; will retry", e);
        }
    }

    /** Appends every finished, unsequenced audit event; returns how many. */
    @Transactional
    public synchronized int sequence() {
        try (Connection c = db.getConnection()) {
            if (!advisoryLock(c)) {
                return 0;
            }
            long size = size(c);
            if (frontier == null || frontier.size() != size) {
                frontier = CompactRange.fromTree(tree, size);
            }
            String xmin;
            try (var s = c.createStatement(); var rs = s.executeQuery(HORIZON)) {
                rs.next();
                xmin = rs.getString(1);
            }
            int appended = 0;
            List<long[]> ids = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select e.id, e.entry from audit_event e
                    where e.xact >= ?::xid8 and e.xact < ?::xid8
                      and not exists (select 1 from log_leaf l where l.event_id = e.id)
                    order by e.id""")) {
                ps.setString(1, watermark);
                ps.setString(2, xmin);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new long[]{rs.getLong(1)});
                        entries.add(rs.getString(2));
                    }
                }
            }
            Timestamp now = Timestamp.from(clock.now());
            try (PreparedStatement ins = c.prepareStatement(
                    "insert into log_leaf (leaf_index, event_id, leaf_hash, sequenced_at) values (?, ?, ?, ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    byte[] leafHash = MerkleHashes.leafHash(entries.get(i).getBytes(StandardCharsets.UTF_8));
                    ins.setLong(1, size + i);
                    ins.setLong(2, ids.get(i)[0]);
                    ins.setBytes(3, leafHash);
                    ins.setTimestamp(4, now);
                    ins.addBatch();
                    frontier.append(leafHash, cache);
                    appended++;
                    if (appended % BATCH == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            } catch (SQLException | RuntimeException e) {
                frontier = null; // rebuilt from the database next time
                throw e;
            }
            // Advanced only once the leaves are committed: a failed commit must not skip its events.
            String next = xmin;
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        advanceWatermark(next);
                    }
                }
            });
            return appended;
        } catch (SQLException e) {
            frontier = null;
            throw new IllegalStateException("sequencing failed", e);
        }
    }

    private synchronized void advanceWatermark(String next) {
        if (new java.math.BigInteger(next).compareTo(new java.math.BigInteger(watermark)) > 0) {
            watermark = next;
        }
    }

    // ------------------------------------------------------------------ checkpoints

    private void maybeCheckpoint() {
        Optional<StoredCheckpoint> last = latestCheckpoint();
        long size = size();
        if (size == 0 || last.isPresent() && last.get().size() == size) {
            return;
        }
        Instant now = clock.now();
        // A last checkpoint dated after "now" means the clock stepped back (an NTP correction, the test clock):
        // waiting for the interval to pass again would stall the log for as long as the step, so sign at once.
        if (last.isEmpty() || last.get().issuedAt().isAfter(now) || !last.get().issuedAt().plus(checkpointInterval).isAfter(now)) {
            checkpoint("periodic");
        }
    }

    /**
     * Sequences what is pending, then signs a checkpoint of the whole log and has the witness cosign it.
     * Called periodically and at each tender's deadline (reason names the tender).
     */
    @Transactional
    public synchronized StoredCheckpoint checkpoint(String reason) {
        // Wait for any other checkpoint (another thread or instance) to commit first, so that two never
        // sign the same size; the sequencer's try-lock below is re-entrant within this transaction.
        try (Connection c = db.getConnection(); var ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, SEQUENCER_LOCK);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the log", e);
        }
        sequence();
        long size = size();
        Optional<StoredCheckpoint> last = latestCheckpoint();
        if (last.isPresent() && last.get().size() == size) {
            return last.get();
        }
        byte[] root = tree.root(size);
        Checkpoint cp = new Checkpoint(origin, size, root);
        SignedNote note = logSigner.sign(cp.body());
        Instant now = clock.now();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into log_checkpoint (tree_size, root_hash, signed_note, issued_at, reason) values (?, ?, ?, ?, ?)")) {
            ps.setLong(1, size);
            ps.setBytes(2, root);
            ps.setString(3, note.format());
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, reason);
            ps.executeUpdate();
            SignedNote cosigned = witness(c).cosign(note, witness.lastCosigned()
                    .filter(prev -> prev.size() > 0 && prev.size() < size)
                    .map(prev -> tree.consistencyProof(prev.size(), size)).orElse(List.of()));
            NoteSignature cosignature = cosigned.signatures().stream()
                    .filter(s -> s.keyId() == witnessSigner.keyId()).findFirst().orElseThrow();
            try (PreparedStatement w = c.prepareStatement(
                    "insert into log_cosignature (tree_size, witness, signature, cosigned_at) values (?, ?, ?, ?)")) {
                w.setLong(1, size);
                w.setString(2, witnessName);
                w.setString(3, cosignature.line());
                w.setTimestamp(4, Timestamp.from(now));
                w.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("checkpoint failed", e);
        } catch (WitnessException e) {
            // The witness refusing is a security event, not a glitch: surface it loudly.
            LOG.error("the witness refused checkpoint " + size + ": " + e.getMessage());
            throw new IllegalStateException("witness refused the checkpoint: " + e.getMessage(), e);
        }
        return new StoredCheckpoint(size, root, note.format(), now, reason);
    }

    private Witness witness(Connection c) throws SQLException {
        // Restored from the database each time, so a restart or another instance cannot make it forget.
        Checkpoint last = null;
        try (var s = c.createStatement(); var rs = s.executeQuery("""
                select k.signed_note from log_cosignature w join log_checkpoint k on k.tree_size = w.tree_size
                order by w.tree_size desc limit 1""")) {
            if (rs.next()) {
                last = Checkpoint.parse(SignedNote.parse(rs.getString(1)).text());
            }
        }
        witness = new Witness(origin, logSigner.verifierKey(), witnessSigner, last);
        return witness;
    }

    /** The latest checkpoint with its witness cosignatures appended: what relying parties fetch. */
    public Optional<String> latestCosignedNote() {
        return latestCheckpoint().map(cp -> withCosignatures(cp));
    }

    public Optional<String> cosignedNote(long size) {
        return checkpointAt(size).map(this::withCosignatures);
    }

    private String withCosignatures(StoredCheckpoint cp) {
        SignedNote note = SignedNote.parse(cp.note());
        for (String line : query("select signature from log_cosignature where tree_size = ? order by witness",
                rs -> rs.getString(1), cp.size())) {
            note = note.withSignature(NoteSignature.parseLine(line));
        }
        return note.format();
    }

    public Optional<StoredCheckpoint> latestCheckpoint() {
        return query(CHECKPOINTS + " order by tree_size desc limit 1",
                TransparencyLog::checkpointRow).stream().findFirst();
    }

    public Optional<StoredCheckpoint> checkpointAt(long size) {
        return query(CHECKPOINTS + " where tree_size = ?",
                TransparencyLog::checkpointRow, size).stream().findFirst();
    }

    /** The first checkpoint that covers the leaf: what a receipt's inclusion proof is anchored to. */
    public Optional<StoredCheckpoint> firstCheckpointCovering(long index) {
        return query(CHECKPOINTS + " where tree_size > ? order by tree_size limit 1",
                TransparencyLog::checkpointRow, index).stream().findFirst();
    }

    public List<StoredCheckpoint> checkpoints() {
        return query(CHECKPOINTS + " order by tree_size",
                TransparencyLog::checkpointRow);
    }

    /** One keyset page of the checkpoints, oldest first by tree size (the primary key): a decade issues thousands. */
    public cn.sunlight.common.page.Page<StoredCheckpoint> checkpoints(cn.sunlight.common.page.PageRequest page) {
        cn.sunlight.common.page.Cursor c = page.cursor();
        List<StoredCheckpoint> rows;
        if (c == null) {
            rows = query(CHECKPOINTS + " order by tree_size limit ?", TransparencyLog::checkpointRow, page.fetch());
        } else {
            long size = c.longKey(cn.sunlight.common.page.PageRequest.CURSOR, 0);
            rows = page.backwards()
                    ? query(CHECKPOINTS + " where tree_size < ? order by tree_size desc limit ?", TransparencyLog::checkpointRow, size, page.fetch())
                    : query(CHECKPOINTS + " where tree_size > ? order by tree_size limit ?", TransparencyLog::checkpointRow, size, page.fetch());
        }
        return cn.sunlight.common.page.Page.of(page, rows, x -> new Object[]{x.size()});
    }

    /** The newest {@code n} checkpoints, newest first. */
    public List<StoredCheckpoint> latestCheckpoints(int n) {
        return query(CHECKPOINTS + " order by tree_size desc limit ?", TransparencyLog::checkpointRow, n);
    }

    /** How many checkpoints were issued, counting no further than {@code cap}. */
    public long checkpointCount(long cap) {
        return query("select count(*) from (select 1 from log_checkpoint limit ?) x", rs -> rs.getLong(1), cap).getFirst();
    }

    private static StoredCheckpoint checkpointRow(ResultSet rs) throws SQLException {
        return new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5));
    }

    // ------------------------------------------------------------------ reads and proofs

    public long size() {
        try (Connection c = db.getConnection()) {
            return size(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Leaf> leaves(long from, long toExclusive) {
        return query("""
                select l.leaf_index, l.event_id, e.entry, l.leaf_hash, """ + DISCLOSED + """
                from log_leaf l join audit_event e on e.id = l.event_id
                where l.leaf_index >= ? and l.leaf_index < ? order by l.leaf_index""",
                rs -> new Leaf(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4), rs.getBoolean(5)), from, toExclusive);
    }

    public Optional<Long> leafIndexOfEvent(long eventId) {
        return query("select leaf_index from log_leaf where event_id = ?", rs -> rs.getLong(1), eventId).stream().findFirst();
    }

    public List<byte[]> inclusionProof(long index, long size) {
        requireSize(size);
        if (index < 0 || index >= size) {
            throw bad("index must be in [0, size)");
        }
        return tree.inclusionProof(index, size);
    }

    public List<byte[]> consistencyProof(long size1, long size2) {
        requireSize(size2);
        if (size1 <= 0 || size1 > size2) {
            throw bad("need 0 < size1 <= size2");
        }
        return tree.consistencyProof(size1, size2);
    }

    public byte[] root(long size) {
        requireSize(size);
        return tree.root(size);
    }

    private void requireSize(long size) {
        long current = size();
        if (size < 0 || size > current) {
            throw bad("size must be between 0 and the log size " + current);
        }
    }

    private static ProblemException bad(String en) {
        return new ProblemException(400, "bad-log-range", Text.of("日志范围参数错误：" + en, "Bad log range: " + en));
    }

    private static long size(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("select coalesce(max(leaf_index) + 1, 0) from log_leaf")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean advisoryLock(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, SEQUENCER_LOCK);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leaf hashes straight from log_leaf; complete subtrees are cached because they never change. */
    private final class DbLeaves implements LeafHashSource {
        @Override
        public byte[] leafHash(long index) {
            return leafHashes(index, index + 1).getFirst();
        }

        @Override
        public List<byte[]> leafHashes(long from, long toExclusive) {
            List<byte[]> hashes = query("select leaf_hash from log_leaf where leaf_index >= ? and leaf_index < ? order by leaf_index",
                    rs -> rs.getBytes(1), from, toExclusive);
            if (hashes.size() != toExclusive - from) {
                throw new IllegalStateException("log_leaf has a gap in [" + from + ", " + toExclusive + ")");
            }
            return hashes;
        }
    }
}
