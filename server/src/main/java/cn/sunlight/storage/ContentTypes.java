package cn.sunlight.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The content type a download is served with is the platform's decision, never the uploader's: a file served as
 * text/html from the platform's origin would run its script in every reader's session. A name's extension must be on
 * the allow-list and, where the format has a signature, the first bytes must carry it; anything else is
 * application/octet-stream (and every download is an attachment, with nosniff).
 */
public final class ContentTypes {

    public static final String OCTET_STREAM = "application/octet-stream";

    private record Kind(String type, byte[] magic) {
    }

    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private static final Map<String, Kind> ALLOWED = Map.ofEntries(
            Map.entry("pdf", new Kind("application/pdf", PDF)),
            Map.entry("zip", new Kind("application/zip", ZIP)),
            Map.entry("docx", new Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP)),
            Map.entry("xlsx", new Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP)),
            Map.entry("doc", new Kind("application/msword", OLE)),
            Map.entry("xls", new Kind("application/vnd.ms-excel", OLE)),
            Map.entry("png", new Kind("image/png", PNG)),
            Map.entry("jpg", new Kind("image/jpeg", JPEG)),
            Map.entry("jpeg", new Kind("image/jpeg", JPEG)),
            Map.entry("txt", new Kind("text/plain; charset=UTF-8", null)),
            Map.entry("csv", new Kind("text/csv; charset=UTF-8", null)));

    private ContentTypes() {
    }

    /** The type to serve {@code fileName} with, given the file's first bytes. */
    public static String decide(String fileName, byte[] head) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        if (dot < 0) {
            return OCTET_STREAM;
        }
        Kind k = ALLOWED.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (k == null) {
            return OCTET_STREAM;
        }
        if (k.magic() != null && (head.length < k.magic().length
                || !Arrays.equals(head, 0, k.magic().length, k.magic(), 0, k.magic().length))) {
            return OCTET_STREAM;
        }
        return k.type();
    }

    /** Reads up to 16 bytes from the stream (and closes it). */
    public static byte[] head(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(16);
        }
    }
}
