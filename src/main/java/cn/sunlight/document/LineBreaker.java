package cn.sunlight.document;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy line breaking for mixed Chinese and Latin text.
 * <ul>
 * <li>A line may break between any two CJK characters, and between CJK and Latin text.</li>
 * <li>Latin words and numbers break only at spaces. A word wider than the line is cut after a hyphen,
 * slash or underscore if it has one on the line (codes like {@code 2025-330108-47-01-012345}), else by
 * character.</li>
 * <li>Closing punctuation (，。、；：？！）》」 …) never starts a line; opening punctuation (（《「“ …) never ends
 * one: the character before it moves to the next line instead (仅当该行还有其他断点).</li>
 * <li>Spaces at the start and end of a line are dropped.</li>
 * </ul>
 * Works on code points and precomputed advance widths, so it is independent of fonts.
 */
final class LineBreaker {

    /** Code point standing for a forced line break ({@code <br/>}). */
    static final int NEWLINE = '\n';

    private static final String NO_LINE_START = "!%),.:;?]}¢°’”‰′″℃…‥、。〃々〉》」』】〕〗〙〛〞ゝゞ・ー"
            + "！％），．：；？］｝～｜｠｡｣､･ﾞﾟ¨·‐–—﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞";
    private static final String NO_LINE_END = "$(£¥[{‘“〈《「『【〔〖〘〝（［｛｟｢＄￡￥﹙﹛﹝";

    private LineBreaker() {
    }

    /**
     * Breaks text into lines.
     *
     * @param cps      code points ({@link #NEWLINE} forces a break; {@code ' '} is a breakable space)
     * @param widths   advance of each code point in points
     * @param maxWidth available line width in points
     * @return {@code [start, end)} index ranges, one per line, trimmed of spaces and without the newline
     */
    static List<int[]> breakLines(int[] cps, float[] widths, float maxWidth) {
        int n = cps.length;
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        while (start < n) {
            while (start < n && cps[start] == ' ') {
                start++;
            }
            if (start >= n) {
                break;
            }
            float x = 0;
            int lastBreak = -1;
            int lastSoftBreak = -1;
            int end = -1;
            int next = -1;
            for (int i = start; i < n; i++) {
                int cp = cps[i];
                if (cp == NEWLINE) {
                    end = i;
                    next = i + 1;
                    break;
                }
                if (i > start && canBreakBetween(cps[i - 1], cp)) {
                    lastBreak = i;
                } else if (i > start && canBreakInsideWord(cps[i - 1], cp)) {
                    lastSoftBreak = i;
                }
                if (cp != ' ' && x + widths[i] > maxWidth + 0.001f && i > start) {
                    end = lastBreak > start ? lastBreak : lastSoftBreak > start ? lastSoftBreak : i;
                    next = end;
                    break;
                }
                x += widths[i];
            }
            if (end < 0) {
                end = n;
                next = n;
            }
            int e = end;
            while (e > start && cps[e - 1] == ' ') {
                e--;
            }
            lines.add(new int[] {start, e});
            start = next;
        }
        // a forced break as the very first thing still makes an empty line, as in HTML (<p><br/>x</p>)
        return lines;
    }

    /** Whether a line may break between {@code prev} and {@code next}. */
    static boolean canBreakBetween(int prev, int next) {
        if (prev == ' ') {
            return next != ' ';
        }
        if (next == ' ') {
            return false;
        }
        if (noLineStart(next) || noLineEnd(prev)) {
            return false;
        }
        return isCjk(prev) || isCjk(next);
    }

    /** A last-resort break inside a too-long word: after a hyphen, slash or underscore before a letter/digit. */
    static boolean canBreakInsideWord(int prev, int next) {
        return (prev == '-' || prev == '/' || prev == '_') && Character.isLetterOrDigit(next);
    }

    static boolean noLineStart(int cp) {
        return cp < 0x10000 && NO_LINE_START.indexOf(cp) >= 0;
    }

    static boolean noLineEnd(int cp) {
        return cp < 0x10000 && NO_LINE_END.indexOf(cp) >= 0;
    }

    /** CJK ideographs, kana, hangul, bopomofo, CJK punctuation and full-width forms. */
    static boolean isCjk(int cp) {
        if (cp < 0x1100) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        switch (script) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO, YI -> {
                return true;
            }
            default -> {
            }
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || block == Character.UnicodeBlock.CJK_COMPATIBILITY_FORMS
                || block == Character.UnicodeBlock.VERTICAL_FORMS
                || block == Character.UnicodeBlock.ENCLOSED_CJK_LETTERS_AND_MONTHS
                || block == Character.UnicodeBlock.CJK_COMPATIBILITY
                || cp == '“' || cp == '”' || cp == '‘' || cp == '’' || cp == '…' || cp == '—' || cp == '·';
    }
}
