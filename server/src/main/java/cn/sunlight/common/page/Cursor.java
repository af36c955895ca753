package cn.sunlight.common.page;

import cn.sunlight.common.Text;
import cn.sunlight.common.input.Bounds;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A position in a keyset order: the key of the row a page ended (or, {@code before}, began) with. Opaque to callers
 * (base64url of a versioned text), stable across inserts: a row inserted after the cursor was handed out never moves
 * a later page, so paging neither repeats nor skips a row that existed when the first page was read. Tampering with
 * one only moves the reader inside the rows its filters already allow.
 */
public record Cursor(boolean before, List<String> keys) {

    static final int MAX_CHARS = 200;
    private static final String VERSION = "1";

    public Cursor {
        keys = List.copyOf(keys);
    }

    public static Cursor after(Object... keys) {
        return new Cursor(false, texts(keys));
    }

    public static Cursor before(Object... keys) {
        return new Cursor(true, texts(keys));
    }

    private static List<String> texts(Object... keys) {
        return java.util.Arrays.stream(keys).map(String::valueOf).toList();
    }

    public String encode() {
        String raw = VERSION + (before ? "b" : "a") + String.join("|", keys);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code null} or blank: the first page. Anything unreadable is a 400 naming the parameter. */
    public static Cursor decode(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_CHARS) {
            throw bad(parameter);
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(parameter);
        }
        if (raw.length() < 3 || !raw.startsWith(VERSION) || (raw.charAt(1) != 'a' && raw.charAt(1) != 'b')) {
            throw bad(parameter);
        }
        return new Cursor(raw.charAt(1) == 'b', List.of(raw.substring(2).split("\\|", -1)));
    }

    /** The i-th key as a number; a cursor of another list (or forged) is a 400. */
    public long longKey(String parameter, int i) {
        try {
            return Long.parseLong(key(parameter, i));
        } catch (NumberFormatException e) {
            throw bad(parameter);
        }
    }

    public Instant instantKey(String parameter, int i) {
        try {
            return Instant.parse(key(parameter, i));
        } catch (java.time.format.DateTimeParseException e) {
            throw bad(parameter);
        }
    }

    /** The i-th key as the text it was; a cursor with fewer keys (of another list, or forged) is a 400. */
    public String textKey(String parameter, int i) {
        return key(parameter, i);
    }

    private String key(String parameter, int i) {
        if (i >= keys.size()) {
            throw bad(parameter);
        }
        return keys.get(i);
    }

    static cn.sunlight.common.ProblemException bad(String parameter) {
        return Bounds.refusal(400, parameter, "cursor", Text.of(
                "不是本列表给出的翻页游标", "not a cursor this list handed out"));
    }
}
