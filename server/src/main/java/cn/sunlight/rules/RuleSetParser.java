package cn.sunlight.rules;

import cn.sunlight.rules.YamlTree.Entry;
import cn.sunlight.rules.YamlTree.Kind;
import cn.sunlight.rules.YamlTree.ListNode;
import cn.sunlight.rules.YamlTree.MapNode;
import cn.sunlight.rules.YamlTree.Node;
import cn.sunlight.rules.YamlTree.ScalarNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads rule files (YAML) into {@link RuleSet}s, and canonical JSON back into rule sets.
 *
 * <h2>File format</h2>
 * <pre>
 * tradeType: engineering            # engineering | goods | procurement
 * method: open                      # open | invited | competitive-negotiation | ... (kebab-case of TenderMethod)
 * extends: ../common/tendering-law.yaml   # optional: a path relative to this file, or a list of paths
 * rules:
 *   - id: bid-bond-max-amount       # one of RuleIds
 *     value: 800000                 # a YAML number
 *     unit: yuan                    # calendar-days | working-days | percent | count | yuan | minutes | hours
 *     citation: "《工程建设项目施工招标投标办法》第三十七条"
 *     zh: 施工招标投标保证金最高不得超过 80 万元。
 *     en: A construction bid bond may not exceed RMB 800,000.
 *     verify: true                  # optional: the figure comes from a secondary source
 *     basis: platform-practice      # optional: set by platform policy, not by law (default: law)
 * </pre>
 * A file without {@code tradeType} and {@code method} is a fragment: it can only be used through {@code extends}.
 * Rules of the extended files are inherited; a rule in the extending file replaces an inherited rule with the same id.
 * When a file extends several files, they must agree on every rule they share (or the extending file must override it).
 */
public final class RuleSetParser {
    private static final Set<String> FILE_KEYS = orderedSet("tradeType", "method", "extends", "rules");
    private static final Set<String> RULE_KEYS =
            orderedSet("id", "value", "unit", "citation", "zh", "en", "verify", "basis");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String CANONICAL_SOURCE = "canonical JSON";

    private RuleSetParser() {
    }

    /** Parses a rule file, resolving {@code extends}, and validates it. */
    public static RuleSet parse(Path file) {
        Resolved r = resolve(file.toAbsolutePath().normalize(), file, new ArrayDeque<>());
        if (r.tradeType == null || r.method == null) {
            throw new RuleFileException(file, 1, "a rule set needs 'tradeType' and 'method'"
                    + " (a file without them is a fragment that can only be used through 'extends')");
        }
        if (r.rules.isEmpty()) {
            throw new RuleFileException(file, 1, "the rule set " + RuleSet.idOf(r.tradeType, r.method)
                    + " has no rules");
        }
        for (Located l : r.rules.values()) {
            RuleIds.Spec spec = RuleIds.spec(l.rule.id()).orElseThrow();
            if (!spec.tradeTypes().contains(r.tradeType)) {
                throw new RuleFileException(l.file, l.line, "rule '" + l.rule.id() + "' does not apply to trade type "
                        + r.tradeType.key() + " (only " + keys(spec.tradeTypes()) + "); used by " + file);
            }
        }
        Located size = r.rules.get(RuleIds.COMMITTEE_MIN_SIZE_LARGE_BUDGET);
        Located threshold = r.rules.get(RuleIds.LARGE_BUDGET_THRESHOLD);
        if ((size == null) != (threshold == null)) {
            Located present = size != null ? size : threshold;
            throw new RuleFileException(present.file, present.line, "'" + RuleIds.COMMITTEE_MIN_SIZE_LARGE_BUDGET
                    + "' and '" + RuleIds.LARGE_BUDGET_THRESHOLD + "' must be given together; used by " + file);
        }
        List<Rule> rules = r.rules.values().stream().map(l -> l.rule).toList();
        return RuleSet.of(r.tradeType, r.method, rules);
    }

    /** The canonical JSON of a rule set (what {@link RuleSet#canonicalJson()} holds); see {@link RuleSetJson}. */
    public static String canonicalJson(TradeType tradeType, TenderMethod method, java.util.Collection<Rule> rules) {
        TreeMap<String, Rule> byId = new TreeMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        return RuleSetJson.ruleSetJson(tradeType, method, byId.values());
    }

    /** SHA-256 (lower-case hex) of the UTF-8 bytes of a string: the version of a canonical form. */
    public static String sha256Hex(String canonicalJson) {
        return RuleSetJson.sha256Hex(canonicalJson);
    }

