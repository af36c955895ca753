package cn.sunlight.rules;

import cn.sunlight.rules.YamlTree.Entry;
import cn.sunlight.rules.YamlTree.Kind;
import cn.sunlight.rules.YamlTree.ListNode;
import cn.sunlight.rules.YamlTree.MapNode;
import cn.sunlight.rules.YamlTree.Node;
import cn.sunlight.rules.YamlTree.ScalarNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One year of the public-holiday calendar, as published by the State Council (国务院办公厅关于 YYYY 年部分节假日安排的通知).
 *
 * <h2>File format ({@code bidding-rules/calendar/2026.yaml})</h2>
 * <pre>
 * year: 2026
 * source: 《国务院办公厅关于2026年部分节假日安排的通知》（国办发明电〔2025〕7号）
 * verify: false          # optional: true when the dates come from a secondary source
 * provisional: false     # optional: true until the State Council has published the year's notice
 * note: ...              # optional free text
 * holidays:              # days off (放假), including weekend days inside a holiday block
 *   - name: 国庆节
 *     en: National Day   # optional
 *     from: 2026-10-01
 *     to: 2026-10-07     # or a single 'date:'
 * workdays:              # make-up working days (调休上班日): a Saturday or Sunday that is a working day
 *   - date: 2026-10-10
 *     name: 国庆节调休上班
 * </pre>
 *
 * @param holidays       day → holiday name
 * @param makeUpWorkdays day → what the make-up day is for
 */
