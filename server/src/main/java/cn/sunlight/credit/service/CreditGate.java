package cn.sunlight.credit.service;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.credit.CreditRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

/**
 * The one place that refuses an organisation barred by a credit record in force: at registration and bid submission
 * (403, the supplier may not take part: 政府采购法 Art. 22 (5), Art. 77; 招标投标法 Art. 53-54) and before the award
 * (422 naming the lot: a barred winner may not be awarded). The refusal cites the decision: authority, number, legal
 * basis and period.
 */
@ApplicationScoped
public class CreditGate {

    private final CreditChecks checks;

    public CreditGate(CreditChecks checks) {
        this.checks = checks;
    }

    /** Registration or submission: 403 problem+json citing the decision when barred. */
    public CreditCheck requireClear(long tenderId, long organisationId, CreditCheck.Stage stage) {
        CreditCheck c = checks.check(tenderId, organisationId, stage);
        if (c.refused()) {
            CreditRecord r = CreditRecord.findById(c.decisiveRecordId);
            throw new ProblemException(403, "debarred", Text.of("贵单位在禁止参加期限内：" + citation(r),
                    "Your organisation is debarred: " + citation(r)), List.of(violation("organisation", r)));
        }
        return c;
    }

    /** Before the award: 422 naming the lot's winner when barred. */
    public CreditCheck requireWinnerClear(long tenderId, long organisationId, int lot) {
        CreditCheck c = checks.check(tenderId, organisationId, CreditCheck.Stage.AWARD);
        if (c.refused()) {
            CreditRecord r = CreditRecord.findById(c.decisiveRecordId);
            throw new ProblemException(422, "winner-debarred", Text.of("第 " + lot + " 标段排名第一的中标候选人在禁止参加期限内，不能定标：" + citation(r),
                    "The first-ranked candidate of lot " + lot + " is debarred and cannot be awarded: " + citation(r)),
                    List.of(violation("lots[" + lot + "].winner", r)));
        }
        return c;
    }

    private static Violation violation(String field, CreditRecord r) {
        return new Violation(field, "credit-debarment", Text.of(r.organisationName + " 被" + r.authority + "以《" + r.decisionNo
                + "》禁止参加（" + period(r) + "）", r.organisationName + " debarred by " + r.authority + ", decision " + r.decisionNo
                + " (" + period(r) + ")"), period(r), r.legalBasis + "；" + r.authority + " " + r.decisionNo);
    }

    static String citation(CreditRecord r) {
        return r.authority + "《" + r.decisionNo + "》（" + r.legalBasis + "，" + period(r) + "）";
    }

    /** The period as the decision writes it: first and last day, Beijing dates. */
    static String period(CreditRecord r) {
        LocalDate from = r.validFrom.atZone(CreditEntries.BEIJING).toLocalDate();
        LocalDate last = r.validUntil.atZone(CreditEntries.BEIJING).toLocalDate().minusDays(1);
        return from + " — " + last;
    }
}
