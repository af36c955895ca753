package cn.sunlight.document;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Independent helpers for checking signed PDFs: finds the signatures' /ByteRange and /Contents in the raw bytes
 * (no PDFBox), and runs poppler's pdfsig, NSS certutil and openssl.
 */
final class PdfSignatureTools {

    private static final Pattern BYTE_RANGE = Pattern.compile(
            "/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]");

    private PdfSignatureTools() {
    }

    /** One signature as found in the file: its byte range and the DER CMS in /Contents (without the zero padding). */
    record Signature(long[] byteRange, byte[] cms) {

        /** The signed bytes: the two ranges concatenated. */
        byte[] signedContent(byte[] pdf) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(pdf, (int) byteRange[0], (int) byteRange[1]);
            out.write(pdf, (int) byteRange[2], (int) byteRange[3]);
            return out.toByteArray();
        }
    }

    /** The signatures in file order; /Contents is the hex string in the gap between the two ranges. */
    static List<Signature> signatures(byte[] pdf) {
        String latin1 = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher m = BYTE_RANGE.matcher(latin1);
        List<Signature> found = new ArrayList<>();
        while (m.find()) {
            long[] range = new long[4];
            for (int i = 0; i < 4; i++) {
                range[i] = Long.parseLong(m.group(i + 1));
            }
            if (range[0] != 0 || range[2] + range[3] > pdf.length) {
                throw new IllegalStateException("byte range does not start at 0 or runs past the end of the file");
            }
            int gapStart = (int) (range[0] + range[1]);
            int gapEnd = (int) range[2];
            String gap = latin1.substring(gapStart, gapEnd);
            if (!gap.startsWith("<") || !gap.endsWith(">")) {
                throw new IllegalStateException("the byte range gap is not a hex string: " + gap.substring(0, 10));
            }
            byte[] contents = HexFormat.of().parseHex(gap.substring(1, gap.length() - 1));
            found.add(new Signature(range, derPrefix(contents)));
        }
        return found;
    }

    /** The first DER element of {@code padded} (definite lengths only), i.e. without the zeros after it. */
    static byte[] derPrefix(byte[] padded) {
        if (padded.length < 2 || padded[0] != 0x30) {
            throw new IllegalStateException("/Contents does not start with a DER SEQUENCE");
        }
        int first = padded[1] & 0xff;
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4) {
                throw new IllegalStateException("indefinite or oversized length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (padded[2 + i] & 0xff);
            }
            header = 2 + n;
        }
        byte[] der = new byte[(int) (header + length)];
        System.arraycopy(padded, 0, der, 0, der.length);
        for (int i = der.length; i < padded.length; i++) {
            if (padded[i] != 0) {
                throw new IllegalStateException("non-zero byte after the CMS in /Contents");
            }
        }
        return der;
    }

    /** A fresh NSS database in {@code dir} that trusts {@code caPem} for signing (certutil, libnss3-tools). */
    static Path nssDatabase(Path dir, Path caPem) throws IOException, InterruptedException {
        Path db = Files.createDirectories(dir.resolve("nssdb"));
        run("certutil", "-N", "-d", "sql:" + db, "--empty-password");
        run("certutil", "-A", "-d", "sql:" + db, "-n", "sunlight-ca", "-t", "CT,C,C", "-i", caPem.toString());
        return db;
    }

    /** {@code pdfsig -nssdir sql:DB file}: its output (pdfsig exits 0 even when a signature is invalid). */
    static String pdfsig(Path db, Path pdf) throws IOException, InterruptedException {
        return run("pdfsig", "-nssdir", "sql:" + db, pdf.toString());
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command, stdout and stderr merged, and insists on exit 0. */
    static String run(String... command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    static Result exec(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IOException("Cannot run " + command[0]
                    + " (Debian packages: poppler-utils for pdfsig, libnss3-tools for certutil, openssl)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
