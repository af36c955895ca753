package cn.sunlight.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's bidders' HTTP client: a Vert.x instance of its own with one event loop (apart from the server's),
 * kept-alive HTTP/1.1 connections, one per bidder. Callbacks run on that one thread, whose CPU the benchmark reports
 * as the client's.
 */
final class ClientLoop implements AutoCloseable {

    /** Called on the loop with the status (0 when the request failed) and the body. */
    interface Answer {
        void on(int status, String body);
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final long threadId;

    private ClientLoop(Vertx vertx, HttpClient http, long threadId) {
        this.vertx = vertx;
        this.http = http;
        this.threadId = threadId;
    }

    static ClientLoop start(int connections) throws Exception {
        Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        HttpClient http = v.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        CompletableFuture<Long> id = new CompletableFuture<>();
        v.runOnContext(x -> id.complete(Thread.currentThread().threadId()));
        return new ClientLoop(v, http, id.get(10, TimeUnit.SECONDS));
    }

    List<Long> threads() {
        return List.of(threadId);
    }

    void run(Runnable r) {
        vertx.runOnContext(x -> r.run());
    }

    void post(int port, String path, MultiMap headers, String json, Answer answer) {
        send(HttpMethod.POST, port, path, headers, json, answer);
    }

    void get(int port, String path, MultiMap headers, Answer answer) {
        send(HttpMethod.GET, port, path, headers, null, answer);
    }

    private void send(HttpMethod method, int port, String path, MultiMap headers, String body, Answer answer) {
        http.request(new RequestOptions().setMethod(method).setHost("localhost").setPort(port).setURI(path).setHeaders(headers))
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body))).compose(res -> res.body().map(b -> {
                    answer.on(res.statusCode(), b.toString());
                    return null;
                })))
                .onFailure(e -> answer.on(0, String.valueOf(e.getMessage())));
    }

    /** A number field of a flat JSON answer, read without building a tree (the client must be cheap). */
    static long longField(String json, String name) {
        int i = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int j = i;
        while (j < json.length() && Character.isDigit(json.charAt(j))) {
            j++;
        }
        return Long.parseLong(json.substring(i, j));
    }

    static String stringField(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(i, json.indexOf('"', i));
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }
}
