package cn.sunlight.auction.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which instance sequences which auction: a PostgreSQL session advisory lock per auction, held on one dedicated
 * connection of this instance. If the instance dies (kill -9), its connection closes and PostgreSQL releases
 * the locks at once, so another instance can take them; if the connection merely breaks, {@link #check} notices
 * and this instance stops sequencing before anyone else can start (and the ledger's fence guards the gap).
 */
@ApplicationScoped
public class AuctionLeases {

    private static final Logger LOG = Logger.getLogger(AuctionLeases.class);
    /** The first key of the two-integer advisory lock space: the auction's id is the second. */
    private static final int LOCK_CLASS = 13013;

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;
    private final Set<Long> held = new HashSet<>();

    public AuctionLeases(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user.orElse(null);
        this.password = password.orElse("");
    }

    /** Takes the lease of an auction unless another instance holds it. */
    public synchronized boolean tryAcquire(long auctionId) {
        if (held.contains(auctionId)) {
            return true;
        }
        try (PreparedStatement ps = connection().prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, (int) auctionId);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                if (r.getBoolean(1)) {
                    held.add(auctionId);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            lost(e);
            return false;
        }
    }

    public synchronized void release(long auctionId) {
        if (!held.remove(auctionId) || connection == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, (int) auctionId);
            ps.execute();
        } catch (SQLException e) {
            lost(e);
        }
    }

    /** Returns the leases still held; an empty set after the connection broke (every lease is then gone). */
    public synchronized Set<Long> check() {
        if (connection != null) {
            try {
                if (!connection.isValid(2)) {
                    lost(new SQLException("lease connection not valid"));
                }
            } catch (SQLException e) {
                lost(e);
            }
        }
        return Set.copyOf(held);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, user, password);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void lost(SQLException e) {
        if (!held.isEmpty()) {
            LOG.warnf("auction leases lost with their connection (%s): %s", e.getMessage(), held);
        }
        held.clear();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        connection = null;
    }
}