    /**
     * Re-reads a stored canonical form. Rule ids are not checked against today's {@link RuleIds} (an old form must stay
     * readable after ids change); the structure, units and values are. The result's version is the hash of the
     * re-serialised canonical form, so a stored form that was not altered gives back its stored version.
     */
    public static RuleSet fromCanonical(String canonicalJson) {
        JsonNode root;
        try {
            root = cn.sunlight.common.CanonicalJson.readExact(canonicalJson);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RuleFileException(CANONICAL_SOURCE, line, "invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw canonical("the top level must be an object");
        }
        exactKeys(root, Set.of("format", "id", "tradeType", "method", "rules"), "the rule set");
        if (!root.get("format").isIntegralNumber() || root.get("format").intValue() != RuleSetJson.FORMAT) {
            throw canonical("unsupported format " + root.get("format") + " (this version reads format "
                    + RuleSetJson.FORMAT + ")");
        }
        TradeType tradeType = TradeType.fromKey(text(root, "tradeType", "the rule set"))
                .orElseThrow(() -> canonical("unknown tradeType " + root.get("tradeType")));
        TenderMethod method = TenderMethod.fromKey(text(root, "method", "the rule set"))
                .orElseThrow(() -> canonical("unknown method " + root.get("method")));
        if (!RuleSet.idOf(tradeType, method).equals(text(root, "id", "the rule set"))) {
            throw canonical("id " + root.get("id") + " does not match tradeType/method");
        }
        JsonNode rulesNode = root.get("rules");
        if (!rulesNode.isObject()) {
            throw canonical("'rules' must be an object");
        }
        List<Rule> rules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rulesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode o = e.getValue();
            String where = "rule '" + e.getKey() + "'";
            if (!o.isObject()) {
                throw canonical(where + " must be an object");
            }
            exactKeys(o, RULE_KEYS, where);
            if (!e.getKey().equals(text(o, "id", where))) {
                throw canonical(where + " has id " + o.get("id"));
            }
            if (!o.get("value").isNumber()) {
                throw canonical(where + ": value must be a number");
            }
            RuleUnit unit = RuleUnit.fromKey(text(o, "unit", where))
                    .orElseThrow(() -> canonical(where + ": unknown unit " + o.get("unit")));
            RuleBasis basis = RuleBasis.fromKey(text(o, "basis", where))
                    .orElseThrow(() -> canonical(where + ": unknown basis " + o.get("basis")));
            if (!o.get("verify").isBoolean()) {
                throw canonical(where + ": verify must be true or false");
            }
            rules.add(new Rule(e.getKey(), o.get("value").decimalValue(), unit, text(o, "citation", where),
                    text(o, "zh", where), text(o, "en", where), o.get("verify").booleanValue(), basis));
        }
        return RuleSet.of(tradeType, method, rules);
    }

    // ---- resolution ------------------------------------------------------------------------------------------------

    private record Located(Rule rule, Path file, int line) {
    }

    private static final class Resolved {
        TradeType tradeType;
        TenderMethod method;
        final Map<String, Located> rules = new LinkedHashMap<>();
    }

