package cn.sunlight.common.web;

import java.nio.charset.StandardCharsets;

/**
 * Content-Disposition for a download: always an attachment (never rendered in the platform's origin), with the name
 * as RFC 6266 / RFC 5987 {@code filename*} (UTF-8, percent-encoded) and a plain ASCII fallback for old clients.
 */
public final class Attachments {

    private Attachments() {
    }

    public static String disposition(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + rfc5987(fileName);
    }

    /** RFC 5987 attr-char stays; every other UTF-8 byte is %XX. */
    static String rfc5987(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    static String asciiFallback(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\' && cp != '%' ? (char) cp : '_'));
        return sb.toString();
    }
}
