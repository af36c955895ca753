package cn.sunlight.ocds;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the public service platform's receiving endpoint: a real HTTP server (Vert.x, 127.0.0.1, a free
 * port) that stores each item once by its Idempotency-Key and answers with a receipt. The test steers it over HTTP
 * ({@code /control/...}): down (503 to everything), fail the next n requests, or lose the next n answers (store the
 * item, then drop the connection without answering — the sender must resend, and the key makes that harmless).
 */
public class ExchangeReceiver implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;
    private HttpServer server;
    private boolean down;
    private int fail;
    private int lose;
    private final Set<String> stored = new LinkedHashSet<>();
    private final List<JsonObject> requests = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (path.startsWith("/control/")) {
                synchronized (this) {
                    switch (path) {
                        case "/control/down" -> down = true;
                        case "/control/up" -> down = false;
                        case "/control/fail" -> fail = Integer.parseInt(req.getParam("n"));
                        case "/control/lose" -> lose = Integer.parseInt(req.getParam("n"));
                        default -> {
                        }
                    }
                    JsonObject log = new JsonObject().put("stored", new JsonArray(new ArrayList<>(stored)))
                            .put("requests", new JsonArray(new ArrayList<>(requests)));
                    req.response().putHeader("Content-Type", "application/json").end(log.encode());
                }
                return;
            }
            req.body().onSuccess(body -> {
                String key = req.getHeader("Idempotency-Key");
                JsonObject envelope = body.toJsonObject();
                synchronized (this) {
                    JsonObject seen = new JsonObject().put("key", key).put("dataSet", envelope.getString("dataSet"));
                    requests.add(seen);
                    if (down || fail > 0) {
                        fail = Math.max(0, fail - 1);
                        seen.put("answer", 503);
                        req.response().setStatusCode(503).end("{\"error\":\"maintenance\"}");
                        return;
                    }
                    if (key == null || !key.equals(envelope.getString("releaseId"))
                            || !key.equals(envelope.getJsonObject("release").getString("id"))) {
                        seen.put("answer", 400);
                        req.response().setStatusCode(400).end("{\"error\":\"key\"}");
                        return;
                    }
                    boolean duplicate = !stored.add(key);
                    if (lose > 0 && !duplicate) {
                        lose--;
                        seen.put("answer", "lost");
                        req.connection().close();
                        return;
                    }
                    seen.put("answer", duplicate ? "duplicate" : "stored");
                    req.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("receipt", "PSP-" + stored.size()).put("duplicate", duplicate).encode());
                }
            });
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("receiver did not start", e);
        }
        String base = "http://127.0.0.1:" + server.actualPort();
        return Map.of("sunlight.ocds.exchange.endpoint", base + "/exchange",
                "sunlight.test.exchange.control", base + "/control",
                "sunlight.ocds.exchange.backoff-initial", "PT0.1S",
                "sunlight.ocds.exchange.backoff-max", "PT0.5S",
                "sunlight.ocds.exchange.timeout", "PT3S",
                "sunlight.ocds.exchange.send-every", "1s");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the JVM ends with the tests
            }
        }
    }
}
