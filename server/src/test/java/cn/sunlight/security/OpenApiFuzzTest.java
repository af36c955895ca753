package cn.sunlight.security;

import cn.sunlight.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 4: malformed input to every operation of the OpenAPI document (read at test time from
 * {@code /q/openapi}, so a new endpoint is fuzzed without editing this test), anonymous, with a forged token and
 * with a valid token of every role. Wrong types, huge and negative numbers, extreme dates, control and bidi
 * characters, NUL, deep nesting, oversized strings and broken JSON. No answer may be a 5xx; every 4xx is
 * application/problem+json; no body names a Java type or carries a stack trace. Deterministic (fixed seed).
 */
@QuarkusTest
class OpenApiFuzzTest {

    static final long SEED = 20261207L;
    static final int MIN_REQUESTS = 2000;
    static final long TIME_BUDGET_MS = 60_000;
    static final Pattern LEAK = Pattern.compile("java\\.|javax\\.|jakarta\\.|cn\\.sunlight|com\\.fasterxml|org\\.hibernate|"
            + "io\\.quarkus|io\\.vertx|Exception|\\bat [a-z]+\\.[a-zA-Z.]+\\(");
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Values for parameters (path, query, header). */
    static final List<String> BAD_PARAMS = List.of("abc", "-1", "0", "99999999999999999999999", "1e999999999", "-1e400",
            "Infinity", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
            "a\u0000b", "\u202etxt.exe", "\u0007\u001b[31m", "' OR '1'='1", "", "x".repeat(3000), "😀\uD800", "1.5");

    static JsonNode[] badJson(Random random) {
        return new JsonNode[]{
                F.textNode("1e999999999"), F.numberNode(new java.math.BigDecimal("1e400")),
                F.numberNode(new java.math.BigDecimal("-1E+19")), F.numberNode(Long.MAX_VALUE), F.numberNode(-1),
                F.numberNode(0.001), F.numberNode(1.7e308), F.textNode("+999999999-12-31T23:59:59Z"),
                F.textNode("-999999999-01-01T00:00:00Z"), F.numberNode(1767225600), F.textNode("a\u0000b"),
                F.textNode("\u202eexe.pdf"), F.textNode("\u0001\u0002\u007f\u0085"), F.textNode("x".repeat(300_000)),
                F.booleanNode(true), F.nullNode(), F.objectNode().put("x", 1), F.arrayNode().add(1).add("a"),
                F.textNode(""), F.textNode("NOT_A_VALUE"), F.textNode("9".repeat(99)),
                F.textNode("\uD800"), F.numberNode(random.nextLong())};
    }

    record Op(String method, String path, JsonNode spec) {
    }

    record Caller(String name, String token) {
    }

    private JsonNode doc;
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    private long tender;

