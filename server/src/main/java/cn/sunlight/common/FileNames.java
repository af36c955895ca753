package cn.sunlight.common;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file name a user supplies is shown to others and saved on their disks, so it must mean what it shows: it is
 * normalised (Unicode NFC, so one name has one spelling) and refused with 422 naming the field when it carries
 * control or formatting characters (a right-to-left override makes "invoice‮fdp.exe" look like "invoiceexe.pdf"),
 * path separators or characters Windows forbids, is "." or "..", ends in a dot or space, is a Windows device name
 * (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension) or is too long for common file systems.
 */
public final class FileNames {

    /** Characters of 255 UTF-8 bytes at most, the common file-system limit (ext4, NTFS counts UTF-16 units). */
    public static final int MAX_BYTES = 255;
    private static final Pattern DEVICE = Pattern.compile("(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])");
    private static final Set<Character> RESERVED = Set.of('/', '\\', ':', '*', '?', '"', '<', '>', '|');

    private FileNames() {
    }

    /** The NFC form of {@code raw}, or a 422 naming {@code field}. */
    public static String check(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw refuse(field, "required", "须提供文件名", "a file name is required");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw refuse(field, "max-255-bytes", "文件名过长（UTF-8 不超过 255 字节）", "the file name is longer than 255 UTF-8 bytes");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                throw refuse(field, "no-control-characters", "文件名含控制字符或双向文本控制符（U+" + hex(cp) + "）",
                        "the file name contains a control or bidirectional formatting character (U+" + hex(cp) + ")");
            }
            if (cp < 0x80 && RESERVED.contains((char) cp)) {
                throw refuse(field, "no-path-or-reserved-characters", "文件名不得含路径分隔符或保留字符 / \\ : * ? \" < > |",
                        "the file name may not contain path separators or the reserved characters / \\ : * ? \" < > |");
            }
            i += Character.charCount(cp);
        }
        if (name.equals(".") || name.equals("..")) {
            throw refuse(field, "not-dot-names", "文件名不得为 . 或 ..", "the file name may not be . or ..");
        }
        if (name.endsWith(".") || name.endsWith(" ") || name.startsWith(" ")) {
            throw refuse(field, "no-edge-dots-or-spaces", "文件名不得以空格开头，或以点、空格结尾",
                    "the file name may not start with a space or end with a dot or space");
        }
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (DEVICE.matcher(base.trim().toUpperCase(Locale.ROOT)).matches()) {
            throw refuse(field, "not-device-name", "文件名不得为 Windows 保留设备名（CON、PRN、AUX、NUL、COM1-9、LPT1-9）",
                    "the file name may not be a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
        }
        return name;
    }

    private static String hex(int cp) {
        return String.format(Locale.ROOT, "%04X", cp);
    }

    private static ProblemException refuse(String field, String rule, String zh, String en) {
        return ProblemException.invalid(Violation.of(field, rule, Text.of(zh, en)));
    }
}