public record CalendarYear(int year, String source, boolean verify, boolean provisional, String note,
                           Map<LocalDate, String> holidays, Map<LocalDate, String> makeUpWorkdays) {

    private static final Set<String> FILE_KEYS =
            ordered("year", "source", "verify", "provisional", "note", "holidays", "workdays");
    private static final Set<String> HOLIDAY_KEYS = ordered("name", "en", "date", "from", "to");
    private static final Set<String> WORKDAY_KEYS = ordered("date", "name");
    private static final Pattern YEAR_FILE = Pattern.compile("(\\d{4})\\.ya?ml");

    public CalendarYear {
        holidays = Collections.unmodifiableMap(new TreeMap<>(holidays));
        makeUpWorkdays = Collections.unmodifiableMap(new TreeMap<>(makeUpWorkdays));
    }

    /** Parses and validates a calendar file; every error names the file and line. */
    public static CalendarYear parse(Path file) {
        MapNode root = YamlTree.requireMap(file, YamlTree.read(file), "a calendar file");
        YamlTree.checkKeys(file, root, FILE_KEYS, "");
        Entry yearEntry = root.get("year");
        if (yearEntry == null) {
            throw new RuleFileException(file, root.line(), "calendar file has no 'year'");
        }
        if (!(yearEntry.value() instanceof ScalarNode ys) || ys.kind() != Kind.INT || ys.number() == null
                || ys.number().compareTo(java.math.BigDecimal.valueOf(2000)) < 0
                || ys.number().compareTo(java.math.BigDecimal.valueOf(2999)) > 0) {
            throw new RuleFileException(file, yearEntry.value().line(), "'year' must be a year such as 2026");
        }
        int year = ys.number().intValueExact();
        var m = YEAR_FILE.matcher(file.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) != year) {
            throw new RuleFileException(file, ys.line(), "'year: " + year + "' does not match the file name");
        }
        String source = YamlTree.optString(file, root, "source", "");
        if (source == null) {
            throw new RuleFileException(file, root.line(), "calendar file has no 'source' (the State Council notice)");
        }
        boolean verify = YamlTree.optBoolean(file, root, "verify", "");
        boolean provisional = YamlTree.optBoolean(file, root, "provisional", "");
        String note = YamlTree.optString(file, root, "note", "");

        Map<LocalDate, String> holidays = new TreeMap<>();
        Map<LocalDate, Integer> holidayLines = new TreeMap<>();
        for (Node n : list(file, root, "holidays")) {
            MapNode h = YamlTree.requireMap(file, n, "a holiday");
            YamlTree.checkKeys(file, h, HOLIDAY_KEYS, " in a holiday");
            String name = YamlTree.optString(file, h, "name", " of a holiday");
            if (name == null) {
                throw new RuleFileException(file, h.line(), "holiday without 'name'");
            }
            YamlTree.optString(file, h, "en", " of a holiday");
            LocalDate from;
            LocalDate to;
            if (h.get("date") != null) {
                if (h.get("from") != null || h.get("to") != null) {
                    throw new RuleFileException(file, h.line(), "holiday '" + name + "': give 'date' or 'from'/'to', not both");
                }
                from = to = date(file, h.get("date"), year);
            } else if (h.get("from") != null && h.get("to") != null) {
                from = date(file, h.get("from"), year);
                to = date(file, h.get("to"), year);
                if (to.isBefore(from)) {
                    throw new RuleFileException(file, h.get("to").value().line(),
                            "holiday '" + name + "' ends (" + to + ") before it starts (" + from + ")");
                }
            } else {
                throw new RuleFileException(file, h.line(), "holiday '" + name + "' needs 'date' or both 'from' and 'to'");
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Integer first = holidayLines.putIfAbsent(d, h.line());
                if (first != null) {
                    throw new RuleFileException(file, h.line(), d + " is already a holiday (line " + first + ")");
                }
                holidays.put(d, name);
            }
        }

        Map<LocalDate, String> workdays = new TreeMap<>();
        Map<LocalDate, Integer> workdayLines = new TreeMap<>();
        for (Node n : list(file, root, "workdays")) {
            MapNode w = YamlTree.requireMap(file, n, "a make-up workday");
            YamlTree.checkKeys(file, w, WORKDAY_KEYS, " in a make-up workday");
            if (w.get("date") == null) {
                throw new RuleFileException(file, w.line(), "make-up workday without 'date'");
            }
            LocalDate d = date(file, w.get("date"), year);
            int line = w.get("date").value().line();
            String name = YamlTree.optString(file, w, "name", " of a make-up workday");
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                throw new RuleFileException(file, line, "make-up workday " + d + " is a " + d.getDayOfWeek()
                        + "; only a Saturday or Sunday can be a make-up workday");
            }
            if (holidays.containsKey(d)) {
                throw new RuleFileException(file, line, d + " is both a holiday (line " + holidayLines.get(d)
                        + ") and a make-up workday");
            }
            Integer first = workdayLines.putIfAbsent(d, line);
            if (first != null) {
                throw new RuleFileException(file, line, d + " is already a make-up workday (line " + first + ")");
            }
            workdays.put(d, name == null ? "调休上班" : name);
        }
        return new CalendarYear(year, source, verify, provisional, note, holidays, workdays);
    }

    /** The canonical JSON of this year (same conventions as rule sets; see {@link RuleSetJson}). */
    public String canonicalJson() {
        ObjectNode root = cn.sunlight.common.CanonicalJson.object();
        root.put("format", RuleSetJson.FORMAT);
        root.put("year", year);
        root.put("source", source);
        root.put("provisional", provisional);
        root.put("verify", verify);
        ObjectNode h = root.putObject("holidays");
        holidays.forEach((d, n) -> h.put(d.toString(), n));
        ObjectNode w = root.putObject("workdays");
        makeUpWorkdays.forEach((d, n) -> w.put(d.toString(), n));
        return cn.sunlight.common.CanonicalJson.write(root);
    }

    private static List<Node> list(Path file, MapNode root, String key) {
        Entry e = root.get(key);
        if (e == null || (e.value() instanceof ScalarNode s && s.kind() == Kind.NULL)) {
            return List.of();
        }
        if (!(e.value() instanceof ListNode l)) {
            throw new RuleFileException(file, e.value().line(), "'" + key + "' must be a list");
        }
        return l.items();
    }

    private static LocalDate date(Path file, Entry e, int year) {
        int line = e.value().line();
        if (!(e.value() instanceof ScalarNode s) || s.kind() != Kind.STRING) {
            throw new RuleFileException(file, line, "'" + e.key() + "' must be a date such as " + year + "-10-01");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(s.text().strip());
        } catch (DateTimeParseException ex) {
            throw new RuleFileException(file, line, "'" + s.text() + "' is not a date (YYYY-MM-DD)");
        }
        if (d.getYear() != year) {
            throw new RuleFileException(file, line, "date " + d + " is outside the calendar year " + year);
        }
        return d;
    }

    private static Set<String> ordered(String... s) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(s)));
    }
}
