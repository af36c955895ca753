package cn.sunlight.common.input;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The bounds every number, instant and string of a request must fit before the platform parses it further or
 * computes with it (GB/T 22239-2019 8.1.4.4 软件容错: 应提供数据有效性检验功能). One place for all of them: the JSON
 * deserializers, the query/path parameter converters and the live channels call these methods, so a figure like
 * {@code 1e999999999} or a year 999999999 is refused as a 422 naming the field instead of costing CPU or a 500.
 *
 * <p>Money is stored as {@code numeric(18,2)} (yuan): at most 16 integer digits and 2 decimals. Other decimals
 * (percentages, weights, scores) say their own digits with {@code @Digits}.
 */
public final class Bounds {

    /** Money: numeric(18,2). */
    public static final int MONEY_INTEGER_DIGITS = 16;
    public static final int MONEY_FRACTION_DIGITS = 2;
    /** No number of the API needs a longer text than this (it bounds the parse itself). */
    public static final int MAX_NUMBER_CHARS = 40;
    /** Instants of the trading life: documents, deadlines, time travel. Anything else is a typo or an attack. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2100-12-31T23:59:59Z");
    public static final int MAX_INSTANT_CHARS = 40;

    private Bounds() {
    }

    public static ProblemException refusal(int status, String field, String rule, Text message) {
        String title = status == 400 ? "请求格式错误" : "请求未通过校验";
        String titleEn = status == 400 ? "The request is malformed" : "The request failed validation";
        return new ProblemException(status, status == 400 ? "malformed" : "validation", Text.of(title, titleEn),
                java.util.List.of(Violation.of(field, rule, message)));
    }

    /** A decimal text (JSON string, query parameter, socket message) → a bounded BigDecimal. */
    public static BigDecimal decimal(String field, String text, int integerDigits, int fractionDigits) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > MAX_NUMBER_CHARS) {
            throw refusal(422, field, "number", Text.of("不是有效的数字（最多 " + MAX_NUMBER_CHARS + " 个字符）",
                    "not a number (at most " + MAX_NUMBER_CHARS + " characters)"));
        }
        BigDecimal v;
        try {
            v = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw refusal(422, field, "number", Text.of("不是有效的数字", "not a number"));
        }
        return decimal(field, v, integerDigits, fractionDigits);
    }

    /** A parsed BigDecimal within {@code integerDigits} integer and {@code fractionDigits} fraction digits. */
    public static BigDecimal decimal(String field, BigDecimal v, int integerDigits, int fractionDigits) {
        if (v == null) {
            return null;
        }
        // long arithmetic: scale can be near Integer.MIN_VALUE for 1e2147483647.
        long scale = v.scale();
        long integer = (long) v.precision() - scale;
        if (integer > integerDigits) {
            throw refusal(422, field, "digits", Text.of("数值过大：整数部分最多 " + integerDigits + " 位",
                    "too large: at most " + integerDigits + " integer digits"));
        }
        if (scale > fractionDigits) {
            // 1.500 is 1.5: trailing zeros are not precision the caller asked for. Bounded by MAX_NUMBER_CHARS or by
            // the parser's number length, so stripping is cheap.
            if (scale > 1000 || v.stripTrailingZeros().scale() > fractionDigits) {
                throw refusal(422, field, "digits", Text.of("小数部分最多 " + fractionDigits + " 位",
                        "at most " + fractionDigits + " decimals"));
            }
        }
        // 1e3 has scale -3: give it a plain scale so later arithmetic never meets a huge exponent.
        return scale < 0 ? v.setScale(0) : v;
    }

    public static BigDecimal money(String field, BigDecimal v) {
        return decimal(field, v, MONEY_INTEGER_DIGITS, MONEY_FRACTION_DIGITS);
    }

    public static BigDecimal money(String field, String text) {
        return decimal(field, text, MONEY_INTEGER_DIGITS, MONEY_FRACTION_DIGITS);
    }

    /** An ISO-8601 instant ("2026-03-01T08:00:00Z" or with an offset) between {@link #EARLIEST} and {@link #LATEST}. */
    public static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > MAX_INSTANT_CHARS) {
            throw refusal(422, field, "instant", Text.of("不是有效的时间（ISO-8601，如 2026-03-01T08:00:00Z）",
                    "not an instant (ISO-8601, e.g. 2026-03-01T08:00:00Z)"));
        }
        Instant i;
        try {
            i = Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw refusal(422, field, "instant", Text.of("不是有效的时间（ISO-8601，如 2026-03-01T08:00:00Z）",
                    "not an instant (ISO-8601, e.g. 2026-03-01T08:00:00Z)"));
        }
        return instant(field, i);
    }

    public static Instant instant(String field, Instant i) {
        if (i != null && (i.isBefore(EARLIEST) || i.isAfter(LATEST))) {
            throw refusal(422, field, "instant-range", Text.of("时间须在 2000 年至 2100 年之间", "the instant must lie in the years 2000 to 2100"));
        }
        return i;
    }

    public static LocalDate date(String field, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        LocalDate d;
        try {
            if (t.length() > 10) {
                throw new DateTimeParseException("long", t, 0);
            }
            d = LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw refusal(422, field, "date", Text.of("不是有效的日期（如 2026-03-01）", "not a date (e.g. 2026-03-01)"));
        }
        if (d.getYear() < 2000 || d.getYear() > 2100) {
            throw refusal(422, field, "date-range", Text.of("日期须在 2000 年至 2100 年之间", "the date must lie in the years 2000 to 2100"));
        }
        return d;
    }

    /** An integer text of a query or path parameter; 400 when it is not one (an id that is not a number names nothing). */
    public static long integer(String field, String text, long min, long max) {
        String t = text == null ? "" : text.trim();
        long v;
        try {
            if (t.length() > 20) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw refusal(400, field, "integer", Text.of("不是有效的整数", "not an integer"));
        }
        if (v < min || v > max) {
            throw refusal(400, field, "range", Text.of("整数超出范围 " + min + "…" + max, "out of range " + min + "…" + max));
        }
        return v;
    }

    /**
     * The first character a text of the API must not carry, or -1: NUL and other control characters (tab, line feed
     * and carriage return excepted), unpaired surrogates, and the bidirectional embedding/override/isolate controls
     * that make a name display as something else (CVE-2021-42574, "Trojan Source").
     */
    public static int forbiddenChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static String text(String field, String s) {
        if (s != null && forbiddenChar(s) >= 0) {
            throw refusal(422, field, "characters", Text.of("含有控制字符或双向文本控制字符（第 " + (forbiddenChar(s) + 1) + " 个字符）",
                    "contains a control or bidirectional-override character (character " + (forbiddenChar(s) + 1) + ")"));
        }
        return s;
    }
}
