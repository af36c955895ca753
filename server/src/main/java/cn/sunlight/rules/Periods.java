package cn.sunlight.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Applies period rules (units calendar-days, working-days, minutes, hours) to instants, in zone Asia/Shanghai.
 *
 * <h2>Counting convention</h2>
 * <ul>
 *   <li><b>Days are counted from the next day.</b> 《中华人民共和国民法典》第二百零一条: a period counted in days does not
 *       count the day on which it starts; it starts on the next day. Only the calendar date (Asia/Shanghai) of the start
 *       matters, not its time of day: documents issued at 08:00 or at 23:00 on 03-01 both start counting on 03-02.</li>
 *   <li><b>The last day counts in full, up to 24:00.</b> 民法典第二百零三条第二款. So a period of N days started on day D
 *       has fully run at the start (00:00) of day D+N+1; see {@link #periodEnd}.</li>
 *   <li><b>"At least N days between A and B" counts the day of B.</b> The statutes phrase these as "自 A 之日起至 B 之日止
 *       不得少于 N 日" (e.g. 招标投标法第二十四条): day A is excluded (民法典第二百零一条), day B is included. So with
 *       documents issued on 03-01 the bid deadline may fall on 03-21 at any hour, and an amendment that must come 15 days
 *       before a 03-21 deadline must be issued by 03-06 (24:00). This is the reading the trading centres apply; it
 *       looks at dates only, never at the hour of the deadline. See {@link #earliestAfter} and {@link #latestBefore}.</li>
 *   <li><b>Working days</b> are counted the same way, skipping every day that is not a working day of the
 *       {@link WorkingCalendar} (holidays, weekends, and counting make-up working days).</li>
 *   <li><b>A time limit for a party to act that ends on a holiday moves.</b> 民法典第二百零三条第一款: when the last day of
 *       a period is a statutory rest day, the period ends on the first day after it. {@link #actionDeadline} applies
 *       this to calendar-day limits (complaint within 10 days and the like); working-day limits always end on a working
 *       day anyway. Minimum intervals ({@link #earliestAfter}/{@link #latestBefore}) and durations
 *       ({@link #periodEnd}) are not moved.</li>
 *   <li><b>Minutes and hours</b> run from the exact instant (民法典第二百零一条第二款) and are plain instant arithmetic.</li>
 * </ul>
 * Returned "after" bounds are inclusive. Returned "before" bounds in day units are exclusive (the event must happen
 * strictly before 00:00 of the first day that is too late); in minutes/hours they are the last compliant instant. Use {@link #isAtLeastAfter}/{@link #isAtLeastBefore} for yes/no answers.
 */
public final class Periods {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Periods() {
    }

    /**
     * The earliest instant (inclusive) for an event that must come at least {@code r} after {@code start}, e.g. the bid
     * deadline after the documents are issued ({@code documents-to-deadline}). For day units: the start (00:00) of the
     * N-th (working) day after the start date.
     */
    public static Instant earliestAfter(Instant start, Rule r, WorkingCalendar cal) {
        check(start, r, cal);
        return switch (r.unit()) {
            case CALENDAR_DAYS -> startOf(date(start).plusDays(r.intValue()));
            case WORKING_DAYS -> startOf(cal.addWorkingDays(date(start), r.intValue()));
            default -> start.plus(clock(r));
        };
    }

    /**
     * The exclusive upper bound for an event that must come at least {@code r} before {@code deadline}, e.g. an
     * amendment that affects bid preparation ({@code amendment-notice}) or an objection to the documents
     * ({@code objection-to-documents}). For day units: the start (00:00) of the first day that is too late, i.e. of the
     * N-th (working) day counted back from the deadline's date, that date included. For minutes and hours: exactly
     * {@code deadline - r}, and an event at that very instant still complies (see {@link #isAtLeastBefore}).
     */
    public static Instant latestBefore(Instant deadline, Rule r, WorkingCalendar cal) {
        check(deadline, r, cal);
        LocalDate e = date(deadline);
        return switch (r.unit()) {
            case CALENDAR_DAYS -> startOf(e.minusDays(r.intValue() - 1L));
            // the N-th working day counted back from the deadline date, that date included when it is a working day
            case WORKING_DAYS -> startOf(cal.addWorkingDays(e.plusDays(1), -r.intValue()));
            default -> deadline.minus(clock(r));
        };
    }

    /**
     * The instant at which a period of {@code r} that started at {@code start} has fully run (exclusive end), e.g. the
     * end of the candidate publicity ({@code publicity-min-duration}), of the procurement announcement
     * ({@code announcement-period}) or of the decryption window ({@code decryption-window}, from the bid deadline).
     * For day units: 24:00 of the N-th (working) day after the start date.
     */
    public static Instant periodEnd(Instant start, Rule r, WorkingCalendar cal) {
        check(start, r, cal);
        return switch (r.unit()) {
            case CALENDAR_DAYS -> startOf(date(start).plusDays(r.intValue() + 1L));
            case WORKING_DAYS -> startOf(cal.addWorkingDays(date(start), r.intValue()).plusDays(1));
            default -> start.plus(clock(r));
        };
    }

    /**
     * The exclusive deadline for a party that must act within {@code r} of {@code start}, e.g. a complaint within 10
     * days ({@code complaint-within}), a contract within 30 days ({@code contract-within}). Like {@link #periodEnd},
     * but a calendar-day period whose last day is not a working day ends at 24:00 of the next working day
     * (民法典第二百零三条第一款).
     */
    public static Instant actionDeadline(Instant start, Rule r, WorkingCalendar cal) {
        check(start, r, cal);
        if (r.unit() == RuleUnit.CALENDAR_DAYS) {
            LocalDate last = cal.nextWorkingDayOnOrAfter(date(start).plusDays(r.intValue()));
            return startOf(last.plusDays(1));
        }
        return periodEnd(start, r, cal);
    }

    /** True when {@code event} is at least {@code r} after {@code start} (see {@link #earliestAfter}). */
    public static boolean isAtLeastAfter(Instant start, Instant event, Rule r, WorkingCalendar cal) {
        return !event.isBefore(earliestAfter(start, r, cal));
    }

    /**
     * True when {@code event} is at least {@code r} before {@code deadline} (see {@link #latestBefore}). For minutes and
     * hours, an event exactly {@code r} before the deadline complies.
     */
    public static boolean isAtLeastBefore(Instant event, Instant deadline, Rule r, WorkingCalendar cal) {
        Instant bound = latestBefore(deadline, r, cal);
        return r.unit() == RuleUnit.MINUTES || r.unit() == RuleUnit.HOURS ? !event.isAfter(bound) : event.isBefore(bound);
    }

    /** The calendar date of an instant in Asia/Shanghai. */
    public static LocalDate date(Instant t) {
        return t.atZone(ZONE).toLocalDate();
    }

    /** 00:00 of a date in Asia/Shanghai. */
    public static Instant startOf(LocalDate d) {
        return d.atStartOfDay(ZONE).toInstant();
    }

    private static Duration clock(Rule r) {
        return r.unit() == RuleUnit.HOURS ? Duration.ofHours(r.longValue()) : Duration.ofMinutes(r.longValue());
    }

    private static void check(Instant t, Rule r, WorkingCalendar cal) {
        Objects.requireNonNull(t, "instant");
        Objects.requireNonNull(cal, "calendar");
        if (!r.unit().isPeriod()) {
            throw new IllegalArgumentException("rule " + r.id() + " is in " + r.unit().key() + ", not a period");
        }
    }
}
