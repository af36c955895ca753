package cn.sunlight.common.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Browser protections on every response, set just before the headers leave (so error pages, static files and
 * refusals get them too): a Content-Security-Policy without inline script (the portal's scripts are all static
 * files), no framing by other sites (clickjacking), no MIME sniffing, no referrer to other sites, and HSTS where the
 * platform runs behind TLS (production).
 */
@ApplicationScoped
public class SecurityHeaders {

    /** The portal: only its own scripts, styles, images and sockets; forms post only to itself. */
    static final String PORTAL_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /**
     * The API: JSON, PDFs and the rendered documents (their HTML carries its own style element); nothing in a
     * response may run script, and an HTML document is sandboxed.
     */
    static final String API_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";
    /** Swagger UI (Quarkus's page) starts itself with an inline script; it is a reading tool, not the portal. */
    static final String TOOL_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String hsts;

    public SecurityHeaders(@ConfigProperty(name = "sunlight.http.strict-transport-security") Optional<String> hsts) {
        this.hsts = hsts.map(String::trim).orElse("");
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        rc.addHeadersEndHandler(v -> apply(rc.response().headers(), path));
        rc.next();
    }

    public void apply(MultiMap h, String path) {
        String csp = csp(path);
        if (csp != null) {
            h.set("Content-Security-Policy", csp);
        }
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "same-origin");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        if (!hsts.isEmpty()) {
            h.set("Strict-Transport-Security", hsts);
        }
    }

    static String csp(String path) {
        if (path == null) {
            return PORTAL_CSP;
        }
        if (path.startsWith("/api/")) {
            return API_CSP;
        }
        if (path.startsWith("/q/dev")) {
            return null; // the development console (dev profile only) is Quarkus's own
        }
        if (path.startsWith("/q/swagger-ui")) {
            return TOOL_CSP;
        }
        return PORTAL_CSP;
    }
}
