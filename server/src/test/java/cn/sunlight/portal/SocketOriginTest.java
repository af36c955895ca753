package cn.sunlight.portal;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cross-site WebSocket hijacking: a page of another site cannot open the live channels with the user's session
 * cookie (its browser names that site as Origin); this site's pages and tools without an Origin can.
 */
@QuarkusTest
class SocketOriginTest {

    @Inject
    PlatformClock clock;

    private WebSocket open(String origin, String path, LinkedBlockingQueue<String> sink) throws Exception {
        var b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create("ws://localhost:" + RestAssured.port + path), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                sink.add(data.toString());
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anotherSitesPageCannotOpenTheLiveChannels() throws Exception {
        Api.Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now()));
        String path = "/ws/tenders/" + id + "/opening";

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> open("https://evil.example", path, new LinkedBlockingQueue<>()));
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        assertThrows(ExecutionException.class, () -> open("http://localhost:1", path, new LinkedBlockingQueue<>()));

        // This site's own pages (same host and port) and tools that send no Origin are let in.
        for (String origin : new String[]{"http://localhost:" + RestAssured.port, null}) {
            WebSocket ws = open(origin, path, new LinkedBlockingQueue<>()); // the handshake succeeded
            ws.abort();
        }
    }
}
