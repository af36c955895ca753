package cn.sunlight.common.cluster;

import cn.sunlight.support.PostgresTestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Cross-instance notifications: delivered on commit only, from another database session too, and after a reconnect. */
@QuarkusTest
class ClusterEventsTest {

    @Inject
    ClusterEvents events;

    @Test
    void deliversOnCommitAndNeverOnRollback() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (var sub = events.subscribe("test_commit", got::add)) {
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                events.publish("test_commit", "rolled-back");
                throw new IllegalStateException("the caller's transaction fails");
            }));
            QuarkusTransaction.requiringNew().run(() -> {
                events.publish("test_commit", "tender:42");
                // Not yet sent: the transaction is still open.
                try {
                    assertNull(got.poll(300, TimeUnit.MILLISECONDS), "a notification left before its commit");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("tender:42", got.poll(5, TimeUnit.SECONDS));
            assertNull(got.poll(300, TimeUnit.MILLISECONDS), "the rolled-back notification arrived");
        }
    }

    @Test
    void receivesWhatAnotherInstancePublishes() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (var sub = events.subscribe("test_other", got::add);
             var other = DriverManager.getConnection(url(), "postgres", "");
             var s = other.prepareStatement("select pg_notify('test_other', ?)")) {
            s.setString(1, "hall:7");
            s.execute();
            assertEquals("hall:7", got.poll(5, TimeUnit.SECONDS));
        }
        // Unsubscribed: nothing more is delivered to this listener.
        events.publish("test_other", "late");
        assertNull(got.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void refusesOversizedPayloadsAndBadChannels() {
        assertThrows(IllegalArgumentException.class, () -> events.publish("test_big", "x".repeat(8000)));
        assertThrows(IllegalArgumentException.class, () -> events.publish("test_big", "封".repeat(2700))); // 8100 bytes
        events.publish("test_big", "x".repeat(ClusterEvents.MAX_PAYLOAD_BYTES)); // the largest PostgreSQL takes
        assertThrows(IllegalArgumentException.class, () -> events.publish("Robert'); drop table x;--", "1"));
        assertThrows(IllegalArgumentException.class, () -> events.subscribe("", p -> { }));
    }

    @Test
    void reconnectsAfterTheListeningBackendIsKilledAndAsksForResync() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        AtomicInteger resyncs = new AtomicInteger();
        try (var sub = events.subscribe("test_reconnect", new ClusterEvents.Listener() {
            @Override
            public void onEvent(String payload) {
                got.add(payload);
            }

            @Override
            public void resync() {
                resyncs.incrementAndGet();
            }
        })) {
            try (var admin = DriverManager.getConnection(url(), "postgres", "");
                 var s = admin.createStatement();
                 var rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = '"
                         + ClusterEvents.APPLICATION_NAME + "' and datname = current_database()")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) >= 1, "no listening backend to kill");
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (resyncs.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(resyncs.get() >= 1, "listener not told to resync after the reconnect");
            assertTrue(events.listening());
            events.publish("test_reconnect", "after");
            assertEquals("after", got.poll(5, TimeUnit.SECONDS));
        }
    }

    private static String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + PostgresTestDatabase.DATABASE;
    }
}
