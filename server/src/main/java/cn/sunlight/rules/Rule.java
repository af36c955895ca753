package cn.sunlight.rules;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Objects;

/**
 * One legal (or platform) figure, e.g. "documents-to-deadline = 20 calendar days, 《招标投标法》第二十四条".
 *
 * @param id       stable identifier the services look rules up by, see {@link RuleIds}
 * @param value    the figure; normalised (trailing zeros stripped) so equal figures compare equal
 * @param unit     what the figure counts
 * @param citation the legal basis, in Chinese
 * @param zh       what the rule says, in Chinese
 * @param en       what the rule says, in English
 * @param verify   true when the figure or citation comes from a secondary source and still needs checking against the
 *                 official text
 * @param basis    {@link RuleBasis#LAW} or {@link RuleBasis#PLATFORM_PRACTICE} for figures the platform sets itself
 */
public record Rule(String id, BigDecimal value, RuleUnit unit, String citation, String zh, String en, boolean verify,
                   RuleBasis basis) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(citation, "citation");
        Objects.requireNonNull(zh, "zh");
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(basis, "basis");
        value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** A rule whose figure is set by law. */
    public Rule(String id, BigDecimal value, RuleUnit unit, String citation, String zh, String en, boolean verify) {
        this(id, value, unit, citation, zh, en, verify, RuleBasis.LAW);
    }

    /** True when the figure is platform policy rather than law. */
    public boolean platformPractice() {
        return basis == RuleBasis.PLATFORM_PRACTICE;
    }

    /** The value as an int; throws {@link ArithmeticException} if it has a fraction or does not fit. */
    public int intValue() {
        return value.intValueExact();
    }

    /** The value as a long; throws {@link ArithmeticException} if it has a fraction or does not fit. */
    public long longValue() {
        return value.longValueExact();
    }

    /** The figure in Chinese: "20 日", "5 个工作日", "2 %", "3", "800,000 元", "30 分钟", "24 小时". */
    public String figure() {
        String n = plain();
        return switch (unit) {
            case CALENDAR_DAYS -> n + " 日";
            case WORKING_DAYS -> n + " 个工作日";
            case PERCENT -> n + " %";
            case COUNT -> n;
            case YUAN -> grouped() + " 元";
            case MINUTES -> n + " 分钟";
            case HOURS -> n + " 小时";
        };
    }

    /** The figure in English: "20 calendar days", "5 working days", "2%", "3", "RMB 800,000", "30 minutes". */
    public String figureEn() {
        String n = plain();
        boolean one = value.compareTo(BigDecimal.ONE) == 0;
        return switch (unit) {
            case CALENDAR_DAYS -> n + (one ? " calendar day" : " calendar days");
            case WORKING_DAYS -> n + (one ? " working day" : " working days");
            case PERCENT -> n + "%";
            case COUNT -> n;
            case YUAN -> "RMB " + grouped();
            case MINUTES -> n + (one ? " minute" : " minutes");
            case HOURS -> n + (one ? " hour" : " hours");
        };
    }

    private String plain() {
        return value.toPlainString();
    }

    private String grouped() {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setParseBigDecimal(true);
        return f.format(value);
    }
}
