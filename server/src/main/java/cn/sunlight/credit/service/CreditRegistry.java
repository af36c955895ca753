package cn.sunlight.credit.service;

import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.page.Cursor;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.credit.CreditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credit records kept by the supervision authority and the trading centre (政府采购法实施条例 Art. 71: 禁止参加政府
 * 采购活动的供应商名单 published; 招标投标法实施条例 Art. 79: the credit system of tendering): entered one at a time, lifted
 * with a reason, read page by page. Every change is an audit event; supervisors' reads are logged.
 */
@ApplicationScoped
public class CreditRegistry {

    private final RequestActor actor;
    private final PlatformClock clock;
    private final AuditTrail audit;

    public CreditRegistry(RequestActor actor, PlatformClock clock, AuditTrail audit) {
        this.actor = actor;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    public CreditRecord create(CreditEntries.Entry e) {
        requireKeeper();
        CreditEntries.Checked c = CreditEntries.check("", e, false);
        if (c.sourceRef() != null && CreditRecord.bySourceRef(CreditRecord.PLATFORM, c.sourceRef()).isPresent()) {
            throw ProblemException.conflict("duplicate-record", Text.of("该编号的记录已存在", "a record with this sourceRef exists"));
        }
        Instant now = clock.now();
        CreditRecord r = new CreditRecord();
        r.source = CreditRecord.PLATFORM;
        r.sourceRef = c.sourceRef();
        c.applyTo(r);
        r.recordedBy = UserAccount.findById(actor.userId());
        r.recordedAt = now;
        r.updatedAt = now;
        r.persist();
        audit.record("credit.recorded", "credit-record", r.id, snapshot(r));
        return r;
    }

    /** Lifts a record before its time (the decision annulled or revoked); the record stays, marked. */
    @Transactional
    public CreditRecord lift(long id, String reason) {
        requireKeeper();
        CreditRecord r = one(id);
        String why = CreditEntries.text("reason", reason, 500, true);
        if (r.lifted()) {
            throw ProblemException.conflict("already-lifted", Text.of("该记录已撤销", "the record was already lifted"));
        }
        r.lift(UserAccount.findById(actor.userId()), clock.now(), why);
        audit.record("credit.lifted", "credit-record", r.id, snapshot(r));
        return r;
    }

    @Transactional
    public CreditRecord read(long id) {
        requireKeeper();
        CreditRecord r = one(id);
        if (actor.is(Role.SUPERVISOR)) {
            audit.read("credit.record-read", "credit-record", r.id);
        }
        return r;
    }

    /** Records newest first, optionally of one credit code or one kind; a keyset page on (recorded_at, id). */
    @Transactional
    public Page<CreditRecord> page(PageRequest page, String creditCode, CreditRecord.Kind kind) {
        requireKeeper();
        if (actor.is(Role.SUPERVISOR)) {
            audit.read("credit.records-read", "credit-record", creditCode == null ? "all" : creditCode);
        }
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (creditCode != null) {
            q.append(" and creditCode = :code");
            p.put("code", CreditEntries.text("creditCode", creditCode, 18, true));
        }
        if (kind != null) {
            q.append(" and kind = :kind");
            p.put("kind", kind);
        }
        Cursor c = page.cursor();
        String order = " order by recordedAt desc, id desc";
        if (c != null) {
            p.put("at", c.instantKey(PageRequest.CURSOR, 0));
            p.put("id", c.longKey(PageRequest.CURSOR, 1));
            if (page.backwards()) {
                q.append(" and (recordedAt > :at or (recordedAt = :at and id > :id))");
                order = " order by recordedAt asc, id asc";
            } else {
                q.append(" and (recordedAt < :at or (recordedAt = :at and id < :id))");
            }
        }
        List<CreditRecord> rows = new ArrayList<>(CreditRecord.<CreditRecord>find(q + order, p).range(0, page.limit()).list());
        return Page.of(page, rows, r -> new Object[]{r.recordedAt, r.id});
    }

    private static CreditRecord one(long id) {
        return CreditRecord.<CreditRecord>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("credit record", id));
    }

    /** The keepers of the records: the supervision authority and the trading centre. */
    void requireKeeper() {
        if (!actor.is(Role.SUPERVISOR) && !actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有监督部门和交易中心可以管理信用记录",
                    "only the supervision authority and the trading centre keep credit records"));
        }
    }

    static Map<String, Object> snapshot(CreditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("creditCode", r.creditCode);
        m.put("kind", r.kind.name());
        m.put("source", r.source);
        m.put("sourceRef", r.sourceRef == null ? "" : r.sourceRef);
        m.put("decisionNo", r.decisionNo);
        m.put("authority", r.authority);
        m.put("content", r.contentSha256);
        m.put("liftedAt", r.liftedAt == null ? "" : r.liftedAt.toString());
        m.put("liftReason", r.liftReason == null ? "" : r.liftReason);
        return m;
    }
}
