package cn.sunlight.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkingCalendarTest {
    static WorkingCalendar cal;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        cal = WorkingCalendar.load(Path.of("bidding-rules/calendar"));
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void nationalDay2026() {
        assertTrue(cal.isHoliday(d("2026-10-01")));
        assertFalse(cal.isWorkingDay(d("2026-10-01")));
        assertEquals("国庆节", cal.holidayName(d("2026-10-01")).orElseThrow());
        assertFalse(cal.isWorkingDay(d("2026-10-05")), "a Monday inside the holiday block");
        assertFalse(cal.isWorkingDay(d("2026-10-07")));
        assertTrue(cal.isWorkingDay(d("2026-10-08")));
        assertTrue(cal.isWorkingDay(d("2026-09-20")), "make-up Sunday");
        assertTrue(cal.isWorkingDay(d("2026-10-10")), "make-up Saturday");
        assertTrue(cal.isMakeUpWorkday(d("2026-10-10")));
        assertFalse(cal.isWorkingDay(d("2026-10-11")), "an ordinary Sunday");
    }

    @Test
    void otherHolidaysOf2026() {
        assertFalse(cal.isWorkingDay(d("2026-01-02")));
        assertTrue(cal.isWorkingDay(d("2026-01-04")), "Sunday worked for New Year");
        assertFalse(cal.isWorkingDay(d("2026-02-16")), "除夕");
        assertFalse(cal.isWorkingDay(d("2026-02-23")), "正月初七, a Monday off");
        assertTrue(cal.isWorkingDay(d("2026-02-14")));
        assertTrue(cal.isWorkingDay(d("2026-02-28")));
        assertFalse(cal.isWorkingDay(d("2026-04-06")));
        assertFalse(cal.isWorkingDay(d("2026-05-05")));
        assertTrue(cal.isWorkingDay(d("2026-05-09")));
        assertFalse(cal.isWorkingDay(d("2026-06-19")));
        assertFalse(cal.isWorkingDay(d("2026-09-25")));
        assertTrue(cal.isWorkingDay(d("2026-03-02")), "an ordinary Monday");
        assertEquals(33, cal.year(2026).orElseThrow().holidays().size(), "3+9+3+5+3+3+7 holiday dates");
        assertEquals(6, cal.year(2026).orElseThrow().makeUpWorkdays().size());
    }

    @Test
    void addingWorkingDaysAcrossNationalDay() {
        // 09-30 (Wed) + 5 working days: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13
        assertEquals(d("2026-10-13"), cal.addWorkingDays(d("2026-09-30"), 5));
        assertEquals(5, cal.workingDaysBetween(d("2026-09-30"), d("2026-10-13")));
        assertEquals(d("2026-09-30"), cal.addWorkingDays(d("2026-10-13"), -5));
        assertEquals(d("2026-09-30"), cal.addWorkingDays(d("2026-09-30"), 0));
        assertEquals(-5, cal.workingDaysBetween(d("2026-10-13"), d("2026-09-30")));
        assertEquals(0, cal.workingDaysBetween(d("2026-09-30"), d("2026-10-07")));
        // starting from a holiday
        assertEquals(d("2026-10-08"), cal.addWorkingDays(d("2026-10-03"), 1));
        assertEquals(d("2026-10-08"), cal.nextWorkingDayOnOrAfter(d("2026-10-01")));
    }

    @Test
    void addingWorkingDaysAcrossTheSpringFestivalAndTheYearEnd() {
        // 02-13 (Fri) + 1 = 02-14 (make-up Saturday); + 2 = 02-24 (after the 9-day break)
        assertEquals(d("2026-02-14"), cal.addWorkingDays(d("2026-02-13"), 1));
        assertEquals(d("2026-02-24"), cal.addWorkingDays(d("2026-02-13"), 2));
        // 2026-12-31 (Thu) + 1 = 2027-01-04 (Mon): 2027-01-01 is a holiday, then the weekend
        assertEquals(d("2027-01-04"), cal.addWorkingDays(d("2026-12-31"), 1));
    }

    @Test
    void a2027DayIsProvisional() {
        assertTrue(cal.isProvisional(d("2027-03-01")));
        assertFalse(cal.isProvisional(d("2026-03-01")));
        assertFalse(cal.isWorkingDay(d("2027-10-01")));
        assertFalse(cal.isWorkingDay(d("2027-02-05")), "除夕 is a statutory holiday since the 2024 revision");
        assertFalse(cal.isWorkingDay(d("2027-06-09")));
        assertTrue(cal.year(2027).orElseThrow().makeUpWorkdays().isEmpty());
    }

    @Test
    void aYearWithoutACalendarIsRefusedNotGuessed() {
        assertFalse(cal.covers(d("2028-01-03")));
        assertTrue(cal.covers(d("2027-12-31")));
        CalendarNotCoveredException e = assertThrows(CalendarNotCoveredException.class,
                () -> cal.isWorkingDay(d("2028-01-03")));
        assertTrue(e.getMessage().contains("2028") && e.getMessage().contains("calendar/2028.yaml"), e.getMessage());
        assertThrows(CalendarNotCoveredException.class, () -> cal.addWorkingDays(d("2027-12-30"), 5));
        assertThrows(CalendarNotCoveredException.class, () -> cal.isWorkingDay(d("2025-12-31")));
    }

    @Test
    void versionIsStable() {
        assertEquals(cal.version(), WorkingCalendar.load(Path.of("bidding-rules/calendar")).version());
    }

    // ---- validation -----------------------------------------------------------------------------------------------

    static final String GOOD = """
            year: 2026
            source: test
            holidays:
              - name: 国庆节
                from: 2026-10-01
                to: 2026-10-07
            workdays:
              - date: 2026-10-10
            """;

    RuleFileException fails(String name, String content, int line, String part) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        RuleFileException e = assertThrows(RuleFileException.class, () -> CalendarYear.parse(p));
        assertTrue(e.file().endsWith(name), e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(name + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        return e;
    }

    @Test
    void aValidFileParses() throws IOException {
        Path p = dir.resolve("2026.yaml");
        Files.writeString(p, GOOD);
        CalendarYear y = CalendarYear.parse(p);
        assertEquals(7, y.holidays().size());
        assertEquals(1, y.makeUpWorkdays().size());
    }

    @Test
    void aDateOutsideTheYear() throws IOException {
        fails("2026.yaml", GOOD.replace("to: 2026-10-07", "to: 2027-10-07"), 6, "outside the calendar year 2026");
        fails("a.yaml", GOOD.replace("date: 2026-10-10", "date: 2025-10-11"), 8, "outside the calendar year 2026");
    }

    @Test
    void otherCalendarErrors() throws IOException {
        fails("2027.yaml", GOOD, 1, "does not match the file name");
        fails("b.yaml", GOOD.replace("date: 2026-10-10", "date: 2026-10-09"), 8, "only a Saturday or Sunday");
        fails("c.yaml", GOOD.replace("date: 2026-10-10", "date: 2026-10-03"), 8, "both a holiday");
        fails("d.yaml", GOOD.replace("to: 2026-10-07", "to: 2026-09-07"), 6, "ends");
        fails("e.yaml", GOOD.replace("date: 2026-10-10", "date: 2026-13-01"), 8, "not a date");
        fails("f.yaml", GOOD + "holliday: []\n", 9, "unknown key 'holliday'");
        fails("g.yaml", GOOD.replace("source: test\n", ""), 1, "no 'source'");
        fails("h.yaml", GOOD + "  - date: 2026-10-10\n", 9, "already a make-up workday");
        fails("i.yaml", GOOD.replace("holidays:\n", "holidays:\n  - name: x\n    date: 2026-10-02\n"), 6,
                "already a holiday");
    }

    @Test
    void loadRejectsTwoFilesForOneYear() throws IOException {
        Files.writeString(dir.resolve("2026.yaml"), GOOD);
        Files.writeString(dir.resolve("2026-copy.yaml"), GOOD);
        RuleFileException e = assertThrows(RuleFileException.class, () -> WorkingCalendar.load(dir));
        assertTrue(e.getMessage().contains("second calendar for 2026"), e.getMessage());
    }
}
