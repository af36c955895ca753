package cn.sunlight.audit.service;

import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Who reads the log sees what: supervisors every entry in clear (their reads of withheld entries are themselves
 * audited), everyone else — the public, the tendering side, other bidders, experts — withheld entries as their leaf
 * hash only (see {@link cn.sunlight.audit.Disclosure}).
 */
@ApplicationScoped
public class LogReaders {

    /** The one coarse kind a withheld leaf shows: it does not say which tender, account or action. */
    public static final String WITHHELD_KIND = "bidder-activity";

    private final TransparencyLog log;
    private final RequestActor actor;
    private final AuditTrail audit;

    public LogReaders(TransparencyLog log, RequestActor actor, AuditTrail audit) {
        this.log = log;
        this.actor = actor;
        this.audit = audit;
    }

    /** Whether the caller may read withheld entries (the supervision authority). */
    public boolean full() {
        return actor.is(Role.SUPERVISOR);
    }

    /** Leaves in [from, to) as the caller may see them. */
    public List<TransparencyLog.Leaf> leaves(long from, long toExclusive) {
        List<TransparencyLog.Leaf> leaves = log.leaves(from, toExclusive);
        if (!full()) {
            return leaves.stream().map(TransparencyLog.Leaf::forPublic).toList();
        }
        if (leaves.stream().anyMatch(l -> !l.disclosed())) {
            QuarkusTransaction.joiningExisting().run(() -> audit.read("log.withheld-read", "log", from + "-" + toExclusive));
        }
        return leaves;
    }

    /** A supervisor read withheld entries: that read is part of the record too. */
    @Transactional
    public void recordFullRead(String range) {
        audit.read("log.withheld-read", "log", range);
    }
}
