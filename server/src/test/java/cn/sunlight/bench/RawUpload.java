package cn.sunlight.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * One bid upload as a minimal HTTP/1.1 client: request headers, then the envelope streamed from its file with
 * {@link FileChannel#transferTo} (sendfile on Linux, so the client costs the shared 2 cores as little as possible),
 * then the whole response ({@code Connection: close}). A new connection per upload, as 200 different bidders would.
 */
final class RawUpload {

    record Result(int status, String body, long startNanos, long endNanos, IOException sendFailure) {
        long latencyNanos() {
            return endNanos - startNanos;
        }
    }

    private RawUpload() {
    }

    static Result post(InetSocketAddress server, String path, Map<String, String> headers, String contentType, Path file, long size)
            throws IOException {
        long start = System.nanoTime();
        IOException sendFailure = null;
        try (SocketChannel ch = SocketChannel.open(server)) {
            ch.socket().setSoTimeout(0);
            StringBuilder h = new StringBuilder(2048);
            h.append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(server.getHostString()).append(':').append(server.getPort()).append("\r\n")
                    .append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(size).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
            h.append("\r\n");
            ByteBuffer head = ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                while (head.hasRemaining()) {
                    ch.write(head);
                }
                try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
                    long pos = 0;
                    while (pos < size) {
                        pos += fc.transferTo(pos, size - pos, ch);
                    }
                }
            } catch (IOException e) {
                // The server may answer (and close) before the whole body is sent; read what it said.
                sendFailure = e;
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream(8192);
            ByteBuffer buf = ByteBuffer.allocate(16384);
            try {
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    response.write(buf.array(), 0, buf.limit());
                    buf.clear();
                }
            } catch (IOException e) {
                if (response.size() == 0) {
                    throw sendFailure != null ? sendFailure : e;
                }
            }
            long end = System.nanoTime();
            return parse(response.toByteArray(), start, end, sendFailure);
        }
    }

    private static Result parse(byte[] raw, long start, long end, IOException sendFailure) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headerEnd < 0) {
            throw new IOException("not an HTTP response (" + raw.length + " bytes): "
                    + text.substring(0, Math.min(200, text.length())), sendFailure);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
        String body = text.substring(headerEnd + 4);
        if (headers.contains("\r\ntransfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Result(status, body, start, end, sendFailure);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < chunked.length()) {
            int eol = chunked.indexOf("\r\n", pos);
            if (eol < 0) {
                break;
            }
            String sizeField = chunked.substring(pos, eol);
            int semi = sizeField.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? sizeField : sizeField.substring(0, semi)).trim(), 16);
            if (n == 0) {
                break;
            }
            // chunk sizes count bytes; the body is JSON, so re-encode to be exact with non-ASCII text
            byte[] rest = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, n, StandardCharsets.UTF_8);
            out.append(chunk);
            pos = eol + 2 + chunk.length() + 2;
        }
        return out.toString();
    }
}
