package cn.sunlight.award.service;

import cn.sunlight.award.Award;
import cn.sunlight.award.BondRefund;
import cn.sunlight.award.Publicity;
import cn.sunlight.common.Text;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.service.AlertSource;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Yellow/red alerts for the limits after the evaluation: candidate publicity not yet published
 * ({@code publicity-publish-within}), contract not yet recorded ({@code contract-within}) and bid bonds not yet refunded
 * ({@code bond-refund-within}). Yellow within {@code sunlight.supervision.yellow-before} of the limit, red once past.
 */
@ApplicationScoped
public class AwardAlerts implements AlertSource {

    private final TenderService tenders;
    private final Duration yellowBefore;

    public AwardAlerts(TenderService tenders, @ConfigProperty(name = "sunlight.supervision.yellow-before") Duration yellowBefore) {
        this.tenders = tenders;
        this.yellowBefore = yellowBefore;
    }

    @Override
    public List<Alert> alerts(Instant now) {
        List<Alert> out = new ArrayList<>();
        // Only the obligations whose limit is near or past (what the desk shows; V22_2's partial indexes on the limits).
        Instant horizon = now.plus(yellowBefore);
        for (Publicity p : Publicity.<Publicity>list("publishedAt is null and publishDueAt < ?1", horizon)) {
            Tender t = Tender.findById(p.tenderId);
            if (t.status == cn.sunlight.tender.TenderStatus.CANCELLED) {
                continue; // a cancelled tender publishes nothing; its bonds still show below
            }
            level(now, p.publishDueAt).ifPresent(l -> out.add(alert(l, RuleIds.PUBLICITY_PUBLISH_WITHIN, t, p.publishDueAt,
                    Text.of("中标候选人须在收到评标报告后按期公示", "the candidates must be published in time after the evaluation report"),
                    Map.of("reportAt", p.reportAt), 0)));
        }
        for (Award a : Award.<Award>list("contractedAt is null and failedAt is null and contractDueAt < ?1", horizon)) {
            Tender t = Tender.findById(a.tenderId);
            level(now, a.contractDueAt).ifPresent(l -> out.add(alert(l, RuleIds.CONTRACT_WITHIN, t, a.contractDueAt,
                    Text.of("第 " + a.lotNumber + " 标段须在中标通知书发出后按期签订合同（中标人：" + a.winner.name + "）",
                            "lot " + a.lotNumber + " must be contracted in time after the award notice (winner: " + a.winner.name + ")"),
                    Map.of("lot", a.lotNumber, "awardedAt", a.awardedAt, "winner", a.winner.name), a.lotNumber)));
        }
        for (BondRefund b : BondRefund.<BondRefund>list("refundedAt is null and dueAt < ?1", horizon)) {
            Tender t = Tender.findById(b.tenderId);
            level(now, b.dueAt).ifPresent(l -> out.add(alert(l, RuleIds.BOND_REFUND_WITHIN, t, b.dueAt,
                    Text.of("须按期向 " + b.organisation.name + " 退还投标保证金及利息", "the bid bond of " + b.organisation.name
                            + " must be refunded with interest in time"),
                    Map.of("organisation", b.organisation.name, "amount", b.amount.toPlainString()), b.organisation.id)));
        }
        return out;
    }

    private Optional<Alert.Level> level(Instant now, Instant due) {
        if (now.isAfter(due)) {
            return Optional.of(Alert.Level.RED);
        }
        return now.plus(yellowBefore).isAfter(due) ? Optional.of(Alert.Level.YELLOW) : Optional.empty();
    }

    private Alert alert(Alert.Level level, String ruleId, Tender t, Instant due, Text message, Map<String, Object> evidence,
                        long ref) {
        Optional<Rule> rule = tenders.rulesOf(t).find(ruleId);
        return new Alert(level, ruleId, t.id, t.code, message, due, ruleId, rule.map(Rule::citation).orElse(null), evidence,
                Alert.ref(ref));
    }
}