    /**
     * @param key     the normalised absolute path (cycle detection)
     * @param display the path as it should appear in messages
     * @param chain   the files being resolved, outermost first
     */
    private static Resolved resolve(Path key, Path display, Deque<Path> chain) {
        chain.addLast(key);
        MapNode root = YamlTree.requireMap(display, YamlTree.read(display), "a rule file");
        YamlTree.checkKeys(display, root, FILE_KEYS, "");
        Resolved out = new Resolved();

        Entry tradeEntry = root.get("tradeType");
        if (tradeEntry != null) {
            String t = YamlTree.optString(display, root, "tradeType", "");
            out.tradeType = TradeType.fromKey(t).orElseThrow(() -> new RuleFileException(display,
                    tradeEntry.value().line(), "unknown tradeType '" + t + "' (allowed: " + TradeType.allowedKeys() + ")"));
        }
        Entry methodEntry = root.get("method");
        if (methodEntry != null) {
            String m = YamlTree.optString(display, root, "method", "");
            out.method = TenderMethod.fromKey(m).orElseThrow(() -> new RuleFileException(display,
                    methodEntry.value().line(), "unknown method '" + m + "' (allowed: " + TenderMethod.allowedKeys() + ")"));
        }
        if ((out.tradeType == null) != (out.method == null)) {
            Entry present = tradeEntry != null ? tradeEntry : methodEntry;
            throw new RuleFileException(display, present.keyLine(),
                    "'tradeType' and 'method' must be given together (or both left out in a fragment)");
        }
        if (out.tradeType != null && !out.tradeType.allows(out.method)) {
            throw new RuleFileException(display, methodEntry.value().line(), "trade type " + out.tradeType.key()
                    + " does not allow method " + out.method.key() + " (allowed: " + keys(out.tradeType.methods()) + ")");
        }

        // inherited rules
        Entry ext = root.get("extends");
        if (ext != null) {
            List<ScalarNode> targets = new ArrayList<>();
            if (ext.value() instanceof ScalarNode s) {
                targets.add(s);
            } else if (ext.value() instanceof ListNode l && !l.items().isEmpty()) {
                for (Node n : l.items()) {
                    if (!(n instanceof ScalarNode s)) {
                        throw new RuleFileException(display, n.line(), "'extends' entries must be file paths");
                    }
                    targets.add(s);
                }
            } else {
                throw new RuleFileException(display, ext.value().line(), "'extends' must be a file path or a list of them");
            }
            Map<String, Located> inherited = new LinkedHashMap<>();
            for (ScalarNode target : targets) {
                if (target.kind() != Kind.STRING || target.text().isBlank()) {
                    throw new RuleFileException(display, target.line(), "'extends' entries must be file paths");
                }
                Path parentDisplay = (display.getParent() == null ? Path.of("") : display.getParent())
                        .resolve(target.text().strip()).normalize();
                Path parentKey = key.getParent().resolve(target.text().strip()).normalize();
                if (chain.contains(parentKey)) {
                    String cycle = chain.stream().dropWhile(p -> !p.equals(parentKey))
                            .map(p -> p.getFileName().toString()).collect(Collectors.joining(" -> "))
                            + " -> " + parentKey.getFileName();
                    throw new RuleFileException(display, target.line(), "'extends' cycle: " + cycle);
                }
                if (!Files.isRegularFile(parentKey)) {
                    throw new RuleFileException(display, target.line(), "'extends' target not found: " + parentDisplay);
                }
                Resolved parent = resolve(parentKey, parentDisplay, chain);
                for (Located l : parent.rules.values()) {
                    Located other = inherited.putIfAbsent(l.rule.id(), l);
                    if (other != null && other.rule != null && !other.rule.equals(l.rule)) {
                        inherited.put(l.rule.id(), new Located(null, display, target.line()));   // marks a conflict
                    }
                }
            }
            out.rules.putAll(inherited);
        }

        // own rules, which override inherited ones
        Entry rulesEntry = root.get("rules");
        Map<String, Integer> ownLines = new LinkedHashMap<>();
        if (rulesEntry != null && !(rulesEntry.value() instanceof ScalarNode s && s.kind() == Kind.NULL)) {
            if (!(rulesEntry.value() instanceof ListNode list)) {
                throw new RuleFileException(display, rulesEntry.value().line(),
                        "'rules' must be a list (each item starting with '- id: ...')");
            }
            for (Node n : list.items()) {
                Located l = parseRule(display, n);
                Integer first = ownLines.putIfAbsent(l.rule.id(), l.line);
                if (first != null) {
                    throw new RuleFileException(display, l.line,
                            "duplicate rule id '" + l.rule.id() + "' (first at line " + first + ")");
                }
                out.rules.put(l.rule.id(), l);
            }
        }
        for (Map.Entry<String, Located> e : out.rules.entrySet()) {
            if (e.getValue().rule == null) {
                throw new RuleFileException(display, e.getValue().line, "rule '" + e.getKey()
                        + "' is defined differently by the extended files; override it in this file");
            }
        }
        chain.removeLast();
        return out;
    }

