package cn.sunlight.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every rule set and the holiday calendar, loaded from a rules directory:
 * <pre>
 * bidding-rules/
 *   calendar/2026.yaml, 2027.yaml, ...        one file per year (see CalendarYear)
 *   common/*.yaml                             fragments, used only through 'extends'
 *   engineering/open.yaml, invited.yaml       one file per allowed trade type and method: {tradeType}/{method}.yaml
 *   goods/...  procurement/...
 * </pre>
 * Loading is all-or-nothing: any broken file, a misplaced file, or an allowed trade type/method without its file throws
 * {@link RuleFileException}. Other files (README.md and the like) are ignored.
 */
public final class RuleCatalog {
    private final Map<TradeType, Map<TenderMethod, RuleSet>> sets;
    private final Map<String, RuleSet> byVersion;
    private final WorkingCalendar calendar;

    private RuleCatalog(Map<TradeType, Map<TenderMethod, RuleSet>> sets, WorkingCalendar calendar) {
        this.sets = sets;
        this.calendar = calendar;
        Map<String, RuleSet> v = new LinkedHashMap<>();
        all().forEach(rs -> v.put(rs.version(), rs));
        this.byVersion = Collections.unmodifiableMap(v);
    }

    public static RuleCatalog load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleFileException(dir.toAbsolutePath().toString(), 0, "rules directory not found"
                    + " (set sunlight.rules.dir)");
        }
        WorkingCalendar calendar = WorkingCalendar.load(dir.resolve("calendar"));
        Map<TradeType, Map<TenderMethod, RuleSet>> sets = new EnumMap<>(TradeType.class);
        List<Path> files;
        // Following links: the rules directory may be one (server/bidding-rules links to the repository root's).
        try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            Path rel = dir.relativize(f);
            String top = rel.getName(0).toString();
            if (rel.getNameCount() == 2 && (top.equals("calendar") || top.equals("common"))) {
                continue;   // calendars are loaded above; fragments are parsed through 'extends'
            }
            String fileName = rel.getFileName().toString();
            String stem = fileName.substring(0, fileName.lastIndexOf('.'));
            Optional<TradeType> trade = TradeType.fromKey(top);
            Optional<TenderMethod> method = TenderMethod.fromKey(stem);
            if (rel.getNameCount() != 2 || trade.isEmpty() || method.isEmpty()) {
                throw new RuleFileException(f, 0, "unexpected rule file: rule sets live in {tradeType}/{method}.yaml"
                        + " (trade types: " + TradeType.allowedKeys() + "; methods: " + TenderMethod.allowedKeys()
                        + "), fragments in common/, calendars in calendar/");
            }
            if (!trade.get().allows(method.get())) {
                throw new RuleFileException(f, 0, "unexpected rule file: trade type " + trade.get().key()
                        + " does not allow method " + method.get().key() + " (allowed: "
                        + trade.get().methods().stream().map(TenderMethod::key).toList() + ")");
            }
            RuleSet rs = RuleSetParser.parse(f);
            if (rs.tradeType() != trade.get() || rs.method() != method.get()) {
                throw new RuleFileException(f, 1, "the file declares " + rs.id() + " but its path says "
                        + RuleSet.idOf(trade.get(), method.get()));
            }
            RuleSet previous = sets.computeIfAbsent(rs.tradeType(), t -> new EnumMap<>(TenderMethod.class))
                    .put(rs.method(), rs);
            if (previous != null) {
                throw new RuleFileException(f, 1, "a second file for " + rs.id() + " (.yaml and .yml?)");
            }
        }
        for (TradeType t : TradeType.values()) {
            for (TenderMethod m : t.methods()) {
                if (!sets.getOrDefault(t, Map.of()).containsKey(m)) {
                    throw new RuleFileException(dir.resolve(t.key()).resolve(m.key() + ".yaml"), 0,
                            "missing: trade type " + t.key() + " allows method " + m.key() + " but it has no rule file");
                }
            }
        }
        Map<TradeType, Map<TenderMethod, RuleSet>> frozen = new EnumMap<>(TradeType.class);
        sets.forEach((t, m) -> frozen.put(t, Collections.unmodifiableMap(m)));
        return new RuleCatalog(Collections.unmodifiableMap(frozen), calendar);
    }

    /**
     * The rules for a trade type and method; {@link IllegalArgumentException} for a method the trade type does not
     * allow (e.g. engineering by single source).
     */
    public RuleSet forMethod(TradeType tradeType, TenderMethod method) {
        if (!tradeType.allows(method)) {
            throw new IllegalArgumentException("trade type " + tradeType.key() + " (" + tradeType.zh()
                    + ") does not allow method " + method.key() + " (" + method.zh() + "); allowed: "
                    + tradeType.methods().stream().map(TenderMethod::key).toList());
        }
        return sets.get(tradeType).get(method);
    }

    /** Every rule set, by trade type then method. */
    public Collection<RuleSet> all() {
        return sets.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** The rule set currently loaded with this version, if the figures have not changed since. */
    public Optional<RuleSet> byVersion(String version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    public WorkingCalendar calendar() {
        return calendar;
    }
}
