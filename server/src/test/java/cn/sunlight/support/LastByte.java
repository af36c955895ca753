package cn.sunlight.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A sealed-bid upload whose last byte leaves at a chosen instant: the request and all but the envelope's last byte go
 * at once, the last byte when {@code now} reaches {@code target}. Lateness is judged at the last byte (the deadline
 * tests and the deadline benchmark both probe that instant).
 */
public final class LastByte {

    /** The answer: HTTP status (-1 if none), body, when the last byte was written and when the answer began. */
    public record Answer(int status, String body, Instant sent, Instant answered) {
    }

    private LastByte() {
    }

    public static Answer send(Socket s, String host, long tenderId, String token, String signature, byte[] envelope,
                              Instant target, Supplier<Instant> now) throws IOException, InterruptedException {
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/tenders/" + tenderId + "/lots/1/bids HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/pkcs7-mime\r\nAccept-Language: en\r\nX-Bid-Signature: "
                + signature + "\r\nContent-Length: " + envelope.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(envelope, 0, envelope.length - 1);
        out.flush();
        long waitNanos;
        while ((waitNanos = Duration.between(now.get(), target).toNanos()) > 2_000_000) {
            Thread.sleep(Math.max(1, (waitNanos - 2_000_000) / 1_000_000));
        }
        while (now.get().isBefore(target)) {
            Thread.onSpinWait();
        }
        Instant sent = now.get();
        out.write(envelope, envelope.length - 1, 1);
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int first = in.read();
        Instant answered = now.get();
        if (first >= 0) {
            got.write(first);
            in.transferTo(got);
        }
        String all = got.toString(StandardCharsets.UTF_8);
        int status = all.startsWith("HTTP/1.1 ") ? Integer.parseInt(all.substring(9, 12)) : -1;
        int bodyAt = all.indexOf("\r\n\r\n");
        return new Answer(status, bodyAt < 0 ? all : all.substring(bodyAt + 4), sent, answered);
    }
}
