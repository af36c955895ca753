package cn.sunlight.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineBreakerTest {

    /** Breaks {@code text} with CJK characters 10 pt wide and everything else 5 pt wide. */
    private static List<String> lines(String text, float maxWidth) {
        int[] cps = text.codePoints().toArray();
        float[] w = new float[cps.length];
        for (int i = 0; i < cps.length; i++) {
            w[i] = LineBreaker.isCjk(cps[i]) ? 10f : 5f;
        }
        List<String> out = new ArrayList<>();
        for (int[] r : LineBreaker.breakLines(cps, w, maxWidth)) {
            out.add(new String(cps, r[0], r[1] - r[0]));
        }
        return out;
    }

    @Test
    void chineseBreaksBetweenAnyCharacters() {
        assertEquals(List.of("招标公告", "投标截止", "时间"), lines("招标公告投标截止时间", 40));
    }

    @Test
    void latinBreaksAtSpacesOnly() {
        assertEquals(List.of("sealed", "bids are", "opened", "online"), lines("sealed bids are opened online", 40));
    }

    @Test
    void numbersStayWholeNextToChinese() {
        assertEquals(List.of("共", "38,600,000.00", "元"), lines("共38,600,000.00元", 70));
        assertEquals(List.of("预算金额", "12345元"), lines("预算金额12345元", 50));
    }

    @Test
    void closingPunctuationNeverStartsALine() {
        // "三，" would leave "，" at the start of line 2: "三" moves down with it
        assertEquals(List.of("一二", "三，四"), lines("一二三，四", 30));
        assertEquals(List.of("一二", "三。）"), lines("一二三。）", 30));
        for (String line : lines("投标人应当在投标截止时间前，通过平台在线递交加密的投标文件；逾期送达的，平台拒收。", 55)) {
            assertFalse(LineBreaker.noLineStart(line.codePointAt(0)), line);
        }
    }

    @Test
    void openingPunctuationNeverEndsALine() {
        assertEquals(List.of("一二", "《三》"), lines("一二《三》", 30));
        for (String line : lines("详见《中华人民共和国招标投标法》及（实施条例）的规定", 45)) {
            assertFalse(LineBreaker.noLineEnd(line.codePointAt(line.length() - 1)), line);
        }
    }

    @Test
    void overlongWordBreaksAtHyphenThenAnywhere() {
        assertEquals(List.of("2025-330108-", "47-01-012345"), lines("2025-330108-47-01-012345", 62));
        assertEquals(List.of("0123456789", "abcdef"), lines("0123456789abcdef", 50));
    }

    @Test
    void forcedBreaksAndSpaces() {
        assertEquals(List.of("ab", "", "cd"), lines("ab \n\n  cd  ", 100));
        assertEquals(List.of("第 1 页"), lines("第 1 页", 100));
        assertEquals(List.of(), lines("   ", 100));
    }

    @Test
    void mixedTextBreaksBetweenChineseAndLatin() {
        List<String> l = lines("本项目在Sunlight平台进行不见面开标", 60);
        assertEquals("本项目在", l.get(0));
        assertTrue(l.stream().anyMatch(x -> x.startsWith("Sunlight")), l.toString());
    }

    @Test
    void aSingleWideCharacterStillGoesOnALine() {
        assertEquals(List.of("招", "标"), lines("招标", 5));
    }
}
