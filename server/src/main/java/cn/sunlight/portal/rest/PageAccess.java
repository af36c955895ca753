package cn.sunlight.portal.rest;

import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.rest.ProblemMappers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A browser that reaches a page it may not see is sent to the sign-in page (not signed in) or shown why
 * (wrong role), and a refusal as a readable page. The API under /api keeps answering 401/403 and
 * problem+json as API clients expect.
 */
public class PageAccess {

    @CheckedTemplate(basePath = "portal", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance forbidden();

        static native TemplateInstance problem(int status, String title, java.util.List<cn.sunlight.common.Violation> violations);
    }

    private final PortalContext portal;

    public PageAccess(PortalContext portal) {
        this.portal = portal;
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        if (isApi(uri)) {
            return ProblemMappers.denied(401, headers);
        }
        String here = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return Response.seeOther(URI.create("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8))).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        if (isApi(uri)) {
            return ProblemMappers.denied(403, headers);
        }
        return Response.status(403).type(MediaType.TEXT_HTML)
                .entity(PortalPages.page(Templates.forbidden(), portal)).build();
    }

    /** A refusal on a page (a tender that does not exist, a draft that is not the reader's) as a page, not JSON. */
    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        if (isApi(uri)) {
            return ProblemMappers.problemJson(e, headers);
        }
        return Response.status(e.status()).type(MediaType.TEXT_HTML)
                .entity(PortalPages.page(Templates.problem(e.status(), e.title().in(portal.locale()), e.violations()), portal))
                .build();
    }

    private static boolean isApi(UriInfo uri) {
        String path = uri.getPath();
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/");
    }
}
