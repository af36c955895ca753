package cn.sunlight.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Working days in mainland China: a working day is a Monday–Friday that is not a public holiday, or a make-up working
 * day (调休上班日) listed in the year's calendar file. Every question about a day in a year without a calendar file
 * throws {@link CalendarNotCoveredException}: the platform does not guess.
 */
public final class WorkingCalendar {
    private final Map<Integer, CalendarYear> years;
    private final String version;

    private WorkingCalendar(Map<Integer, CalendarYear> years) {
        this.years = Collections.unmodifiableMap(new TreeMap<>(years));
        this.version = RuleSetJson.sha256Hex(this.years.values().stream().map(CalendarYear::canonicalJson)
                .collect(Collectors.joining(",", "[", "]")));
    }

    public static WorkingCalendar of(Collection<CalendarYear> years) {
        Map<Integer, CalendarYear> byYear = new TreeMap<>();
        for (CalendarYear y : years) {
            if (byYear.put(y.year(), y) != null) {
                throw new IllegalArgumentException("two calendars for " + y.year());
            }
        }
        return new WorkingCalendar(byYear);
    }

    /** Loads every {@code *.yaml} file of a directory (one per year). */
    public static WorkingCalendar load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleFileException(dir, 0, "calendar directory not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new RuleFileException(dir, 0, "no calendar file (YYYY.yaml) in the calendar directory");
        }
        Map<Integer, CalendarYear> byYear = new TreeMap<>();
        Map<Integer, Path> from = new TreeMap<>();
        for (Path f : files) {
            CalendarYear y = CalendarYear.parse(f);
            Path other = from.putIfAbsent(y.year(), f);
            if (other != null) {
                throw new RuleFileException(f, 0, "a second calendar for " + y.year() + " (first: " + other + ")");
            }
            byYear.put(y.year(), y);
        }
        return new WorkingCalendar(byYear);
    }

    /** The years with a calendar file. */
    public SortedSet<Integer> years() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(years.keySet()));
    }

    public Optional<CalendarYear> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** SHA-256 over the canonical JSON of every year, in year order: record it with anything computed from it. */
    public String version() {
        return version;
    }

    /** True when a calendar file covers the day's year. Never throws. */
    public boolean covers(LocalDate day) {
        return years.containsKey(day.getYear());
    }

    /** True when the day's year is only provisionally known (the State Council has not yet published its notice). */
    public boolean isProvisional(LocalDate day) {
        return require(day).provisional();
    }

    public boolean isWorkingDay(LocalDate day) {
        CalendarYear y = require(day);
        if (y.makeUpWorkdays().containsKey(day)) {
            return true;
        }
        if (y.holidays().containsKey(day)) {
            return false;
        }
        DayOfWeek w = day.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
    }

    /** True for a listed public holiday (放假日, including weekend days inside a holiday block). */
    public boolean isHoliday(LocalDate day) {
        return require(day).holidays().containsKey(day);
    }

    /** True for a listed make-up working day (调休上班日). */
    public boolean isMakeUpWorkday(LocalDate day) {
        return require(day).makeUpWorkdays().containsKey(day);
    }

    public Optional<String> holidayName(LocalDate day) {
        return Optional.ofNullable(require(day).holidays().get(day));
    }

    /**
     * The n-th working day after {@code from} (not counting {@code from} itself); for negative n, the |n|-th working day
     * before it; for 0, {@code from}. E.g. {@code addWorkingDays(2026-09-30, 5)} is 2026-10-13 (National Day holiday
     * 10-01..10-07 skipped, make-up Saturday 10-10 counted).
     */
    public LocalDate addWorkingDays(LocalDate from, int n) {
        int step = n >= 0 ? 1 : -1;
        int left = Math.abs(n);
        LocalDate d = from;
        while (left > 0) {
            d = d.plusDays(step);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /**
     * The number of working days in (fromExclusive, toInclusive]; negative (minus the count in (to, from]) when
     * {@code toInclusive} is before {@code fromExclusive}.
     */
    public int workingDaysBetween(LocalDate fromExclusive, LocalDate toInclusive) {
        if (toInclusive.isBefore(fromExclusive)) {
            return -workingDaysBetween(toInclusive, fromExclusive);
        }
        int count = 0;
        for (LocalDate d = fromExclusive.plusDays(1); !d.isAfter(toInclusive); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                count++;
            }
        }
        return count;
    }

    /** The day itself if it is a working day, else the next working day. */
    public LocalDate nextWorkingDayOnOrAfter(LocalDate day) {
        LocalDate d = day;
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    private CalendarYear require(LocalDate day) {
        CalendarYear y = years.get(day.getYear());
        if (y == null) {
            throw new CalendarNotCoveredException(day, years.keySet());
        }
        return y;
    }
}
