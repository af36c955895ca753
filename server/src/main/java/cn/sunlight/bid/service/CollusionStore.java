package cn.sunlight.bid.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.AuditRecorded;
import cn.sunlight.bid.CollusionSignal;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.service.StoredAlerts;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The collusion signals as rows: written in the transaction of the event that makes a tender's bids (or opened bids)
 * final — the deadline, an auction's conclusion, each decryption at the opening — and read page by page in the desk's
 * order. A tender's signals are shown while its bids are final and it is not yet contracted (as before: the
 * contracted and cancelled tenders' rows are dropped when they get there; a failed tender keeps them).
 */
@ApplicationScoped
public class CollusionStore implements StoredAlerts {

    /** The events after which a tender's final bids or opened bids differ: its signals are found again. */
    static final Set<String> RESCAN = Set.of("tender.closed", "tender.auction-concluded", "opening.bid-decrypted",
            "opening.bid-failed");
    /** The events after which a tender's signals are no longer shown. */
    static final Set<String> DROP = Set.of("award.contracted", "tender.cancelled");

    private static final String FINAL = "'CLOSED','OPENING','EVALUATION','PUBLICITY','AWARDED','FAILED'";

    private final CollusionAlerts signals;
    private final PlatformClock clock;

    public CollusionStore(CollusionAlerts signals, PlatformClock clock) {
        this.signals = signals;
        this.clock = clock;
    }

    void onAudit(@Observes AuditRecorded recorded) {
        AuditEvent e = recorded.event();
        if (!"tender".equals(e.objectType) || e.objectId == null) {
            return;
        }
        if (RESCAN.contains(e.action)) {
            scan(List.of(Long.parseLong(e.objectId)));
        } else if (DROP.contains(e.action)) {
            Tender t = Tender.findById(Long.parseLong(e.objectId));
            if (t != null && !CollusionAlerts.FINAL_BIDS.contains(t.status)) {
                CollusionSignal.delete("tenderId", t.id);
            }
        }
    }

    /** Finds the signals of these tenders again (in the caller's transaction) and marks them scanned. */
    public void scan(List<Long> tenderIds) {
        if (tenderIds.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        List<Tender> tenders = Tender.<Tender>list("id in ?1 and status in ?2", tenderIds, CollusionAlerts.FINAL_BIDS);
        CollusionSignal.delete("tenderId in ?1", tenderIds);
        for (Alert a : signals.compute(tenders)) {
            CollusionSignal.found(a, now).persist();
        }
        var em = Panache.getEntityManager();
        em.createNativeQuery("insert into collusion_scan (tender_id, scanned_at) select unnest(cast(?1 as bigint[])), ?2 "
                        + "on conflict (tender_id) do update set scanned_at = excluded.scanned_at")
                .setParameter(1, tenderIds.toArray(new Long[0])).setParameter(2, now).executeUpdate();
    }

    private static final String SELECT = "select s.id, s.tender_id, t.code, s.kind, s.level_rank, s.citation, s.message_zh, "
            + "s.message_en, s.evidence from collusion_signal s join tender t on t.id = s.tender_id where t.status in (" + FINAL + ")";
    private static final String ORDER_KEY = "(s.level_rank, s.tender_id, s.kind collate \"C\", lpad(s.id::text, 19, '0') collate \"C\")";

    @Override
    public List<Alert> page(Alert.Key from, boolean backwards, int limit, Long tenderId) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>();
        if (tenderId != null) {
            args.add(tenderId);
            sql.append(" and s.tender_id = ?").append(args.size());
        }
        if (from != null) {
            if (from.dueMillis() != Long.MAX_VALUE) {
                // Every signal has no time limit: it sorts after every alert of its level that has one.
                args.add(from.rank());
                sql.append(" and s.level_rank ").append(backwards ? "< ?" : ">= ?").append(args.size());
            } else {
                args.add(from.rank());
                sql.append(" and ").append(ORDER_KEY).append(backwards ? " < " : " > ").append("(?").append(args.size());
                args.add(from.tenderId());
                sql.append(", ?").append(args.size());
                args.add(from.kind());
                sql.append(", cast(?").append(args.size()).append(" as text) collate \"C\"");
                args.add(from.ref());
                sql.append(", cast(?").append(args.size()).append(" as text) collate \"C\")");
            }
        }
        String dir = backwards ? " desc" : "";
        sql.append(" order by s.level_rank").append(dir).append(", s.tender_id").append(dir).append(", s.kind collate \"C\"")
                .append(dir).append(", s.id").append(dir).append(" limit ").append(limit);
        return read(sql.toString(), args);
    }

    @Override
    public List<Alert> ofTenders(Collection<Long> tenderIds) {
        if (tenderIds.isEmpty()) {
            return List.of();
        }
        return read(SELECT + " and s.tender_id = any(cast(?1 as bigint[])) order by s.id",
                List.of((Object) tenderIds.toArray(new Long[0])));
    }

    @Override
    public long count(Alert.Level level, long cap) {
        Number n = (Number) Panache.getEntityManager().createNativeQuery("select count(*) from (select 1 from collusion_signal s "
                        + "join tender t on t.id = s.tender_id where t.status in (" + FINAL + ") and s.level_rank = ?1 limit ?2) x")
                .setParameter(1, level == Alert.Level.RED ? 0 : 1).setParameter(2, cap).getSingleResult();
        return n.longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Alert> read(String sql, List<Object> args) {
        var q = Panache.getEntityManager().createNativeQuery(sql);
        for (int i = 0; i < args.size(); i++) {
            q.setParameter(i + 1, args.get(i));
        }
        List<Object[]> rows = q.getResultList();
        List<Alert> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(CollusionSignal.alert(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                    ((Number) r[4]).intValue(), (String) r[5], (String) r[6], (String) r[7], (String) r[8]));
        }
        return out;
    }
}
