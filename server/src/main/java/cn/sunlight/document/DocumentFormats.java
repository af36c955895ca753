package cn.sunlight.document;

import cn.sunlight.common.PlatformClock;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The one way documents and the messages about them show money and time: yuan with thousands separators, instants in
 * the platform's zone (Asia/Shanghai, {@link PlatformClock#zone()}); instants are stored in UTC and only shown here.
 */
@ApplicationScoped
public class DocumentFormats {

    private static final DateTimeFormatter PLAIN_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss");
    private static final String NONE = "—";

    private final PlatformClock clock;

    public DocumentFormats(PlatformClock clock) {
        this.clock = clock;
    }

    /** "1,234,567.00", or "—" for no amount (DecimalFormat is not thread-safe, hence one per call). */
    public static String amount(BigDecimal v) {
        return v == null ? NONE : new DecimalFormat("#,##0.00").format(v);
    }

    /** "1,234,567.00 元", or null for no amount (the template decides what a missing amount reads as). */
    public static String yuan(BigDecimal v) {
        return v == null ? null : amount(v) + " 元";
    }

    /** "2026-12-20 09:30" in Beijing time: notifications, problem texts, evaluation and award documents. */
    public String minutes(Instant i) {
        return i == null ? NONE : PLAIN_MINUTES.format(i.atZone(clock.zone()));
    }

    /** "2026年12月20日 09:30（北京时间）": announcements, to the minute; null for no time (the template decides). */
    public String beijingMinutes(Instant i) {
        return i == null ? null : MINUTES.format(i.atZone(clock.zone())) + "（北京时间）";
    }

    /** To the second, "—" for no time: records of what happened (opening, auction). */
    public String beijingSeconds(Instant i) {
        return i == null ? NONE : SECONDS.format(i.atZone(clock.zone())) + "（北京时间）";
    }
}
