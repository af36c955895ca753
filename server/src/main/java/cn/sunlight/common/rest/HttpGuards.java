package cn.sunlight.common.rest;

import cn.sunlight.common.CanonicalJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The two checks that must happen before a request body is read or any work is done for it:
 *
 * <ul>
 *   <li><b>Body size.</b> Only the two streaming uploads (sealed bids, tender documents) may send large bodies; they
 *   keep their own streamed limits ({@code sunlight.bids.max-bytes}, the documents' limit). Every other request body
 *   is at most {@code sunlight.http.max-body} (1 MiB): a larger declared {@code Content-Length} is 413 and a body
 *   without a declared length is 411, both before a byte of it is read.</li>
 *   <li><b>Anonymous rate.</b> Requests without credentials (no {@code Authorization} header, no session cookie) are
 *   limited per client address by a token bucket ({@code sunlight.limits.anonymous.*}); beyond it, 429 with
 *   {@code Retry-After}. The buckets are per instance: with two instances an address gets at most twice the rate,
 *   which bounds the load as intended (the login lock, which must hold across instances, is in PostgreSQL:
 *   {@link cn.sunlight.account.service.LoginThrottle}).</li>
 * </ul>
 * Both answer application/problem+json.
 */
@ApplicationScoped
public class HttpGuards {

    private static final Pattern STREAMED = Pattern.compile("/api/tenders/[^/]+/(lots/[^/]+/bids|documents)/?");
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    private final long maxBody;
    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public HttpGuards(@ConfigProperty(name = "sunlight.http.max-body", defaultValue = "1M") MemorySize maxBody,
                      @ConfigProperty(name = "sunlight.limits.anonymous.per-minute", defaultValue = "600") long perMinute,
                      @ConfigProperty(name = "sunlight.limits.anonymous.burst", defaultValue = "120") long burst) {
        this.maxBody = maxBody.asLongValue();
        this.perSecond = perMinute / 60.0;
        this.burst = burst;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::guard);
        // A bad or expired token fails before JAX-RS (proactive authentication): answer it as a problem too.
        router.route().order(-1000).failureHandler(rc -> {
            if (rc.failure() instanceof io.quarkus.security.AuthenticationFailedException && !rc.response().ended()) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                refuse(rc, 401, "unauthorized", "需要登录（凭据无效或已过期）", "Authentication required (invalid or expired credentials)", 0);
            } else {
                rc.next();
            }
        });
    }

    void guard(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith("/static/") && anonymous(rc)) {
            String address = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
            long wait = take(address);
            if (wait > 0) {
                refuse(rc, 429, "rate-limited", "请求过于频繁，请稍后再试", "Too many requests; retry later", wait);
                return;
            }
        }
        if (!(rc.request().method() == HttpMethod.POST && STREAMED.matcher(path).matches())) {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    n = Long.MAX_VALUE;
                }
                if (n > maxBody) {
                    refuse(rc, 413, "body-too-large", "请求体过大（最多 " + maxBody + " 字节）",
                            "The request body is too large (at most " + maxBody + " bytes)", 0);
                    return;
                }
            } else if (rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                refuse(rc, 411, "length-required", "请求体须声明长度（Content-Length）",
                        "The request body must declare its length (Content-Length)", 0);
                return;
            }
        }
        rc.next();
    }

    private static boolean anonymous(RoutingContext rc) {
        if (rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return false;
        }
        String cookie = rc.request().getHeader(HttpHeaders.COOKIE);
        return cookie == null || !cookie.contains("sunlight_session=");
    }

    /** Seconds to wait, or 0 when a token was taken. */
    long take(String address) {
        if (buckets.size() > MAX_TRACKED_ADDRESSES) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst));
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private static void refuse(RoutingContext rc, int status, String type, String zh, String en, long retryAfter) {
        String lang = rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        boolean english = lang != null && lang.trim().toLowerCase().startsWith("en");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:sunlight:problem:" + type);
        body.put("title", english ? en : zh);
        body.put("status", status);
        var response = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON);
        if (retryAfter > 0) {
            response.putHeader("Retry-After", String.valueOf(retryAfter));
        }
        // The unread body is not drained: the connection ends with this answer.
        response.putHeader(HttpHeaders.CONNECTION, "close");
        response.end(CanonicalJson.write(body));
    }

    private static final class Bucket {
        double tokens;
        long at = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }
    }
}
