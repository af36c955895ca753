package cn.sunlight.auction.service;

import cn.sunlight.auction.AuctionBook;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.CanonicalJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequencer's durable side, in plain JDBC so that one transaction carries a whole batch: the quotes accepted
 * in the last milliseconds, their audit events (built by {@link AuditTrail}), the participants' standings and the
 * auction's sequence, end and extensions (group commit). The auction row update is the fence: it names the
 * sequence the batch starts from and that the auction is not closed, so a writer that lost its lease, or a batch
 * that lost the race against the close, changes nothing.
 */
@ApplicationScoped
public class AuctionLedger {

    static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource db;
    private final AuditTrail audit;

    public AuctionLedger(AgroalDataSource db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    /** A participant as the sequencer knows it; {@code id} is null until its first accepted quote commits. */
    static final class Part {
        Long id;
        final long organisationId;
        final String alias;

        Part(Long id, long organisationId, String alias) {
            this.id = id;
            this.organisationId = organisationId;
            this.alias = alias;
        }
    }

    /** An auction's committed state, rebuilt into a book. */
    /** {@code timed}: the tender's own clock (a sandbox tender runs accelerated, issue 18; null sandbox time = real). */
    record State(long auctionId, long tenderId, int lot, AuctionBook book, Map<Long, Part> parts, Instant closedAt, Instant lastAt,
                 cn.sunlight.common.PlatformClock.Timed timed) {
    }

    /** One accepted quote as it will be written. */
    record Accepted(Quote quote, Part part, AuctionBook.Outcome outcome, Instant at) {
    }

    Connection connection() throws SQLException {
        return db.getConnection();
    }

    /**
     * Loads the committed state under the auction's row lock: a batch of a previous sequencer still committing is
     * waited out, so the book starts from its last word.
     */
    State load(long auctionId) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                State s = load(c, auctionId);
                c.commit();
                return s;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private State load(Connection c, long auctionId) throws SQLException {
        AuctionBook book;
        long tenderId;
        int lot;
        Instant closedAt;
        Instant endsAt;
        int extensions;
        long lastSequence;
        try (PreparedStatement ps = c.prepareStatement("select tender_id, lot_number, start_price, min_decrement, starts_at, scheduled_end, "
                + "ends_at, extension_window_s, extension_s, max_extensions, extensions, last_sequence, rounds, closed_at "
                + "from auction where id = ? for update")) {
            ps.setLong(1, auctionId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("no auction " + auctionId);
                }
                tenderId = r.getLong(1);
                lot = r.getInt(2);
                book = new AuctionBook(r.getBigDecimal(3), r.getBigDecimal(4), instant(r, 5), instant(r, 6),
                        Duration.ofSeconds(r.getInt(8)), Duration.ofSeconds(r.getInt(9)), r.getInt(10), r.getInt(13));
                endsAt = instant(r, 7);
                extensions = r.getInt(11);
                lastSequence = r.getLong(12);
                closedAt = instant(r, 14);
            }
        }
        Map<Long, Part> parts = new LinkedHashMap<>();
        List<AuctionBook.Standing> standings = new ArrayList<>();
        Instant lastAt = Instant.MIN;
        try (PreparedStatement ps = c.prepareStatement("select id, organisation_id, alias, last_price, last_sequence, rounds, last_accepted_at "
                + "from auction_participant where auction_id = ? order by id")) {
            ps.setLong(1, auctionId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    Part p = new Part(r.getLong(1), r.getLong(2), r.getString(3));
                    parts.put(p.organisationId, p);
                    BigDecimal price = r.getBigDecimal(4);
                    if (price != null) {
                        Instant at = instant(r, 7);
                        standings.add(new AuctionBook.Standing(p.alias, price, r.getLong(5), r.getInt(6), at));
                        if (at != null && at.isAfter(lastAt)) {
                            lastAt = at;
                        }
                    }
                }
            }
        }
        book.restore(endsAt, extensions, lastSequence, standings);
        cn.sunlight.common.SandboxTime sandbox = null;
        try (PreparedStatement ps = c.prepareStatement("select sandbox_factor, sandbox_anchor, sandbox_anchor_real from tender where id = ?")) {
            ps.setLong(1, tenderId);
            try (ResultSet r = ps.executeQuery()) {
                if (r.next() && r.getObject(1) != null) {
                    sandbox = new cn.sunlight.common.SandboxTime(r.getLong(1), instant(r, 2), instant(r, 3));
                }
            }
        }
        cn.sunlight.common.SandboxTime clockOfTender = sandbox;
        return new State(auctionId, tenderId, lot, book, parts, closedAt, lastAt, () -> clockOfTender);
    }

    /** Takes the quotes other instances forwarded to this auction; they come back if the transaction rolls back. */
    List<Quote> claimForwarded(Connection c, long auctionId) throws SQLException {
        List<Quote> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("delete from auction_pending_quote where auction_id = ? returning id, organisation_id, "
                + "user_id, actor, price, round, statement, signature, certificate_pem, received_at")) {
            ps.setLong(1, auctionId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    var actor = JSON.readTree(r.getString(4));
                    out.add(new Quote(auctionId, r.getLong(2), r.getLong(3), new AuditTrail.Actor(text(actor, "u"), text(actor, "r"),
                            text(actor, "o"), text(actor, "a")), r.getBigDecimal(5), r.getInt(6), r.getString(7), r.getString(8),
                            r.getString(9), instant(r, 10), r.getLong(1)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("unreadable forwarded quote", e);
            }
        }
        return out;
    }

    /** Forwards a checked quote to whichever instance sequences its auction; returns the row's id. */
    long forward(Quote q, String origin) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into auction_pending_quote (auction_id, "
                + "organisation_id, user_id, actor, price, round, statement, signature, certificate_pem, received_at, origin) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")) {
            Map<String, Object> actor = new HashMap<>();
            actor.put("u", q.actor().username());
            actor.put("r", q.actor().role());
            actor.put("o", q.actor().organisationCode());
            actor.put("a", q.actor().address());
            ps.setLong(1, q.auctionId());
            ps.setLong(2, q.organisationId());
            ps.setLong(3, q.userId());
            ps.setString(4, CanonicalJson.write(actor));
            ps.setBigDecimal(5, q.price());
            ps.setInt(6, q.round());
            ps.setString(7, q.statement());
            ps.setString(8, q.signature());
            ps.setString(9, q.certificatePem());
            ps.setTimestamp(10, Timestamp.from(q.receivedAt()));
            ps.setString(11, origin);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Withdraws a forwarded quote nobody took yet (true), or learns that a sequencer holds or decided it (false). */
    boolean withdraw(long pendingId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("delete from auction_pending_quote where id = ?")) {
            ps.setLong(1, pendingId);
            return ps.executeUpdate() == 1;
        }
    }

    List<Long> auctionsWithWaitingQuotes(Duration olderThan) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct auction_id from auction_pending_quote where received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(olderThan)));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Writes a batch of accepted quotes in the caller's transaction. Returns false (and writes nothing the caller
     * should keep) when the fence fails: the auction moved on without this sequencer, or it was closed.
     */
    boolean write(Connection c, State s, long fromSequence, List<Accepted> batch) throws SQLException {
        return AuctionCommitter.write(c, audit, List.of(new AuctionCommitter.Batch(s, fromSequence, batch, null)))[0];
    }

    static Map<String, Object> state(State s, Accepted a) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("auction", s.auctionId());
        state.put("lot", s.lot());
        state.put("sequence", a.outcome().sequence());
        state.put("alias", a.part().alias);
        state.put("price", cn.sunlight.auction.AuctionStatement.canonical(a.quote().price()));
        state.put("round", a.outcome().round());
        state.put("acceptedAt", a.at());
        state.put("statementSha256", CanonicalJson.sha256Hex(a.quote().statement()));
        state.put("signature", a.quote().signature());
        state.put("extended", a.outcome().extended());
        state.put("endsAt", a.outcome().endsAt());
        return state;
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        return n.path(field).isNull() || n.path(field).isMissingNode() ? null : n.path(field).asText();
    }
}
