package cn.sunlight.tools;

import cn.sunlight.common.Text;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** What the tool prints: progress and summaries on {@code out}, errors on {@code err}; Chinese first, then English. */
final class Report {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintStream out;
    private final PrintStream err;

    Report(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One progress line: "中文 / English". */
    void step(String zh, String en) {
        out.println("· " + zh + " / " + en);
    }

    void line(String text) {
        out.println(text);
    }

    void warn(String zh, String en) {
        err.println("注意：" + zh);
        err.println("Note: " + en);
    }

    void error(ToolException e) {
        Text t = e.text();
        err.println("错误：" + t.zh());
        err.println("Error: " + t.en());
        for (String d : e.details()) {
            err.println("  - " + d);
        }
    }

    /** An instant as the API gives it (UTC) followed by Beijing time, for the Chinese lines. */
    static String zh(Instant instant) {
        return instant + "（北京时间 " + LOCAL.format(instant.atZone(BEIJING)) + "）";
    }

    static String en(Instant instant) {
        return instant + " (Beijing time " + LOCAL.format(instant.atZone(BEIJING)) + ")";
    }
}
