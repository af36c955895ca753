package cn.sunlight.common.cluster;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Cross-instance notifications on PostgreSQL {@code LISTEN/NOTIFY}: what one instance publishes reaches the
 * subscribers on every instance (itself included), so a socket connected to either instance sees the same live
 * updates. No home-made network protocol: the database every instance already shares carries the signal.
 *
 * <p>{@link #publish} runs {@code pg_notify} on the caller's transactional connection, so PostgreSQL sends the
 * notification only when that transaction commits (and never when it rolls back); outside a transaction it is sent
 * at once. Payloads are limited to {@value #MAX_PAYLOAD_BYTES} bytes (PostgreSQL refuses 8000 and more): send ids and
 * let the receiver read the current state, never whole documents.
 *
 * <p>{@link #subscribe} listens on one dedicated connection per instance, read by one daemon thread with
 * {@link PGConnection#getNotifications(int)}. When that connection breaks (database restart, network, a terminated
 * backend) the thread reconnects and listens again; notifications sent while it was away are lost, so each listener
 * is told through {@link Listener#resync()} to re-read the state it mirrors. Listeners run on that thread and must
 * be quick (hand the event to a socket or an executor).
 */
@ApplicationScoped
public class ClusterEvents {

    /** The largest payload PostgreSQL accepts in its default configuration ("shorter than 8000 bytes"). */
    public static final int MAX_PAYLOAD_BYTES = 7999;
    /** The name the listening connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "sunlight-cluster-events";
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);

    /** One subscriber to a channel. */
    @FunctionalInterface
    public interface Listener {
        /** A notification published on the channel (by any instance, after its transaction committed). */
        void onEvent(String payload);

        /** The listening connection was re-established; events may have been missed, re-read the state. */
        default void resync() {
        }
    }

    /** Ends a subscription. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource dataSource;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private final Duration reconnectDelay;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean connected;

    private record Pending(String channel, boolean listen, CompletableFuture<Void> done) {
    }

    public ClusterEvents(DataSource dataSource,
                         @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                         @ConfigProperty(name = "sunlight.cluster.events.reconnect-delay", defaultValue = "1s") Duration reconnectDelay) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
        this.password = password;
        this.reconnectDelay = reconnectDelay;
    }

    /**
     * Publishes {@code payload} on {@code channel} to every instance. Inside a transaction the notification leaves
     * when it commits; outside one, at once.
     *
     * @throws IllegalArgumentException if the channel is not a plain lower-case name or the payload is too large
     */
    public void publish(String channel, String payload) {
        checkChannel(channel);
        String body = payload == null ? "" : payload;
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("cluster event payload over " + MAX_PAYLOAD_BYTES + " bytes on " + channel
                    + ": send ids, not documents");
        }
        // The data source hands out the connection enlisted in the caller's transaction, so NOTIFY joins it.
        try (Connection c = dataSource.getConnection(); var s = c.prepareStatement("select pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, body);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot publish a cluster event on " + channel, e);
        }
    }

    /**
     * Publishes on the plain JDBC connection {@code c}, in its transaction: delivered when it commits, never if it rolls
     * back (for a writer that runs its own transaction, such as the auction sequencer's group commit).
     */
    public static void publishIn(Connection c, String channel, String payload) throws SQLException {
        checkChannel(channel);
        String body = payload == null ? "" : payload;
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("cluster event payload over " + MAX_PAYLOAD_BYTES + " bytes on " + channel);
        }
        try (var s = c.prepareStatement("select pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, body);
            s.execute();
        }
    }

    /**
     * Subscribes {@code listener} to {@code channel}. Returns once this instance listens on the channel (so an event
     * published after the call returns is delivered), or after a few seconds if the database is unreachable (the
     * listening thread keeps trying and then calls {@link Listener#resync()}).
     */
    public Subscription subscribe(String channel, Listener listener) {
        checkChannel(channel);
        var list = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        boolean first;
        synchronized (list) {
            first = list.isEmpty();
            list.add(listener);
        }
        if (first) {
            await(request(channel, true));
        }
        return () -> {
            boolean last;
            synchronized (list) {
                list.remove(listener);
                last = list.isEmpty();
            }
            if (last) {
                request(channel, false);
            }
        };
    }

    /** Whether the listening connection is up (for readiness and tests). */
    public boolean listening() {
        return connected;
    }

    private CompletableFuture<Void> request(String channel, boolean listen) {
        var done = new CompletableFuture<Void>();
        pending.add(new Pending(channel, listen, done));
        start();
        return done;
    }

    private void await(CompletableFuture<Void> done) {
        if (Thread.currentThread() == thread) {
            return; // subscribing from a listener: the loop handles the request right after this event
        }
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("cluster events: listening not confirmed yet (%s); it will be on reconnect", e.toString());
        }
    }

    private synchronized void start() {
        if (thread == null && !stopping) {
            thread = Thread.ofPlatform().daemon().name("cluster-events").start(this::run);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        boolean reconnected = false;
        while (!stopping) {
            try (Connection c = connect()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                // Listen again on every channel (the queue still holds requests made while disconnected).
                for (String channel : listeners.keySet()) {
                    if (!listeners.get(channel).isEmpty()) {
                        execute(c, "listen \"" + channel + "\"");
                    }
                }
                connected = true;
                if (reconnected) {
                    LOG.info("cluster events: listening again after a lost connection");
                    listeners.values().forEach(list -> list.forEach(ClusterEvents::resync));
                }
                reconnected = true;
                while (!stopping) {
                    Pending p;
                    while ((p = pending.poll()) != null) {
                        execute(c, (p.listen() ? "listen \"" : "unlisten \"") + p.channel() + "\"");
                        p.done().complete(null);
                    }
                    PGNotification[] events = pg.getNotifications(250);
                    if (events != null) {
                        for (PGNotification n : events) {
                            dispatch(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                connected = false;
                if (!stopping) {
                    LOG.warnf("cluster events: listening connection lost (%s); reconnecting", e.getMessage());
                    try {
                        Thread.sleep(reconnectDelay);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
        connected = false;
    }

    private Connection connect() throws SQLException {
        var props = new Properties();
        props.setProperty("user", user);
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(url, props);
        c.setAutoCommit(true);
        return c;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void dispatch(String channel, String payload) {
        for (Listener l : listeners.getOrDefault(channel, List.of())) {
            try {
                l.onEvent(payload);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cluster events: a listener on %s failed", channel);
            }
        }
    }

    private static void resync(Listener l) {
        try {
            l.resync();
        } catch (RuntimeException e) {
            LOG.error("cluster events: a listener's resync failed", e);
        }
    }

    private static void checkChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("cluster event channel must be a plain lower-case name: " + channel);
        }
    }
}
