package cn.sunlight.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a tender is run. The rule file for a method is named by {@link #key()}, e.g. {@code competitive-negotiation.yaml}. */
public enum TenderMethod {
    OPEN("公开招标", "open tender"),
    INVITED("邀请招标", "invited tender"),
    COMPETITIVE_NEGOTIATION("竞争性谈判", "competitive negotiation"),
    COMPETITIVE_CONSULTATION("竞争性磋商", "competitive consultation"),
    INQUIRY("询价", "request for quotations"),
    SINGLE_SOURCE("单一来源", "single source"),
    ONLINE_BIDDING("网上竞价", "online bidding");

    private final String zh;
    private final String en;

    TenderMethod(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** The kebab-case name used in file names and YAML, e.g. {@code online-bidding}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public static Optional<TenderMethod> fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
    }

    static String allowedKeys() {
        return Arrays.stream(values()).map(TenderMethod::key).collect(Collectors.joining(", "));
    }
}
