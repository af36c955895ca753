package cn.sunlight.security;

import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12 item 4: an expected refusal on a live channel (the opening hall of a tender that has no opening yet, an id
 * that is not a number, a tender that does not exist) closes the socket cleanly with 4000 + the HTTP status and the
 * problem's type, never 1011, never a Java name, and leaves no ERROR line in the log.
 */
@QuarkusTest
class SocketRefusalTest {

    record Closed(int code, String reason) {
    }

    static Closed openAndWaitForClose(String path) throws Exception {
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + path), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(new Closed(code, reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            return closed.get(10, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    @Test
    void refusalsCloseCleanlyWithoutErrorLines() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(h);
        try {
            Api.Party host = Api.party("TENDERER");
            long draft = Api.draft(host, Api.tenderBody("GOODS", "OPEN", Instant.now()));
            for (String path : List.of("/ws/tenders/" + draft + "/opening", "/ws/tenders/abc/opening",
                    "/ws/tenders/99999999999999999999/opening", "/ws/tenders/999999/opening")) {
                Closed c = openAndWaitForClose(path);
                assertTrue(c.code() >= 4400 && c.code() < 4500, path + " closed with " + c);
                assertFalse(c.reason().matches("(?s).*(java|Exception|cn\\.sunlight|\\.[A-Z][a-z]+).*"), c.reason());
            }
            Thread.sleep(300);
            assertTrue(errors.isEmpty(), "no ERROR line: " + errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        } finally {
            root.removeHandler(h);
        }
    }
}
