package cn.sunlight.credit.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.common.Text;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.credit.CreditRecord;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.service.AlertSource;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A red alert on the supervisors' desk for each attempt of a debarred organisation (registration, submission, or a
 * debarred first-ranked candidate at the award) in the last {@link #WINDOW}: taking part while debarred is itself a
 * breach the supervision authority acts on (政府采购法 Art. 77; 招标投标法实施条例 Art. 79).
 */
@ApplicationScoped
public class CreditAlerts implements AlertSource {

    static final Duration WINDOW = Duration.ofDays(7);

    @Override
    public List<Alert> alerts(Instant now) {
        return CreditCheck.refusedSince(now.minus(WINDOW)).stream().map(c -> {
            Tender t = Tender.findById(c.tenderId);
            Organisation o = Organisation.findById(c.organisationId);
            CreditRecord r = CreditRecord.findById(c.decisiveRecordId);
            String stageZh = switch (c.stage) {
                case REGISTRATION -> "报名";
                case SUBMISSION -> "投标";
                case AWARD -> "定标";
            };
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("check", c.id);
            evidence.put("organisation", o.name);
            evidence.put("creditCode", c.creditCode);
            evidence.put("stage", c.stage.name());
            evidence.put("decisionNo", r.decisionNo);
            evidence.put("authority", r.authority);
            evidence.put("checkedBy", c.checkedBy);
            return new Alert(Alert.Level.RED, "debarred-attempt", t.id, t.code,
                    Text.of(o.name + " 在禁止参加期限内试图" + stageZh + "（" + CreditGate.citation(r) + "），已拒绝",
                            o.name + " tried to take part (" + c.stage.name().toLowerCase() + ") while debarred ("
                                    + CreditGate.citation(r) + "); refused"),
                    c.checkedAt, "credit-debarment", r.legalBasis, evidence);
        }).toList();
    }
}
