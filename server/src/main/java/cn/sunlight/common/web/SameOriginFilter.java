package cn.sunlight.common.web;

import cn.sunlight.common.rest.SameOriginSockets;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery: a browser sends the portal's session cookie with another site's form posts, so a page
 * elsewhere could register its visitor as a bidder, or sign them in to an account of its choosing (login CSRF).
 * Browsers name where a request comes from: {@code Sec-Fetch-Site} (every current browser) and {@code Origin} (on
 * every cross-origin POST). A state-changing request (anything but GET, HEAD, OPTIONS) that either header marks as
 * not from this site is refused with 403 problem+json before it reaches any endpoint — login and logout included.
 * API clients (curl, the bidder tool, scripts) send neither header and authenticate with a bearer token that no other
 * site can add, so they are unaffected.
 */
@ApplicationScoped
public class SameOriginFilter {

    private static final Logger LOG = Logger.getLogger(SameOriginFilter.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** "same-site" is refused too: a sibling sub-domain is another site's code. "none": typed by the user. */
    private static final Set<String> ALLOWED_FETCH_SITES = Set.of("same-origin", "none");

    private final boolean behindProxy;

    public SameOriginFilter(@ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded", defaultValue = "false")
                            boolean behindProxy) {
        this.behindProxy = behindProxy;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (SAFE.contains(request.method()) || sameSite(request)) {
            rc.next();
            return;
        }
        LOG.warnf("refused a cross-site %s %s (Origin %s, Sec-Fetch-Site %s)", request.method(), rc.normalizedPath(),
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"));
        String lang = request.getHeader("Accept-Language");
        boolean en = lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en");
        String title = en ? "Cross-site request refused: state changes must come from this site's own pages"
                : "拒绝跨站请求：变更操作只能来自本平台自己的页面";
        rc.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                .end("{\"type\":\"urn:sunlight:problem:cross-site\",\"title\":\"" + title + "\",\"status\":403}");
    }

    boolean sameSite(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !ALLOWED_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        return origin == null || SameOriginSockets.sameSite(origin, request, behindProxy);
    }
}
