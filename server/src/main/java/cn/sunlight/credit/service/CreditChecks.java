package cn.sunlight.credit.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.credit.CreditRecord;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an organisation against the credit records and stores the evidence with the tender, in a transaction of its
 * own: a refusal rolls back the registration, submission or award that asked, but its evidence (and the supervisors'
 * alert it raises) must stay.
 */
@ApplicationScoped
public class CreditChecks {

    private final PlatformClock clock;
    private final AuditTrail audit;

    public CreditChecks(PlatformClock clock, AuditTrail audit) {
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public CreditCheck check(long tenderId, long organisationId, CreditCheck.Stage stage) {
        Tender t = Tender.findById(tenderId);
        Organisation o = Organisation.findById(organisationId);
        // The tender's clock: a sandbox tender runs on its own time.
        Instant now = clock.now(t);
        List<CreditRecord> records = CreditRecord.ofCode(o.creditCode);
        CreditRecord decisive = records.stream().filter(r -> r.bars(t.tradeType, now)).findFirst().orElse(null);
        List<Map<String, Object>> consulted = records.stream().map(r -> consulted(r, t, now)).toList();
        CreditCheck c = new CreditCheck(t.id, o.id, o.creditCode, stage, now, audit.currentActor().username(),
                decisive == null ? CreditCheck.Result.CLEAR : CreditCheck.Result.REFUSED, decisive == null ? null : decisive.id,
                CanonicalJson.write(consulted));
        c.persist();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("check", c.id);
        evidence.put("stage", stage.name());
        evidence.put("result", c.result.name());
        evidence.put("decisive", decisive == null ? "" : decisive.decisionNo);
        evidence.put("consulted", CanonicalJson.sha256Hex(c.consulted));
        // Who tried to register or bid is confidential until the opening (招标投标法 Art. 22).
        audit.recordConfidential("credit.checked", "tender", t.id, evidence);
        return c;
    }

    private static Map<String, Object> consulted(CreditRecord r, Tender t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id);
        m.put("kind", r.kind.name());
        m.put("source", r.source);
        m.put("decisionNo", r.decisionNo);
        m.put("authority", r.authority);
        m.put("legalBasis", r.legalBasis == null ? "" : r.legalBasis);
        m.put("validFrom", r.validFrom == null ? "" : r.validFrom.toString());
        m.put("validUntil", r.validUntil == null ? "" : r.validUntil.toString());
        m.put("scope", r.scopeSet().stream().map(Enum::name).toList());
        m.put("lifted", r.lifted());
        m.put("content", r.contentSha256);
        m.put("bars", r.bars(t.tradeType, now));
        return m;
    }
}
