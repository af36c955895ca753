package cn.sunlight.rules;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule ids the services look up, with the units each may use and the trade types it belongs to. A rule file that
 * uses an id not listed here, or a unit the id does not allow, is rejected at start-up: a typo in an id would otherwise
 * silently turn a legal limit off. To add a rule, add its id here first.
 */
public final class RuleIds {
    public static final String DOCUMENTS_TO_DEADLINE = "documents-to-deadline";
    public static final String DOCUMENTS_ON_SALE = "documents-on-sale";
    public static final String AMENDMENT_NOTICE = "amendment-notice";
    public static final String OBJECTION_TO_DOCUMENTS = "objection-to-documents";
    public static final String OBJECTION_ANSWER = "objection-answer";
    public static final String BID_BOND_MAX_PERCENT = "bid-bond-max-percent";
    public static final String BID_BOND_MAX_AMOUNT = "bid-bond-max-amount";
    public static final String MIN_BIDS_TO_OPEN = "min-bids-to-open";
    public static final String COMMITTEE_MIN_SIZE = "committee-min-size";
    public static final String COMMITTEE_MIN_SIZE_LARGE_BUDGET = "committee-min-size-large-budget";
    public static final String LARGE_BUDGET_THRESHOLD = "large-budget-threshold";
    public static final String COMMITTEE_EXPERT_SHARE = "committee-expert-share";
    public static final String PUBLICITY_PUBLISH_WITHIN = "publicity-publish-within";
    public static final String PUBLICITY_MIN_DURATION = "publicity-min-duration";
    public static final String CONTRACT_WITHIN = "contract-within";
    public static final String BOND_REFUND_WITHIN = "bond-refund-within";
    public static final String PERFORMANCE_BOND_MAX_PERCENT = "performance-bond-max-percent";
    public static final String BID_BOND_BY_DEADLINE = "bid-bond-by-deadline";
    public static final String BID_VALIDITY = "bid-validity";
    public static final String AWARD_FALLBACK_MAX_RANK = "award-fallback-max-rank";
    public static final String ABNORMALLY_LOW_PRICE_PERCENT = "abnormally-low-price-percent";
    public static final String COMPLAINT_WITHIN = "complaint-within";
    public static final String COMPLAINT_ACCEPT = "complaint-accept";
    public static final String COMPLAINT_DECIDE = "complaint-decide";
    public static final String CHALLENGE_WITHIN = "challenge-within";
    public static final String CHALLENGE_ANSWER = "challenge-answer";
    public static final String ANNOUNCEMENT_PERIOD = "announcement-period";
    public static final String DECRYPTION_WINDOW = "decryption-window";
    public static final String CONFIRMATION_WINDOW = "confirmation-window";
    public static final String AUCTION_MIN_DECREMENT_PERCENT = "auction-min-decrement-percent";
    public static final String AUCTION_EXTENSION_WINDOW = "auction-extension-window";
    public static final String AUCTION_EXTENSION = "auction-extension";
    public static final String AUCTION_MAX_EXTENSIONS = "auction-max-extensions";
    /** The methods that invite (邀请招标): at least this many invitees named before publication. */
    public static final String MIN_INVITEES = "min-invitees";

    /** What a known id may look like. */
    public record Spec(String id, Set<RuleUnit> units, Set<TradeType> tradeTypes) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        Set<RuleUnit> days = EnumSet.of(RuleUnit.CALENDAR_DAYS, RuleUnit.WORKING_DAYS);
        Set<RuleUnit> percent = EnumSet.of(RuleUnit.PERCENT);
        Set<RuleUnit> count = EnumSet.of(RuleUnit.COUNT);
        Set<RuleUnit> yuan = EnumSet.of(RuleUnit.YUAN);
        Set<RuleUnit> clock = EnumSet.of(RuleUnit.MINUTES, RuleUnit.HOURS);
        Set<TradeType> all = EnumSet.allOf(TradeType.class);
        Set<TradeType> tendering = EnumSet.of(TradeType.ENGINEERING, TradeType.GOODS);
        Set<TradeType> procurement = EnumSet.of(TradeType.PROCUREMENT);

        spec(DOCUMENTS_TO_DEADLINE, days, all);
        spec(DOCUMENTS_ON_SALE, days, all);
        spec(AMENDMENT_NOTICE, days, all);
        spec(OBJECTION_TO_DOCUMENTS, days, tendering);   // 异议: 招标投标法 only; procurement uses 质疑 (challenge)
        spec(OBJECTION_ANSWER, days, tendering);
        spec(BID_BOND_MAX_PERCENT, percent, all);
        spec(BID_BOND_MAX_AMOUNT, yuan, all);
        spec(MIN_BIDS_TO_OPEN, count, all);
        spec(COMMITTEE_MIN_SIZE, count, all);
        spec(COMMITTEE_MIN_SIZE_LARGE_BUDGET, count, all);
        spec(LARGE_BUDGET_THRESHOLD, yuan, all);
        spec(COMMITTEE_EXPERT_SHARE, percent, all);
        spec(PUBLICITY_PUBLISH_WITHIN, days, all);
        spec(PUBLICITY_MIN_DURATION, days, all);
        spec(CONTRACT_WITHIN, days, all);
        spec(BOND_REFUND_WITHIN, days, all);
        spec(PERFORMANCE_BOND_MAX_PERCENT, percent, all);
        spec(BID_BOND_BY_DEADLINE, days, all);
        spec(BID_VALIDITY, days, all);
        spec(AWARD_FALLBACK_MAX_RANK, count, all);
        spec(ABNORMALLY_LOW_PRICE_PERCENT, percent, all);
        spec(COMPLAINT_WITHIN, days, all);
        spec(COMPLAINT_ACCEPT, days, all);
        spec(COMPLAINT_DECIDE, days, all);
        spec(CHALLENGE_WITHIN, days, procurement);
        spec(CHALLENGE_ANSWER, days, procurement);
        spec(ANNOUNCEMENT_PERIOD, days, procurement);
        spec(DECRYPTION_WINDOW, clock, all);
        spec(CONFIRMATION_WINDOW, clock, all);
        spec(AUCTION_MIN_DECREMENT_PERCENT, percent, all);
        spec(AUCTION_EXTENSION_WINDOW, clock, all);
        spec(AUCTION_EXTENSION, clock, all);
        spec(AUCTION_MAX_EXTENSIONS, count, all);
        spec(MIN_INVITEES, count, all);
    }

    private RuleIds() {
    }

    private static void spec(String id, Set<RuleUnit> units, Set<TradeType> tradeTypes) {
        SPECS.put(id, new Spec(id, Collections.unmodifiableSet(EnumSet.copyOf(units)),
                Collections.unmodifiableSet(EnumSet.copyOf(tradeTypes))));
    }

    public static Optional<Spec> spec(String id) {
        return Optional.ofNullable(SPECS.get(id));
    }

    /** Every known id, in declaration order. */
    public static Set<String> all() {
        return Collections.unmodifiableSet(SPECS.keySet());
    }
}
