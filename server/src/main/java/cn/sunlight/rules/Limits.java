package cn.sunlight.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * The limits a rule set puts on a tender's schedule and money, computed the one way the platform computes them
 * (publication checks and the workspace's "as you type" hints both use this).
 */
public final class Limits {

    private Limits() {
    }

    /** The bond cap: the percentage of the budget, and the absolute cap where the law sets one; null without a rule. */
    public static BigDecimal bondCap(RuleSet set, BigDecimal budget) {
        Optional<Rule> percent = set.find("bid-bond-max-percent");
        if (percent.isEmpty() || budget == null) {
            return null;
        }
        BigDecimal cap = budget.multiply(percent.get().value()).divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
        Optional<Rule> amount = set.find("bid-bond-max-amount");
        if (amount.isPresent() && amount.get().value().compareTo(cap) < 0) {
            cap = amount.get().value();
        }
        return cap;
    }

    /** The rule that binds the bond cap for this budget: the absolute cap when it is the lower one, else the percentage. */
    public static Optional<Rule> bindingBondRule(RuleSet set, BigDecimal budget) {
        BigDecimal cap = bondCap(set, budget);
        if (cap == null) {
            return Optional.empty();
        }
        Optional<Rule> amount = set.find("bid-bond-max-amount").filter(a -> a.value().compareTo(cap) == 0);
        return amount.isPresent() ? amount : set.find("bid-bond-max-percent");
    }

    /** Periods are counted from the issue of the documents, or from now when that lies in the past. */
    public static Instant periodStart(Instant documentsIssuedAt, Instant now) {
        return documentsIssuedAt.isBefore(now) ? now : documentsIssuedAt;
    }

    /** The earliest legal bid deadline (documents-to-deadline), or null when the rule set has none. */
    public static Instant earliestDeadline(RuleSet set, Instant start, WorkingCalendar cal) {
        return set.find("documents-to-deadline").map(r -> Periods.earliestAfter(start, r, cal)).orElse(null);
    }

    /** The earliest end of the documents' sale (documents-on-sale), or null when the rule set has none. */
    public static Instant earliestSaleEnd(RuleSet set, Instant start, WorkingCalendar cal) {
        return set.find("documents-on-sale").map(r -> Periods.earliestAfter(start, r, cal)).orElse(null);
    }
}
