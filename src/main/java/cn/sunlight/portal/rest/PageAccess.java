package cn.sunlight.portal.rest;

import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A browser that reaches a page it may not see is sent to the sign-in page (not signed in) or shown why
 * (wrong role). The API under /api keeps answering 401/403 as API clients expect.
 */
public class PageAccess {

    @CheckedTemplate(basePath = "portal", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance forbidden();
    }

    private final PortalContext portal;

    public PageAccess(PortalContext portal) {
        this.portal = portal;
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        if (isApi(uri)) {
            return Response.status(401).header("WWW-Authenticate", "Bearer").build();
        }
        String here = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return Response.seeOther(URI.create("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8))).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (isApi(uri)) {
            return Response.status(403).build();
        }
        return Response.status(403).type(MediaType.TEXT_HTML)
                .entity(PortalPages.page(Templates.forbidden(), portal)).build();
    }

    private static boolean isApi(UriInfo uri) {
        String path = uri.getPath();
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/");
    }
}
