package cn.sunlight.common.cluster;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Events between the instances of the platform over PostgreSQL LISTEN/NOTIFY: no home-made network protocol,
 * only the database every instance already shares. {@link #publish} sends at once; {@link #publishIn} sends in the
 * caller's JDBC transaction, so the event leaves exactly when (and only if) the change it announces commits.
 * Every instance, the sender included, receives it on one dedicated connection (pgjdbc's
 * {@link PGConnection#getNotifications(int)}), re-established with its LISTENs if it drops. A payload is at most
 * 8000 bytes (PostgreSQL's limit); subscribers run on the listener thread and must hand long work off.
 */
@ApplicationScoped
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final AgroalDataSource db;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile Thread listener;
    private volatile boolean stopping;
    private volatile Connection connection;

    public ClusterEvents(AgroalDataSource db, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.db = db;
        this.url = url;
        this.user = user.orElse(null);
        this.password = password.orElse("");
    }

    /** Sends now, outside any transaction. */
    public void publish(String channel, String payload) {
        try (Connection c = db.getConnection()) {
            publishIn(c, channel, payload);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot notify " + channel, e);
        }
    }

    /** Sends in the transaction of {@code c}: delivered when it commits, never if it rolls back. */
    public static void publishIn(Connection c, String channel, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, checked(channel));
            ps.setString(2, payload);
            ps.execute();
        }
    }

    /** Calls {@code handler} with the payload of every event on {@code channel}, from any instance. */
    public void subscribe(String channel, Consumer<String> handler) {
        boolean fresh = subscribers.computeIfAbsent(checked(channel), k -> new CopyOnWriteArrayList<>()).isEmpty();
        subscribers.get(channel).add(handler);
        start();
        if (fresh) {
            Connection c = connection;
            if (c != null) {
                synchronized (this) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + channel);
                    } catch (SQLException e) {
                        LOG.debugf("LISTEN %s deferred to the reconnect: %s", channel, e.getMessage());
                    }
                }
            }
        }
    }

    /** Whether the listening connection is up (a watcher can tell the user its live updates may lag). */
    public boolean connected() {
        return connection != null;
    }

    private synchronized void start() {
        if (listener != null) {
            return;
        }
        listener = Thread.ofPlatform().daemon().name("cluster-events").start(this::listen);
        long until = System.currentTimeMillis() + 5000;
        while (connection == null && System.currentTimeMillis() < until) {
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                synchronized (this) {
                    try (Statement s = c.createStatement()) {
                        for (String channel : subscribers.keySet()) {
                            s.execute("LISTEN " + channel);
                        }
                    }
                    connection = c;
                    notifyAll();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopping) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got == null) {
                        continue;
                    }
                    for (PGNotification n : got) {
                        for (Consumer<String> h : subscribers.getOrDefault(n.getName(), List.of())) {
                            try {
                                h.accept(n.getParameter());
                            } catch (RuntimeException e) {
                                LOG.warnf(e, "cluster event handler failed on %s", n.getName());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                connection = null;
                if (!stopping) {
                    LOG.warnf("cluster events connection lost (%s); reconnecting", e.getMessage());
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    void stop(@Observes ShutdownEvent e) {
        stopping = true;
    }

    private static String checked(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("bad channel name");
        }
        return channel;
    }
}