    @Test
    void malformedInputToEveryOperationNeverGives5xxOrLeaks() throws Exception {
        long t0 = System.currentTimeMillis();
        doc = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
        Api.Party host = Api.party("TENDERER");
        tender = Api.draft(host, Api.tenderBody("GOODS", "OPEN", Instant.now()));
        List<Caller> callers = List.of(new Caller("anonymous", null),
                new Caller("forged", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciIsImdyb3VwcyI6WyJPUEVSQVRPUiJdfQ.c2ln"),
                new Caller("OPERATOR", Api.operator()), new Caller("TENDERER", host.token()),
                new Caller("AGENT", Api.party("AGENT").token()), new Caller("BIDDER", Api.party("BIDDER").token()),
                new Caller("EXPERT", Api.party("EXPERT").token()), new Caller("SUPERVISOR", Api.party("SUPERVISOR").token()));
        List<Op> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            // Logout ends the caller's session: fuzzing it with the callers' tokens would leave every later request
            // anonymous. BrowserSafetyTest covers it.
            if (List.of("get", "post", "put", "delete", "patch").contains(m.getKey()) && !p.getKey().equals("/api/auth/logout")) {
                ops.add(new Op(m.getKey().toUpperCase(), p.getKey(), m.getValue()));
            }
        }));
        assertTrue(ops.size() > 50, "the OpenAPI document lists the operations: " + ops.size());
        Random random = new Random(SEED);
        List<Runnable> all = new ArrayList<>();
        for (Op op : ops) {
            // Which callers get past authorization with a sane request: most variants go to them, to reach the code.
            List<Caller> admitted = new ArrayList<>();
            for (Caller c : callers) {
                int s = send(op, c, pathParams(op, null, null), queryParams(op, null, null), body(op, null, null), null);
                if (s != 401 && s != 403) {
                    admitted.add(c);
                }
            }
            if (admitted.isEmpty()) {
                admitted.add(callers.get(3));
            }
            all.addAll(variants(op, random, admitted, callers));
        }
        // In a seeded random order: if the time budget ends the run early, every operation has had its share.
        java.util.Collections.shuffle(all, random);
        int planned = all.size();
        // Four at a time (the variants are fixed by the seed; their interleaving is not); the time budget ends the
        // run early only once the minimum has been sent, so a slow machine still checks as much.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Runnable v : all) {
                done.add(pool.submit(() -> {
                    if (sent.get() < MIN_REQUESTS + 100 || System.currentTimeMillis() - t0 < TIME_BUDGET_MS) {
                        v.run();
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("OpenApiFuzzTest: %d variants planned%n", planned);
        long ms = System.currentTimeMillis() - t0;
        System.out.printf("OpenApiFuzzTest: %d requests to %d operations in %d ms%n", sent.get(), ops.size(), ms);
        List<String> bad = List.copyOf(failures);
        assertTrue(bad.isEmpty(), bad.size() + " bad answers:\n" + String.join("\n", bad.subList(0, Math.min(40, bad.size()))));
        assertTrue(sent.get() >= MIN_REQUESTS, "at least " + MIN_REQUESTS + " requests: " + sent.get());
    }

    private List<Runnable> variants(Op op, Random random, List<Caller> admitted, List<Caller> all) {
        List<Runnable> out = new ArrayList<>();
        int[] k = {0};
        java.util.function.Supplier<Caller> who = () -> {
            int n = k[0]++;
            // One in five goes to any caller (anonymous, forged, other roles), the rest to admitted ones.
            return n % 5 == 4 ? all.get(Math.floorMod(n * 7 + op.path().hashCode(), all.size())) : admitted.get(n % admitted.size());
        };
        for (JsonNode p : params(op)) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            for (String bad : BAD_PARAMS) {
                Caller c = who.get();
                out.add(() -> send(op, c, pathParams(op, in.equals("path") ? name : null, bad),
                        queryParams(op, in.equals("query") ? name : null, bad), body(op, null, null),
                        in.equals("header") ? Map.of(name, bad.replaceAll("[\\x00-\\x1f\\x7f]", "")) : null));
            }
        }
        String media = mediaType(op);
        if (media != null && media.contains("json")) {
            JsonNode schema = resolve(op.spec().path("requestBody").path("content").path(media).path("schema"));
            List<String> fields = new ArrayList<>();
            collectFields(schema, "", fields, 0);
            JsonNode[] bad = badJson(random);
            for (String f : fields) {
                // Every field gets a deterministic half of the bad values (all of them over the fields of a body).
                List<JsonNode> some = new ArrayList<>(List.of(bad));
                java.util.Collections.shuffle(some, random);
                for (JsonNode b : some.subList(0, 6)) {
                    Caller c = who.get();
                    out.add(() -> send(op, c, pathParams(op, null, null), queryParams(op, null, null), body(op, f, b), null));
                }
            }
            for (String raw : List.of("", "{", "[]", "null", "\"x\"", "1e999999999", "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                    "{\"a\":\"" + "\\u0000".repeat(10) + "\"}", "{\"x\":1,\"x\":2}", "\u0000", "{\"a\":1e999999999}")) {
                Caller c = who.get();
                out.add(() -> sendRaw(op, c, raw.getBytes(StandardCharsets.UTF_8), "application/json"));
            }
        } else if (media != null) {
            for (int i = 0; i < 6; i++) {
                byte[] bytes = new byte[random.nextInt(2048)];
                random.nextBytes(bytes);
                if (i == 0) {
                    bytes = new byte[]{0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                }
                Caller c = who.get();
                byte[] b = bytes;
                out.add(() -> sendRaw(op, c, b, media));
            }
        }
        return out;
    }

    private List<JsonNode> params(Op op) {
        List<JsonNode> out = new ArrayList<>();
        op.spec().path("parameters").forEach(p -> out.add(p.has("$ref") ? resolve(p) : p));
        return out;
    }

    private String mediaType(Op op) {
        Iterator<String> it = op.spec().path("requestBody").path("content").fieldNames();
        String first = null;
        while (it.hasNext()) {
            String m = it.next();
            if (m.contains("json")) {
                return m;
            }
            first = first == null ? m : first;
        }
        return first;
    }

    private Map<String, String> pathParams(Op op, String badName, String bad) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : params(op)) {
            if (!p.path("in").asText().equals("path")) {
                continue;
            }
            String name = p.path("name").asText();
            out.put(name, name.equals(badName) ? bad : sampleParam(name, resolve(p.path("schema"))));
        }
        return out;
    }

    private Map<String, String> queryParams(Op op, String badName, String bad) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : params(op)) {
            if (!p.path("in").asText().equals("query")) {
                continue;
            }
            String name = p.path("name").asText();
            if (name.equals(badName)) {
                out.put(name, bad);
            } else if (p.path("required").asBoolean()) {
                out.put(name, sampleParam(name, resolve(p.path("schema"))));
            }
        }
        return out;
    }

    private String sampleParam(String name, JsonNode schema) {
        if (name.equals("id") || name.equals("tenderId")) {
            return String.valueOf(tender);
        }
        if (name.equals("lot") || name.equals("n")) {
            return "1";
        }
        return sample(schema, 0).asText();
    }

    private JsonNode body(Op op, String field, JsonNode bad) {
        String media = mediaType(op);
        if (media == null || !media.contains("json")) {
            return null;
        }
        JsonNode schema = resolve(op.spec().path("requestBody").path("content").path(media).path("schema"));
        JsonNode body = sample(schema, 0);
        if (field != null) {
            if (field.isEmpty()) {
                return bad;
            }
            set(body, field, bad);
        }
        return body;
    }

    private static void set(JsonNode node, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode cur = node;
        for (int i = 0; i < parts.length - 1; i++) {
            cur = cur.isArray() ? cur.path(0) : cur.path(parts[i]);
        }
        if (cur instanceof ObjectNode o) {
            o.set(parts[parts.length - 1], value);
        } else if (cur instanceof ArrayNode a && !a.isEmpty()) {
            a.set(0, value);
        }
    }

    private void collectFields(JsonNode schema, String prefix, List<String> out, int depth) {
        if (depth > 2) {
            return;
        }
        if (!prefix.isEmpty() || !schema.has("properties")) {
            out.add(prefix);
        }
        schema.path("properties").fields().forEachRemaining(e -> {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode s = resolve(e.getValue());
            if (s.path("type").asText().equals("array") && resolve(s.path("items")).has("properties")) {
                out.add(name);
                collectFields(resolve(s.path("items")), name + ".0", out, depth + 1);
            } else if (s.has("properties")) {
                collectFields(s, name, out, depth + 1);
            } else {
                out.add(name);
            }
        });
    }

    private JsonNode resolve(JsonNode schema) {
        int guard = 0;
        while (schema.has("$ref") && guard++ < 10) {
            String ref = schema.path("$ref").asText();
            JsonNode n = doc;
            for (String part : ref.substring(2).split("/")) {
                n = n.path(part);
            }
            schema = n;
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(schema.path("allOf").path(0));
        }
        return schema;
    }

    private JsonNode sample(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("enum")) {
            return schema.path("enum").path(0);
        }
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        switch (type) {
            case "integer":
                return F.numberNode(1);
            case "number":
                return F.textNode("100.00");
            case "boolean":
                return F.booleanNode(true);
            case "array": {
                ArrayNode a = F.arrayNode();
                if (depth < 4) {
                    a.add(sample(schema.path("items"), depth + 1));
                }
                return a;
            }
            case "string":
                if (format.equals("date-time")) {
                    return F.textNode(Instant.now().plusSeconds(86400).toString());
                } else if (format.equals("date")) {
                    return F.textNode("2026-12-31");
                }
                return F.textNode("测试 text");
            default: {
                ObjectNode o = F.objectNode();
                if (depth < 4) {
                    schema.path("properties").fields().forEachRemaining(e -> o.set(e.getKey(), sample(e.getValue(), depth + 1)));
                }
                return o;
            }
        }
    }

    private RequestSpecification spec(Caller c) {
        RequestSpecification s = given().config(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))).redirects().follow(false);
        if (c.token() != null) {
            s.header("Authorization", "Bearer " + c.token());
        }
        return s;
    }

    static String enc(String v) {
        return java.net.URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String url(Op op, Map<String, String> path, Map<String, String> query) {
        String url = op.path();
        for (var e : path.entrySet()) {
            url = url.replace("{" + e.getKey() + "}", enc(e.getValue()));
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(enc(k)).append('=').append(enc(v)));
        return url + q;
    }

    private int send(Op op, Caller c, Map<String, String> path, Map<String, String> query, JsonNode body, Map<String, String> headers) {
        RequestSpecification s = spec(c).urlEncodingEnabled(false);
        if (headers != null) {
            headers.forEach(s::header);
        }
        if (body != null) {
            s.contentType("application/json").body(body.toString().getBytes(StandardCharsets.UTF_8));
        } else if (mediaType(op) != null) {
            s.contentType(mediaType(op)).body(new byte[0]);
        }
        String url = url(op, path, query);
        return check(op, c, url, s.request(op.method(), url));
    }

    private int sendRaw(Op op, Caller c, byte[] body, String media) {
        RequestSpecification s = spec(c).urlEncodingEnabled(false).contentType(media).body(body);
        String url = url(op, pathParams(op, null, null), queryParams(op, null, null));
        return check(op, c, url + " raw " + body.length + "B", s.request(op.method(), url));
    }

    private int check(Op op, Caller c, String what, Response r) {
        sent.incrementAndGet();
        int status = r.statusCode();
        String body = r.asString();
        String label = op.method() + " " + op.path() + " as " + c.name() + " [" + what.substring(0, Math.min(160, what.length()))
                .replaceAll("[\\x00-\\x1f]", "?") + "] -> " + status;
        if (status >= 500) {
            failures.add(label + " " + body.substring(0, Math.min(200, body.length())));
        } else if (status >= 400) {
            String ct = r.contentType();
            if (ct == null || !ct.startsWith("application/problem+json")) {
                failures.add(label + " content type " + ct);
            }
            if (LEAK.matcher(body).find()) {
                failures.add(label + " leaks: " + body.substring(0, Math.min(300, body.length())));
            }
        }
        return status;
    }
}
