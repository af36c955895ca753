package cn.sunlight.credit.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.page.Cursor;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The credit checks stored with a tender, for those who oversee it. A check names an organisation that tried to
 * register or bid, which is confidential until the opening (招标投标法 Art. 22): the host reads them from the opening on,
 * the supervision authority and the trading centre at any time (a supervisor's read is logged).
 */
@ApplicationScoped
public class CreditEvidence {

    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final RequestActor actor;
    private final AuditTrail audit;

    public CreditEvidence(TenderService tenders, HostPolicy hostPolicy, RequestActor actor, AuditTrail audit) {
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.actor = actor;
        this.audit = audit;
    }

    /** Newest first, a keyset page on (checked_at, id) — credit_check_tender (V24_1). */
    @Transactional
    public Page<CreditCheck> ofTender(long tenderId, PageRequest page) {
        Tender t = tenders.find(tenderId);
        hostPolicy.requireOverseer(t);
        if (!actor.is(Role.SUPERVISOR) && !actor.is(Role.OPERATOR) && !t.status.openedOrLater()) {
            throw ProblemException.conflict("confidential-before-opening", Text.of(
                    "开标前投标人名称和数量保密（《招标投标法》第二十二条）",
                    "Before the opening the names and number of bidders are confidential (Tendering Law Art. 22)"));
        }
        audit.read("credit.checks-read", "tender", t.id);
        Cursor c = page.cursor();
        List<CreditCheck> rows;
        if (c == null) {
            rows = CreditCheck.<CreditCheck>find("tenderId = ?1 order by checkedAt desc, id desc", t.id).range(0, page.limit()).list();
        } else {
            Instant at = c.instantKey(PageRequest.CURSOR, 0);
            long id = c.longKey(PageRequest.CURSOR, 1);
            rows = page.backwards()
                    ? CreditCheck.<CreditCheck>find("tenderId = ?1 and (checkedAt > ?2 or (checkedAt = ?2 and id > ?3)) order by checkedAt asc, id asc",
                    t.id, at, id).range(0, page.limit()).list()
                    : CreditCheck.<CreditCheck>find("tenderId = ?1 and (checkedAt < ?2 or (checkedAt = ?2 and id < ?3)) order by checkedAt desc, id desc",
                    t.id, at, id).range(0, page.limit()).list();
        }
        return Page.of(page, rows, x -> new Object[]{x.checkedAt, x.id});
    }
}
