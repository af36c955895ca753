package cn.sunlight.audit.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Shared syntax rules of C2SP signed-note. */
final class NoteText {

    /** Maximum number of signature lines accepted in one note (the spec requires at least 16). */
    static final int MAX_SIGNATURES = 100;

    private NoteText() {
    }

    /** Key names: non-empty, no Unicode white space, no {@code +}, no control characters. */
    static boolean isValidKeyName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+' || cp < 0x20 || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Note text: non-empty, ends with a newline, no control characters other than newline, no lone surrogates. */
    static boolean isValidText(String text) {
        return text != null && !text.isEmpty() && text.charAt(text.length() - 1) == '\n' && hasNoControlChars(text)
                && isWellFormed(text);
    }

    static boolean hasNoControlChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /** No unpaired surrogates, so that the UTF-8 encoding is exact. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8 decoding: malformed input is an error, not a replacement character. */
    static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** Standard padded base64 (RFC 4648 section 4), rejecting any non-canonical form; null if invalid. */
    static byte[] decodeBase64Strict(String s) {
        byte[] out;
        try {
            out = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(out).equals(s) ? out : null;
    }
}
