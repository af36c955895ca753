package cn.sunlight.account.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Server-side sessions: every token the platform signs carries a session id ({@code jti}) recorded here, and a token
 * is honoured only while its row is live. Logout revokes one session, a password change all of the account's; the
 * table lives in PostgreSQL, so a revocation holds on every instance at the next request. Plain JDBC in autocommit:
 * the check runs on every authenticated request, outside any request transaction.
 */
@ApplicationScoped
public class Sessions {

    private final AgroalDataSource db;

    public Sessions(AgroalDataSource db) {
        this.db = db;
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
    }

    /** Ends every session of the account (password change). */
    public void revokeAll(long userId) {
        update("update user_session set revoked_at = now() where user_id = ? and revoked_at is null", ps -> ps.setLong(1, userId));
    }

    /** Whether the session may still be used: issued by this platform and neither revoked nor expired. */
    public boolean live(String jti) {
        if (jti == null || jti.length() > 64) {
            return false;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select 1 from user_session where jti = ? and revoked_at is null and expires_at > now()")) {
            ps.setString(1, jti);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
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