    private static Located parseRule(Path file, Node n) {
        MapNode m = YamlTree.requireMap(file, n, "a rule");
        Entry idEntry = m.get("id");
        if (idEntry == null) {
            throw new RuleFileException(file, m.line(), "rule without 'id'");
        }
        String id = YamlTree.optString(file, m, "id", " of a rule");
        if (!ID.matcher(id).matches()) {
            throw new RuleFileException(file, idEntry.value().line(), "rule id '" + id + "' must be kebab-case");
        }
        String where = " in rule '" + id + "'";
        YamlTree.checkKeys(file, m, RULE_KEYS, where);
        RuleIds.Spec spec = RuleIds.spec(id).orElseThrow(() -> new RuleFileException(file, idEntry.value().line(),
                "unknown rule id '" + id + "' (known ids are listed in " + RuleIds.class.getName() + ")"));
        for (String required : List.of("value", "unit", "citation", "zh", "en")) {
            if (m.get(required) == null) {
                throw new RuleFileException(file, m.line(), "rule '" + id + "' has no '" + required + "'");
            }
        }

        Entry valueEntry = m.get("value");
        if (!(valueEntry.value() instanceof ScalarNode v) || (v.kind() != Kind.INT && v.kind() != Kind.FLOAT)) {
            throw new RuleFileException(file, valueEntry.value().line(), "value of rule '" + id
                    + "' must be a number, got " + describe(valueEntry.value()));
        }
        if (v.number() == null) {
            throw new RuleFileException(file, v.line(), "value of rule '" + id + "' must be a finite number, got '"
                    + v.text() + "'");
        }
        BigDecimal value = v.number();
        if (value.signum() < 0) {
            throw new RuleFileException(file, v.line(), "value of rule '" + id + "' must not be negative");
        }

        Entry unitEntry = m.get("unit");
        String unitKey = YamlTree.optString(file, m, "unit", where);
        RuleUnit unit = RuleUnit.fromKey(unitKey).orElseThrow(() -> new RuleFileException(file,
                unitEntry.value().line(), "unknown unit '" + unitKey + "'" + where + " (allowed: "
                + RuleUnit.allowedKeys() + ")"));
        if (!spec.units().contains(unit)) {
            throw new RuleFileException(file, unitEntry.value().line(), "rule '" + id + "' cannot be in " + unit.key()
                    + " (allowed: " + spec.units().stream().map(RuleUnit::key).collect(Collectors.joining(", ")) + ")");
        }
        if (unit.isIntegral() && value.stripTrailingZeros().scale() > 0) {
            throw new RuleFileException(file, v.line(), "value of rule '" + id + "' must be a whole number of "
                    + unit.key() + ", got " + v.text());
        }
        if (unit == RuleUnit.PERCENT && value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new RuleFileException(file, v.line(), "value of rule '" + id + "' is over 100 percent");
        }
        if ((id.equals(RuleIds.COMMITTEE_MIN_SIZE) || id.equals(RuleIds.COMMITTEE_MIN_SIZE_LARGE_BUDGET))
                && value.intValue() % 2 == 0) {
            throw new RuleFileException(file, v.line(), "an evaluation committee has an odd number of members; "
                    + id + " is " + v.text());
        }

        String citation = YamlTree.optString(file, m, "citation", where);
        String zh = YamlTree.optString(file, m, "zh", where);
        String en = YamlTree.optString(file, m, "en", where);
        boolean verify = YamlTree.optBoolean(file, m, "verify", where);
        RuleBasis basis = RuleBasis.LAW;
        Entry basisEntry = m.get("basis");
        if (basisEntry != null) {
            String b = YamlTree.optString(file, m, "basis", where);
            basis = RuleBasis.fromKey(b).orElseThrow(() -> new RuleFileException(file, basisEntry.value().line(),
                    "unknown basis '" + b + "'" + where + " (allowed: law, platform-practice)"));
        }
        return new Located(new Rule(id, value, unit, citation, zh, en, verify, basis), file, m.line());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static String describe(Node n) {
        if (n instanceof ScalarNode s) {
            return s.kind() == Kind.NULL ? "nothing" : "'" + s.text() + "'";
        }
        return n instanceof MapNode ? "a mapping" : "a list";
    }

    private static String keys(Set<? extends Enum<?>> values) {
        return values.stream().map(v -> v instanceof TradeType t ? t.key() : ((TenderMethod) v).key())
                .collect(Collectors.joining(", "));
    }

    private static Set<String> orderedSet(String... s) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(s)));
    }

    private static RuleFileException canonical(String problem) {
        return new RuleFileException(CANONICAL_SOURCE, 0, problem);
    }

    private static void exactKeys(JsonNode o, Set<String> expected, String where) {
        Set<String> actual = new LinkedHashSet<>();
        o.fieldNames().forEachRemaining(actual::add);
        if (!actual.equals(expected)) {
            throw canonical(where + " has keys " + actual + ", expected " + new TreeMap<>(
                    expected.stream().collect(Collectors.toMap(k -> k, k -> ""))).keySet());
        }
    }

    private static String text(JsonNode o, String key, String where) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            throw canonical(where + ": '" + key + "' must be a string");
        }
        return v.textValue();
    }
}
