package cn.sunlight.rules;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The three kinds of trade the platform runs; each allows a fixed set of {@link TenderMethod}s. */
public enum TradeType {
    /** 工程建设 (招标投标法 and its 实施条例). */
    ENGINEERING("工程建设", "engineering construction",
            EnumSet.of(TenderMethod.OPEN, TenderMethod.INVITED)),
    /** 货物 (招标投标法; online bidding for standard goods). */
    GOODS("货物", "goods",
            EnumSet.of(TenderMethod.OPEN, TenderMethod.INVITED, TenderMethod.ONLINE_BIDDING)),
    /** 政府采购 (政府采购法, its 实施条例, MoF orders). */
    PROCUREMENT("政府采购", "government procurement",
            EnumSet.allOf(TenderMethod.class));

    private final String zh;
    private final String en;
    private final Set<TenderMethod> methods;

    TradeType(String zh, String en, EnumSet<TenderMethod> methods) {
        this.zh = zh;
        this.en = en;
        this.methods = java.util.Collections.unmodifiableSet(methods);
    }

    /** The kebab-case name used in file names and YAML, e.g. {@code engineering}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    /** The methods this trade type allows. */
    public Set<TenderMethod> methods() {
        return methods;
    }

    public boolean allows(TenderMethod method) {
        return methods.contains(method);
    }

    public static Optional<TradeType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key().equals(key)).findFirst();
    }

    static String allowedKeys() {
        return Arrays.stream(values()).map(TradeType::key).collect(Collectors.joining(", "));
    }
}
