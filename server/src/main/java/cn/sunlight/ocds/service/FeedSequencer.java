package cn.sunlight.ocds.service;

import cn.sunlight.audit.service.TransparencyLog;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Gives each release its place in the public changes feed once the transaction that wrote it has finished. Releases
 * are written in the transactions of many changes at once and their ids are taken before they commit, so ids do not
 * commit in order; a reader paging by id could pass an id that commits later. The sequencer only numbers releases
 * below the horizon (every transaction that could still write one has finished — the audit log's rule), in id order,
 * under an advisory lock (one instance at a time): positions are dense, never change, and a reader that pages by
 * position never skips or repeats one. (Positions follow ids only roughly: an id taken before its transaction wrote
 * anything may commit after a higher one, and is numbered after it.)
 */
@ApplicationScoped
public class FeedSequencer {

    private static final Logger LOG = Logger.getLogger(FeedSequencer.class);
    /** Set at shutdown: a run that starts while the persistence unit closes would only log a failure. */
    private volatile boolean stopping;

    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }
    /** Advisory lock key of the feed sequencer ("OCDS" in ASCII). */
    static final long LOCK = 0x4F434453L;

    @Scheduled(every = "${sunlight.ocds.sequence-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "ocds-feed-sequencer")
    void tick() {
        if (stopping) {
            return;
        }
        try {
            sequence();
        } catch (RuntimeException e) {
            LOG.warn("OCDS feed sequencing failed; will retry", e);
        }
    }

    /** Numbers every finished, unnumbered release; returns how many (0 when another instance holds the lock). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int sequence() {
        var em = Panache.getEntityManager();
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        String horizon = (String) em.createNativeQuery(TransparencyLog.HORIZON).getSingleResult();
        return em.createNativeQuery("""
                update ocds_release r set position = n.position
                from (select id, (select coalesce(max(position), 0) from ocds_release) + row_number() over (order by id) as position
                        from ocds_release where position is null and xact < cast(?1 as xid8)) n
                where r.id = n.id""").setParameter(1, horizon).executeUpdate();
    }
}
