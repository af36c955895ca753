package cn.sunlight.bond.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.bond.BondAccount;
import cn.sunlight.bond.BondCheck;
import cn.sunlight.bond.BondGuarantee;
import cn.sunlight.bond.BondPayment;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.Text;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bond of each standing bid, checked when the opening starts and before any bid is decrypted: paid into the bid's
 * own sub-account with a value date no later than the deadline (less {@code bid-bond-by-deadline} days) and an amount
 * of at least the required bond, or a verified guarantee covering the bid validity. The outcome is recorded per bid and
 * in the log; a MISSING bond is what the rule set names — the bid is rejected at the qualification review
 * (实施条例 Art. 51 (六); 财政部令第87号 Art. 63 (一)), applied by {@link #rejection}.
 */
@ApplicationScoped
public class BondChecks {

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final TenderService tenders;

    public BondChecks(PlatformClock clock, AuditTrail audit, TenderService tenders) {
        this.clock = clock;
        this.audit = audit;
        this.tenders = tenders;
    }

    /** Checks every standing bid once (a restarted opening keeps the first result); called in the opening's transaction. */
    public List<BondCheck> check(Tender t) {
        RuleSet set = tenders.rulesOf(t);
        Optional<Rule> rule = set.find(RuleIds.BID_BOND_BY_DEADLINE);
        if (t.bidBond == null || t.bidBond.signum() <= 0 || rule.isEmpty()) {
            return List.of(); // no bond required, or a procedure without bid bonds
        }
        Instant now = clock.now(t);
        LocalDate lastDay = t.schedule.bidDeadline.atZone(clock.zone()).toLocalDate().minusDays(rule.get().longValue());
        LocalDate validNeeded = t.schedule.bidDeadline.atZone(clock.zone()).toLocalDate()
                .plusDays(set.find(RuleIds.BID_VALIDITY).map(Rule::longValue).orElse(0L));
        List<BondCheck> out = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SealedBid bid : SealedBid.standing(t.id)) {
            BondCheck c = BondCheck.ofBid(bid.id).orElse(null);
            if (c == null) {
                c = checkOne(t, bid, rule.get(), lastDay, validNeeded, now);
                c.persist();
            }
            out.add(c);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("bid", bid.id);
            l.put("lot", c.lotNumber);
            l.put("organisation", bid.organisation.creditCode);
            l.put("outcome", c.outcome.name());
            l.put("paid", c.paid.toPlainString());
            lines.add(l);
        }
        audit.record("opening.bonds-checked", "tender", t.id, Map.of("required", t.bidBond.toPlainString(), "lastValueDate",
                lastDay.toString(), "rule", rule.get().id(), "citation", rule.get().citation(), "bids", lines));
        return out;
    }

    private static BondCheck checkOne(Tender t, SealedBid bid, Rule rule, LocalDate lastDay, LocalDate validNeeded, Instant now) {
        BigDecimal required = t.bidBond;
        Optional<BondAccount> account = BondAccount.of(t.id, bid.lot.number, bid.organisation.id);
        BigDecimal paid = BigDecimal.ZERO;
        LocalDate valueDate = null;
        if (account.isPresent()) {
            // Payments in value-date order: the bond is complete on the value date of the payment that reached the amount.
            for (BondPayment p : BondPayment.ofAccount(account.get().id).stream()
                    .filter(p -> !p.valueDate.isAfter(lastDay)).sorted(Comparator.comparing(p -> p.valueDate)).toList()) {
                paid = paid.add(p.amount);
                if (valueDate == null && paid.compareTo(required) >= 0) {
                    valueDate = p.valueDate;
                }
            }
            if (valueDate != null) {
                return new BondCheck(bid.id, t.id, bid.lot.number, bid.organisation, BondCheck.Outcome.PAID, required, paid,
                        valueDate, null, rule.id(), now);
            }
            for (BondGuarantee g : BondGuarantee.ofAccount(account.get().id)) {
                if (g.amount.compareTo(required) >= 0 && !g.validUntil.isBefore(validNeeded)
                        && !g.uploadedAt.isAfter(t.schedule.bidDeadline)) {
                    return new BondCheck(bid.id, t.id, bid.lot.number, bid.organisation, BondCheck.Outcome.GUARANTEED, required,
                            g.amount, null, g.id, rule.id(), now);
                }
            }
        }
        return new BondCheck(bid.id, t.id, bid.lot.number, bid.organisation, BondCheck.Outcome.MISSING, required, paid, null,
                null, rule.id(), now);
    }

    /** The qualification consequence of a missing bond, or empty when the bid's bond is in order (or was not checked). */
    public Optional<Text> rejection(Tender t, long bidId) {
        return BondCheck.ofBid(bidId).filter(BondCheck::missing).map(c -> {
            Rule r = tenders.rulesOf(t).require(c.ruleId);
            return Text.of("未按招标文件要求提交投标保证金（应缴 " + c.required.toPlainString() + " 元，截止时到账 "
                    + c.paid.toPlainString() + " 元），依据" + r.citation() + "否决其投标", "the required bid bond (RMB "
                    + c.required.toPlainString() + ") was not in by the deadline (RMB " + c.paid.toPlainString()
                    + " received); the bid is rejected under " + r.citation());
        });
    }
}
