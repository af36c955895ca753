package cn.sunlight.bid.service;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Finds the collusion signals of the tenders whose bids were final before the signals were stored (migration V22_1),
 * once: in batches of {@value #BATCH} tenders by id, each its own short transaction, in the background after the
 * start, so that neither the start nor a submission waits for a decade of tenders. Two instances share the work
 * through a transaction-level advisory lock per batch; a batch skips tenders already scanned (by either, or by
 * {@link CollusionStore} when their bids became final since).
 */
@ApplicationScoped
public class CollusionBackfill {

    private static final Logger LOG = Logger.getLogger(CollusionBackfill.class);
    static final int BATCH = 500;
    private static final long LOCK = 0x5e_22_c011_0000L;

    private final CollusionStore store;
    private volatile boolean done;

    public CollusionBackfill(CollusionStore store) {
        this.store = store;
    }

    @Scheduled(every = "60s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "collusion-backfill")
    void run() {
        if (done) {
            return;
        }
        long started = System.nanoTime();
        long last = 0;
        try {
            while (true) {
                final long from = last;
                Long next = QuarkusTransaction.requiringNew().call(() -> batch(from));
                if (next == null) {
                    break;
                }
                if (next < 0) {
                    return; // another instance holds this batch: try again at the next run
                }
                last = next;
            }
            done = true;
            LOG.infof("collusion backfill done: tenders up to id %d scanned in %.1f s", last, (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException e) {
            LOG.warn("collusion backfill failed; will retry", e);
        }
    }

    /** Scans the next batch after {@code from}; its last id, null when none is left, -1 when another instance is busy. */
    private Long batch(long from) {
        var em = Panache.getEntityManager();
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return -1L;
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select t.id from tender t where t.id > ?1 and t.status in "
                + "('CLOSED','OPENING','EVALUATION','PUBLICITY','AWARDED','FAILED') order by t.id limit ?2")
                .setParameter(1, from).setParameter(2, BATCH).getResultList();
        if (ids.isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Number> pending = em.createNativeQuery("select x from unnest(cast(?1 as bigint[])) x "
                + "where not exists (select 1 from collusion_scan s where s.tender_id = x)")
                .setParameter(1, ids.stream().map(Number::longValue).toArray(Long[]::new)).getResultList();
        store.scan(pending.stream().map(Number::longValue).toList());
        return ids.getLast().longValue();
    }
}
