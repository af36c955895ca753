package cn.sunlight.account;

import cn.sunlight.common.Text;

import java.util.Optional;

/**
 * The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-symbol
 * alphabet (no I, O, Z, S, V); characters 3–8 are the administrative division code; the last is a
 * mod-31 check character over the first 17 with weights 3^i mod 31.
 */
public final class CreditCode {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {
    }

    /** Why the code is invalid, or empty when it is valid. */
    public static Optional<Text> problem(String code) {
        if (code == null || code.length() != 18) {
            return Optional.of(Text.of("统一社会信用代码应为 18 位", "A unified social credit code has 18 characters"));
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return Optional.of(Text.of("第 " + (i + 1) + " 位字符 '" + code.charAt(i) + "' 不在 GB 32100-2015 字符集中（不使用 I、O、Z、S、V，字母须大写）",
                        "character " + (i + 1) + " '" + code.charAt(i) + "' is not in the GB 32100-2015 alphabet (no I, O, Z, S, V; upper case)"));
            }
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return Optional.of(Text.of("第 3–8 位应为行政区划码（数字）", "characters 3–8 must be the numeric administrative division code"));
            }
        }
        char expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return Optional.of(Text.of("校验码错误：第 18 位应为 '" + expected + "'（GB 32100-2015）",
                    "wrong check character: character 18 should be '" + expected + "' (GB 32100-2015)"));
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** The check character for the first 17 characters of a code. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        int c = (31 - sum % 31) % 31;
        return ALPHABET.charAt(c);
    }
}
