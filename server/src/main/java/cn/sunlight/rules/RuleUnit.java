package cn.sunlight.rules;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The unit of a rule's value; {@link #key()} is the spelling used in the YAML files. */
public enum RuleUnit {
    CALENDAR_DAYS("calendar-days", true),
    WORKING_DAYS("working-days", true),
    PERCENT("percent", false),
    COUNT("count", false),
    YUAN("yuan", false),
    MINUTES("minutes", true),
    HOURS("hours", true);

    private final String key;
    private final boolean period;

    RuleUnit(String key, boolean period) {
        this.key = key;
        this.period = period;
    }

    public String key() {
        return key;
    }

    /** True for units that measure time ({@link Periods} can apply them). */
    public boolean isPeriod() {
        return period;
    }

    /** True for units whose value must be a whole number. */
    public boolean isIntegral() {
        return this != PERCENT && this != YUAN;
    }

    public static Optional<RuleUnit> fromKey(String key) {
        return Arrays.stream(values()).filter(u -> u.key.equals(key)).findFirst();
    }

    static String allowedKeys() {
        return Arrays.stream(values()).map(RuleUnit::key).collect(Collectors.joining(", "));
    }
}
