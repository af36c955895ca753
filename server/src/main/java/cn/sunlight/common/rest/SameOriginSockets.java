package cn.sunlight.common.rest;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Locale;

/**
 * Browsers send the portal's session cookie with a WebSocket handshake and let any page open one, so a socket opened
 * by another site's page (cross-site WebSocket hijacking) would act as the signed-in user. A browser always names
 * the page's origin; a handshake whose Origin is not this site is refused with 403. Tools (the bidder tool, tests,
 * supervisors' scripts) send no Origin and authenticate with a bearer token, which no other site can add.
 */
@ApplicationScoped
public class SameOriginSockets implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(SameOriginSockets.class);

    /** Behind a proxy that forwards the host (quarkus.http.proxy.allow-x-forwarded), the site is X-Forwarded-Host. */
    private final boolean behindProxy;

    public SameOriginSockets(@ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded", defaultValue = "false")
                             boolean behindProxy) {
        this.behindProxy = behindProxy;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (origin == null || sameSite(origin, request, behindProxy)) {
            return CheckResult.permitUpgrade();
        }
        LOG.warnf("refused a WebSocket from origin %s to %s", origin, request.path());
        return CheckResult.rejectUpgrade(403);
    }

    public static boolean sameSite(String origin, HttpServerRequest request, boolean behindProxy) {
        String ours = normalise(request.getHeader("X-Forwarded-Host") != null && behindProxy
                ? request.getHeader("X-Forwarded-Host") : request.getHeader("Host"));
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null) {
                return false;
            }
            String theirs = o.getHost() + (o.getPort() < 0 || o.getPort() == defaultPort(o.getScheme()) ? "" : ":" + o.getPort());
            return ours != null && ours.equals(theirs.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "Example.com:443" → "example.com" when the port is a scheme default (the Origin omits it then). */
    private static String normalise(String host) {
        if (host == null) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(":80") || h.endsWith(":443") ? h.substring(0, h.lastIndexOf(':')) : h;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
