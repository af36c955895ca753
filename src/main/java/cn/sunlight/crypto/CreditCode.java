package cn.sunlight.crypto;

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) that identifies every legal person in China:
 * 18 characters from {@code 0-9A-HJ-NPQRTUWXY} (no I, O, S, V, Z), the last one a check character over the first 17.
 */
public final class CreditCode {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {
    }

    /** Whether {@code code} is 18 valid characters with a correct check character (upper case only). */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /** The check character for the first 17 characters of a code. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("expected 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("invalid character '" + first17.charAt(i) + "' in credit code");
            }
            sum += value * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** {@code code} if valid, else an {@link IllegalArgumentException}. */
    public static String require(String code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("not a valid unified social credit code: " + code);
        }
        return code;
    }
}
