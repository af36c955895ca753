package cn.sunlight.account.service;

import cn.sunlight.common.cluster.ClusterEvents;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Server-side sessions: every token the platform signs carries a session id ({@code jti}) recorded here, and a token
 * is honoured only while its row is live. Logout revokes one session, a password change all of the account's; the
 * table lives in PostgreSQL, so a revocation holds on every instance at the next request. Plain JDBC in autocommit:
 * the check runs on every authenticated request, outside any request transaction.
 *
 * <p>A session found live is remembered ({@link #known}) until its token expires, at most {@link #REMEMBER}, so a
 * bidder quoting many times a second does not cost a database round trip per request. A revocation reaches every
 * instance's memory through {@link ClusterEvents} ({@code LISTEN/NOTIFY}, sent when the revocation commits), and the
 * revoking instance forgets at once; if the listening connection was lost, everything remembered is dropped. A request
 * racing the revocation itself may still pass, as it could before the cache (it read the row first).
 */
@ApplicationScoped
public class Sessions {

    /** The channel on which revocations reach every instance ("jti:&lt;id&gt;" or "uid:&lt;user id&gt;"). */
    static final String CHANNEL = "user_session";
    /** The longest a live session is remembered without asking the database again (defence in depth). */
    static final Duration REMEMBER = Duration.ofSeconds(60);

    private record Known(long userId, Instant expiresAt) {
    }

    private final AgroalDataSource db;
    private final ClusterEvents events;
    private final Cache<String, Known> known = Caffeine.newBuilder().maximumSize(100_000).expireAfter(new Expiry<String, Known>() {
        @Override
        public long expireAfterCreate(String jti, Known k, long now) {
            long untilExpiry = Duration.between(Instant.now(), k.expiresAt()).toNanos();
            return Math.max(0, Math.min(untilExpiry, REMEMBER.toNanos()));
        }

        @Override
        public long expireAfterUpdate(String jti, Known k, long now, long current) {
            return expireAfterCreate(jti, k, now);
        }

        @Override
        public long expireAfterRead(String jti, Known k, long now, long current) {
            return current;
        }
    }).build();

    private final boolean remember;

    public Sessions(AgroalDataSource db, ClusterEvents events,
                    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sunlight.auth.remember", defaultValue = "true") boolean remember) {
        this.db = db;
        this.events = events;
        this.remember = remember;
    }

    void listen(@Observes StartupEvent e) {
        events.subscribe(CHANNEL, new ClusterEvents.Listener() {
            @Override
            public void onEvent(String payload) {
                forget(payload);
            }

            @Override
            public void resync() {
                known.invalidateAll();
            }
        });
    }

    private void forget(String payload) {
        if (payload.startsWith("jti:")) {
            known.invalidate(payload.substring(4));
        } else if (payload.startsWith("uid:")) {
            long userId = Long.parseLong(payload.substring(4));
            known.asMap().values().removeIf(k -> k.userId() == userId);
        }
    }

    public void open(String jti, long userId, Instant issuedAt, Instant expiresAt) {
        update("insert into user_session (jti, user_id, issued_at, expires_at) values (?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, jti);
                    ps.setLong(2, userId);
                    ps.setTimestamp(3, Timestamp.from(issuedAt));
                    ps.setTimestamp(4, Timestamp.from(expiresAt));
                });
        // Expired sessions can no longer be used; keep the table small (a day's grace for clock skew).
        update("delete from user_session where expires_at < ?", ps -> ps.setTimestamp(1, Timestamp.from(issuedAt.minusSeconds(86400))));
    }

    /** Ends one session (logout). */
    public void revoke(String jti) {
        update("update user_session set revoked_at = now() where jti = ? and revoked_at is null", ps -> ps.setString(1, jti));
        events.publish(CHANNEL, "jti:" + jti);
        forget("jti:" + jti);
    }

    /** Ends every session of the account (password change). */
    public void revokeAll(long userId) {
        update("update user_session set revoked_at = now() where user_id = ? and revoked_at is null", ps -> ps.setLong(1, userId));
        events.publish(CHANNEL, "uid:" + userId);
        forget("uid:" + userId);
    }

    /** True when the session is remembered as live (no database needed); false when it must be asked ({@link #live}). */
    public boolean knownLive(String jti) {
        Known k = jti == null ? null : known.getIfPresent(jti);
        return k != null && k.expiresAt().isAfter(Instant.now());
    }

    /** Whether the session may still be used: issued by this platform and neither revoked nor expired. */
    public boolean live(String jti) {
        if (jti == null || jti.length() > 64) {
            return false;
        }
        if (knownLive(jti)) {
            return true;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select user_id, expires_at from user_session where jti = ? and revoked_at is null and expires_at > now()")) {
            ps.setString(1, jti);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (remember) {
                    known.put(jti, new Known(rs.getLong(1), rs.getTimestamp(2).toInstant()));
                }
                return true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session check failed", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("session update failed", e);
        }
    }
}
