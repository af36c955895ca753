package cn.sunlight.tools;

import cn.sunlight.common.Text;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's HTTP API as the bidder tool uses it (JDK HttpClient). A non-2xx answer becomes a
 * {@link ToolException} with exit code {@link ToolException#REFUSED} carrying the problem+json title and violations;
 * an unreachable server is a local error.
 */
final class PlatformClient {

    /**
     * Strict JSON: a duplicated key (two different values for one field) is an error, not "last one wins"; decimals
     * stay exact ({@code 9100000.00} is not turned into a double).
     */
    static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    record Answer(int status, String contentType, byte[] body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final URI base;
    private final HttpClient http;
    private String token;

    PlatformClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    void login(String username, String password) throws ToolException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("username", username, "password", password));
        } catch (IOException e) {
            throw ToolException.local("无法构造登录请求", "cannot build the login request", e);
        }
        JsonNode answer = json(expectOk(send(request("/api/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), false)));
        JsonNode t = answer.get("token");
        if (t == null || !t.isTextual()) {
            throw ToolException.local("登录应答中没有令牌", "the login answer has no token", null);
        }
        token = t.asText();
    }

    JsonNode getJson(String path) throws ToolException {
        return json(expectOk(send(request(path).GET(), true)));
    }

    String getText(String path) throws ToolException {
        return expectOk(send(request(path).GET(), true)).text();
    }

    /** Streams {@code file} as the request body (never loaded into memory). */
    Answer postFile(String path, Path file, String contentType, Map<String, String> headers) throws ToolException {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType);
        headers.forEach(b::header);
        try {
            b.POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw ToolException.local("找不到文件 " + file, "file not found: " + file, e);
        }
        return send(b, true);
    }

    /** Streams a GET response into {@code file} (a sealed bid can be large). */
    void download(String path, Path file) throws ToolException {
        HttpRequest.Builder b = request(path).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<Path> r = http.send(b.build(), HttpResponse.BodyHandlers.ofFile(file));
            if (r.statusCode() / 100 != 2) {
                byte[] body = java.nio.file.Files.readAllBytes(file);
                java.nio.file.Files.deleteIfExists(file);
                throw refusal(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body));
            }
        } catch (IOException e) {
            throw ToolException.local("下载失败：" + e.getMessage(), "download failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.local("已中断", "interrupted", e);
        }
    }

    Answer postJson(String path, Object body) throws ToolException {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), true);
        } catch (IOException e) {
            throw ToolException.local("无法构造请求", "cannot build the request", e);
        }
    }

    Answer delete(String path, Map<String, String> headers) throws ToolException {
        HttpRequest.Builder b = request(path).DELETE();
        headers.forEach(b::header);
        return send(b, true);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", "zh-CN");
    }

    private Answer send(HttpRequest.Builder b, boolean authenticated) throws ToolException {
        if (authenticated && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = b.build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw ToolException.local("无法连接平台 " + base + "（" + request.method() + " " + request.uri().getPath() + "）：" + e,
                    "cannot reach the platform at " + base + " (" + request.method() + " " + request.uri().getPath() + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.local("已中断", "interrupted", e);
        }
    }

    static Answer expectOk(Answer a) throws ToolException {
        if (a.ok()) {
            return a;
        }
        throw refusal(a);
    }

    /** The platform's refusal: RFC 9457 title and violations when the body is problem+json, else the status. */
    static ToolException refusal(Answer a) {
        String title = null;
        List<String> details = new ArrayList<>();
        if (a.contentType().contains("json") && a.body().length > 0) {
            try {
                JsonNode p = JSON.readTree(a.body());
                title = p.path("title").asText(null);
                for (JsonNode v : p.path("violations")) {
                    details.add(v.path("field").asText("?") + " [" + v.path("rule").asText("?") + "]: "
                            + v.path("message").asText(""));
                }
            } catch (IOException ignored) {
                // fall back to the raw text
            }
        }
        if (title == null) {
            String raw = a.text().strip();
            title = raw.isEmpty() ? "HTTP " + a.status() : raw.substring(0, Math.min(300, raw.length()));
        }
        return new ToolException(ToolException.REFUSED, Text.of(
                "平台拒绝了请求（HTTP " + a.status() + "）：" + title,
                "the platform refused the request (HTTP " + a.status() + "): " + title), details, null);
    }

    static JsonNode json(Answer a) throws ToolException {
        try {
            return JSON.readTree(a.body());
        } catch (IOException e) {
            throw ToolException.local("平台应答不是合法的 JSON", "the platform's answer is not valid JSON", e);
        }
    }
}
