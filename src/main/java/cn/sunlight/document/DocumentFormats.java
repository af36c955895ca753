package cn.sunlight.document;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How documents show money and time: yuan with thousands separators, instants in Beijing time. */
public final class DocumentFormats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss");

    private DocumentFormats() {
    }

    /** "1,234,567.00" (DecimalFormat is not thread-safe, hence one per call). */
    public static String amount(BigDecimal v) {
        return new DecimalFormat("#,##0.00").format(v);
    }

    /** "1,234,567.00 元". */
    public static String yuan(BigDecimal v) {
        return amount(v) + " 元";
    }

    /** "2026年12月20日 09:30（北京时间）": announcements and notices, to the minute. */
    public static String beijingMinutes(Instant i, ZoneId zone) {
        return MINUTES.format(i.atZone(zone)) + "（北京时间）";
    }

    /** To the second: records of what happened (opening, auction). */
    public static String beijingSeconds(Instant i, ZoneId zone) {
        return SECONDS.format(i.atZone(zone)) + "（北京时间）";
    }
}
