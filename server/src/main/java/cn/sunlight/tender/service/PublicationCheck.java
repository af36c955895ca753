package cn.sunlight.tender.service;

import cn.sunlight.document.DocumentFormats;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.WorkingCalendar;
import cn.sunlight.tender.Schedule;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a tender's schedule and money against the legal rules of its trade type and method before
 * publication. Each refusal names the rule, the figure and the citation, and where it helps, the
 * earliest legal value, so the tendering unit can correct the draft without reading the law.
 */
@ApplicationScoped
public class PublicationCheck {


    private final BiddingRules rules;
    private final DocumentFormats formats;

    public PublicationCheck(BiddingRules rules, DocumentFormats formats) {
        this.rules = rules;
        this.formats = formats;
    }

    /** What the rules allow for this draft, and what it breaks. */
    public record Report(String rulesId, String rulesVersion, Instant earliestDeadline, Instant earliestSaleEnd,
                         BigDecimal bondCap, List<Violation> violations) {
        public boolean passes() {
            return violations.isEmpty();
        }
    }

    public Report check(Tender t, Instant now) {
        RuleSet set = rules.forMethod(t.tradeType, t.method);
        WorkingCalendar cal = rules.calendar();
        Schedule s = t.schedule;
        List<Violation> v = new ArrayList<>();

        required(v, "schedule.documentsIssuedAt", s.documentsIssuedAt);
        required(v, "schedule.documentsSaleEndsAt", s.documentsSaleEndsAt);
        required(v, "schedule.bidDeadline", s.bidDeadline);
        if (s.openingPlace == null || s.openingPlace.isBlank()) {
            v.add(Violation.of("schedule.openingPlace", "required", Text.of("须填写开标地点（可为平台不见面开标大厅）",
                    "the opening place is required (may be the platform's online opening hall)")));
        }
        if (t.lots.isEmpty()) {
            v.add(Violation.of("lots", "required", Text.of("至少须有一个标段/包", "at least one lot is required")));
        }

        Instant earliestDeadline = null;
        Instant earliestSaleEnd = null;
        if (s.documentsIssuedAt != null) {
            // A minute of slack: the draft is usually checked a moment before it is published.
            if (s.documentsIssuedAt.isBefore(now.minusSeconds(60))) {
                v.add(Violation.of("schedule.documentsIssuedAt", "not-in-past", Text.of(
                        "招标文件发出时间不能早于发布时间", "documents cannot be issued before publication")));
            }
            Instant start = cn.sunlight.rules.Limits.periodStart(s.documentsIssuedAt, now);
            Optional<Rule> toDeadline = set.find("documents-to-deadline");
            if (toDeadline.isPresent()) {
                earliestDeadline = Periods.earliestAfter(start, toDeadline.get(), cal);
                if (s.bidDeadline != null && s.bidDeadline.isBefore(earliestDeadline)) {
                    v.add(legal("schedule.bidDeadline", toDeadline.get(),
                            "自招标文件开始发出之日起至投标截止之日止，不得少于" + toDeadline.get().figure()
                                    + "；最早可设为 " + formats.minutes(earliestDeadline) + "（北京时间）",
                            "from the issue of the documents to the bid deadline at least " + toDeadline.get().figureEn()
                                    + "; the earliest legal deadline is " + formats.minutes(earliestDeadline) + " (Beijing time)"));
                }
            }
            Optional<Rule> onSale = set.find("documents-on-sale");
            if (onSale.isPresent()) {
                earliestSaleEnd = Periods.earliestAfter(start, onSale.get(), cal);
                if (s.documentsSaleEndsAt != null && s.documentsSaleEndsAt.isBefore(earliestSaleEnd)) {
                    v.add(legal("schedule.documentsSaleEndsAt", onSale.get(),
                            "招标文件发售期不得少于" + onSale.get().figure() + "；最早可截至 " + formats.minutes(earliestSaleEnd),
                            "documents must be available for at least " + onSale.get().figureEn()
                                    + "; the earliest end is " + formats.minutes(earliestSaleEnd)));
                }
            }
        }
        if (s.documentsSaleEndsAt != null && s.bidDeadline != null && s.documentsSaleEndsAt.isAfter(s.bidDeadline)) {
            v.add(Violation.of("schedule.documentsSaleEndsAt", "before-deadline", Text.of(
                    "招标文件发售截止时间不能晚于投标截止时间", "the documents cannot stay on sale after the bid deadline")));
        }
        if (s.clarificationCutoff != null && s.bidDeadline != null && s.clarificationCutoff.isAfter(s.bidDeadline)) {
            v.add(Violation.of("schedule.clarificationCutoff", "before-deadline", Text.of(
                    "澄清截止时间不能晚于投标截止时间", "the clarification cut-off cannot be after the bid deadline")));
        }

        BigDecimal bondCap = bondCap(set, t.budget);
        if (bondCap != null && t.bidBond != null && t.bidBond.compareTo(bondCap) > 0) {
            Rule percent = set.require("bid-bond-max-percent");
            Optional<Rule> amount = set.find("bid-bond-max-amount");
            Rule binding = amount.filter(a -> a.value().compareTo(bondCap) == 0).orElse(percent);
            v.add(legal("bidBond", binding,
                    "投标保证金不得超过" + (binding == percent ? "预算（估算价）的 " + percent.figure() : binding.figure())
                            + "，本项目上限为 " + bondCap.toPlainString() + " 元",
                    "the bid bond may not exceed " + (binding == percent ? percent.figureEn() + " of the budget" : binding.figureEn())
                            + "; the cap for this tender is RMB " + bondCap.toPlainString()));
        }
        // An inviting method names its invitees before publication: at least the number its law requires.
        Optional<Rule> invitees = set.find(cn.sunlight.rules.RuleIds.MIN_INVITEES);
        if (invitees.isPresent() && t.id != null) {
            long named = cn.sunlight.tender.Invitation.countOf(t.id);
            if (named < invitees.get().intValue()) {
                v.add(legal("invitations", invitees.get(), "邀请招标须向不少于" + invitees.get().figure() + "发出投标邀请书，现只邀请了 "
                                + named + " 家", "an invited tender invites at least " + invitees.get().figureEn() + "; "
                                + named + " named so far"));
            }
        }
        if (t.ceilingPrice != null && t.budget != null && t.ceilingPrice.compareTo(t.budget) > 0) {
            v.add(Violation.of("ceilingPrice", "ceiling-within-budget", Text.of(
                    "最高投标限价不能高于预算", "the ceiling price cannot exceed the budget")));
        }
        return new Report(set.id(), set.version(), earliestDeadline, earliestSaleEnd, bondCap, v);
    }

    /** The bond cap: the percentage of the budget, and the absolute cap where the law sets one. */
    public static BigDecimal bondCap(RuleSet set, BigDecimal budget) {
        return cn.sunlight.rules.Limits.bondCap(set, budget);
    }

    static Violation legal(String field, Rule rule, String zh, String en) {
        return new Violation(field, rule.id(), Text.of(zh, en), rule.figure(), rule.citation());
    }

    private static void required(List<Violation> v, String field, Object value) {
        if (value == null) {
            v.add(Violation.of(field, "required", Text.of("必填", "required")));
        }
    }
}
