package cn.sunlight.rules;

import java.time.LocalDate;

/** Asked about a day in a year that has no holiday calendar file: the platform refuses to guess working days. */
public class CalendarNotCoveredException extends RuntimeException {
    private final LocalDate date;

    public CalendarNotCoveredException(LocalDate date, java.util.Collection<Integer> covered) {
        super("no holiday calendar for " + date.getYear() + " (asked about " + date + "; calendars exist for "
                + (covered.isEmpty() ? "no year" : covered) + "). Add bidding-rules/calendar/" + date.getYear()
                + ".yaml from the State Council's holiday notice before computing working days in that year.");
        this.date = date;
    }

    public LocalDate date() {
        return date;
    }
}
