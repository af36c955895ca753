package cn.sunlight.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodsTest {
    static WorkingCalendar cal;

    @BeforeAll
    static void load() {
        cal = WorkingCalendar.load(Path.of("bidding-rules/calendar"));
    }

    /** An instant written in Beijing time. */
    static Instant bj(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
    }

    static Rule rule(String id, int value, RuleUnit unit) {
        return new Rule(id, BigDecimal.valueOf(value), unit, "test", "测试", "test", false);
    }

    static final Rule DOCS_20 = rule("documents-to-deadline", 20, RuleUnit.CALENDAR_DAYS);
    static final Rule AMEND_15 = rule("amendment-notice", 15, RuleUnit.CALENDAR_DAYS);
    static final Rule DOCS_3WD = rule("documents-to-deadline", 3, RuleUnit.WORKING_DAYS);
    static final Rule AMEND_3WD = rule("amendment-notice", 3, RuleUnit.WORKING_DAYS);
    static final Rule PUBLICITY_3 = rule("publicity-min-duration", 3, RuleUnit.CALENDAR_DAYS);
    static final Rule ANNOUNCE_5WD = rule("announcement-period", 5, RuleUnit.WORKING_DAYS);
    static final Rule COMPLAINT_10 = rule("complaint-within", 10, RuleUnit.CALENDAR_DAYS);
    static final Rule DECRYPT_30 = rule("decryption-window", 30, RuleUnit.MINUTES);

    @Test
    void bidDeadlineAtLeast20DaysAfterTheDocuments() {
        // documents issued on 09-20: day 1 is 09-21, day 20 is 10-10, on which the deadline may fall at any hour
        Instant issued = bj("2026-09-20T16:45:00");
        assertEquals(bj("2026-10-10T00:00:00"), Periods.earliestAfter(issued, DOCS_20, cal));
        assertTrue(Periods.isAtLeastAfter(issued, bj("2026-10-10T09:30:00"), DOCS_20, cal));
        assertFalse(Periods.isAtLeastAfter(issued, bj("2026-10-09T23:59:59"), DOCS_20, cal));
        // only the date of the start counts: issued just after midnight Beijing time (still the 19th in UTC)
        assertEquals(bj("2026-10-10T00:00:00"),
                Periods.earliestAfter(Instant.parse("2026-09-19T16:30:00Z"), DOCS_20, cal));
    }

    @Test
    void amendmentAtLeast15DaysBeforeTheDeadline() {
        // deadline 10-20 09:30: days 10-06..10-20 are the 15 days, so the amendment must go out by 10-05 24:00
        Instant deadline = bj("2026-10-20T09:30:00");
        assertEquals(bj("2026-10-06T00:00:00"), Periods.latestBefore(deadline, AMEND_15, cal));
        assertTrue(Periods.isAtLeastBefore(bj("2026-10-05T23:59:00"), deadline, AMEND_15, cal));
        assertFalse(Periods.isAtLeastBefore(bj("2026-10-06T08:00:00"), deadline, AMEND_15, cal));
        // the two conventions agree: an amendment on the last allowed day leaves exactly the legal minimum
        Instant amendment = bj("2026-10-05T18:00:00");
        assertTrue(Periods.isAtLeastAfter(amendment, deadline, AMEND_15, cal));
    }

    @Test
    void workingDayIntervalsSkipNationalDay() {
        // negotiation documents issued Tue 09-29: working days 09-30, 10-08, 10-09 → first responses from 10-09
        Instant issued = bj("2026-09-29T15:00:00");
        assertEquals(bj("2026-10-09T00:00:00"), Periods.earliestAfter(issued, DOCS_3WD, cal));
        // and back: a deadline on 10-09 needs the amendment out by 09-29 (09-30, 10-08, 10-09 remain)
        Instant deadline = bj("2026-10-09T09:00:00");
        assertEquals(bj("2026-09-30T00:00:00"), Periods.latestBefore(deadline, AMEND_3WD, cal));
        assertTrue(Periods.isAtLeastBefore(bj("2026-09-29T17:00:00"), deadline, AMEND_3WD, cal));
        assertFalse(Periods.isAtLeastBefore(bj("2026-09-30T09:00:00"), deadline, AMEND_3WD, cal));
        // a deadline on a non-working Sunday: the working days before it are 10-10 (make-up), 10-09, 10-08
        assertEquals(bj("2026-10-08T00:00:00"), Periods.latestBefore(bj("2026-10-11T10:00:00"), AMEND_3WD, cal));
    }

    @Test
    void durationsRunToTheEndOfTheirLastDay() {
        // candidate publicity from Mon 03-02 16:00: 03-03, 03-04, 03-05 → over at 03-06 00:00
        assertEquals(bj("2026-03-06T00:00:00"), Periods.periodEnd(bj("2026-03-02T16:00:00"), PUBLICITY_3, cal));
        // procurement announcement from Mon 09-28: 09-29, 09-30, 10-08, 10-09, 10-10 (make-up) → over at 10-11 00:00
        assertEquals(bj("2026-10-11T00:00:00"), Periods.periodEnd(bj("2026-09-28T10:00:00"), ANNOUNCE_5WD, cal));
    }

    @Test
    void aTimeLimitEndingOnAHolidayMovesToTheNextWorkingDay() {
        // complaint within 10 days from 09-21: day 10 is 10-01 (National Day) → the last day becomes 10-08
        Instant known = bj("2026-09-21T11:00:00");
        assertEquals(bj("2026-10-02T00:00:00"), Periods.periodEnd(known, COMPLAINT_10, cal));
        assertEquals(bj("2026-10-09T00:00:00"), Periods.actionDeadline(known, COMPLAINT_10, cal));
        // not moved when the last day is a working day (the make-up Saturday 10-10 counts as one)
        assertEquals(bj("2026-10-11T00:00:00"), Periods.actionDeadline(bj("2026-09-30T11:00:00"), COMPLAINT_10, cal));
    }

    @Test
    void minutesAreExact() {
        Instant deadline = bj("2026-10-20T09:30:00");
        assertEquals(bj("2026-10-20T10:00:00"), Periods.periodEnd(deadline, DECRYPT_30, cal));
        assertEquals(bj("2026-10-20T10:00:00"), Periods.earliestAfter(deadline, DECRYPT_30, cal));
        assertEquals(bj("2026-10-20T09:00:00"), Periods.latestBefore(deadline, DECRYPT_30, cal));
        assertTrue(Periods.isAtLeastBefore(bj("2026-10-20T09:00:00"), deadline, DECRYPT_30, cal));
        assertFalse(Periods.isAtLeastBefore(bj("2026-10-20T09:00:01"), deadline, DECRYPT_30, cal));
        Rule hours = rule("decryption-window", 2, RuleUnit.HOURS);
        assertEquals(bj("2026-10-20T11:30:00"), Periods.periodEnd(deadline, hours, cal));
    }

    @Test
    void nonPeriodRulesAreRejected() {
        Rule bond = rule("bid-bond-max-percent", 2, RuleUnit.PERCENT);
        assertThrows(IllegalArgumentException.class, () -> Periods.earliestAfter(Instant.now(), bond, cal));
    }

    @Test
    void workingDayArithmeticRefusesUncoveredYears() {
        assertThrows(CalendarNotCoveredException.class,
                () -> Periods.earliestAfter(bj("2028-03-01T10:00:00"), DOCS_3WD, cal));
    }
}
