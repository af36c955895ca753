package cn.sunlight.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fully resolved rules of one trade type and method, e.g. {@code engineering/open}.
 *
 * @param id            {@code tradeType.key() + "/" + method.key()}
 * @param tradeType     the trade type
 * @param method        the tender method
 * @param version       SHA-256 (lower-case hex) of the UTF-8 bytes of {@code canonicalJson}: a tender records it to prove
 *                      which figures it was run under
 * @param canonicalJson the canonical form (see {@link RuleSetParser#canonicalJson}); store it next to the version so the
 *                      exact figures can be re-read with {@link RuleSetParser#fromCanonical} years later
 * @param rules         rules by id, in id order, unmodifiable
 */
public record RuleSet(String id, TradeType tradeType, TenderMethod method, String version, String canonicalJson,
                      Map<String, Rule> rules) {

    public RuleSet {
        Objects.requireNonNull(tradeType, "tradeType");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(canonicalJson, "canonicalJson");
        Objects.requireNonNull(rules, "rules");
        if (!idOf(tradeType, method).equals(id)) {
            throw new IllegalArgumentException("rule set id " + id + " does not match " + idOf(tradeType, method));
        }
        if (!RuleSetJson.sha256Hex(canonicalJson).equals(version)) {
            throw new IllegalArgumentException("version " + version + " is not the SHA-256 of the canonical JSON");
        }
        rules = Collections.unmodifiableMap(new TreeMap<>(rules));
    }

    /** Builds a rule set from its rules, computing the canonical form and the version. */
    public static RuleSet of(TradeType tradeType, TenderMethod method, Collection<Rule> rules) {
        TreeMap<String, Rule> byId = new TreeMap<>();
        for (Rule r : rules) {
            if (byId.put(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
        }
        String json = RuleSetJson.ruleSetJson(tradeType, method, byId.values());
        return new RuleSet(idOf(tradeType, method), tradeType, method, RuleSetJson.sha256Hex(json), json, byId);
    }

    public static String idOf(TradeType tradeType, TenderMethod method) {
        return tradeType.key() + "/" + method.key();
    }

    public Optional<Rule> find(String ruleId) {
        return Optional.ofNullable(rules.get(ruleId));
    }

    /** The rule, or a {@link NoSuchElementException} naming the rule set and the missing id. */
    public Rule require(String ruleId) {
        Rule r = rules.get(ruleId);
        if (r == null) {
            throw new NoSuchElementException("rule set " + id + " (" + tradeType.zh() + "/" + method.zh()
                    + ", version " + version.substring(0, 12) + ") has no rule '" + ruleId + "'");
        }
        return r;
    }

    @Override
    public String toString() {
        return "RuleSet[" + id + ", version=" + version + ", rules=" + rules.keySet() + "]";
    }
}
