package cn.sunlight.rules;

import java.util.Arrays;
import java.util.Optional;

/** Where a figure comes from: the law (default) or the platform's own policy ({@code basis: platform-practice}). */
public enum RuleBasis {
    LAW("law"),
    PLATFORM_PRACTICE("platform-practice");

    private final String key;

    RuleBasis(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<RuleBasis> fromKey(String key) {
        return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
    }
}
