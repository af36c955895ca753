package cn.sunlight.portal.rest;

import cn.sunlight.account.service.AccountService;
import cn.sunlight.common.ProblemException;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;

/**
 * Signing in and out of the portal, and the language switch. The session is the same JWT the API issues, kept in
 * an HttpOnly cookie so page scripts never touch it; SameSite=Lax keeps other sites from sending it with their
 * forms; SameOriginFilter refuses any cross-site state change, login and logout included.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    @CheckedTemplate(basePath = "portal", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance login(String next, String username, boolean failed);
    }

    private final AccountService accounts;
    private final PortalContext portal;
    private final boolean secureCookie;

    public SessionPages(AccountService accounts, PortalContext portal,
                        @ConfigProperty(name = "sunlight.portal.secure-cookie") boolean secureCookie) {
        this.accounts = accounts;
        this.portal = portal;
        this.secureCookie = secureCookie;
    }

    @GET
    @Path("login")
    @PermitAll
    public TemplateInstance loginForm(@QueryParam("next") String next) {
        return PortalPages.page(Templates.login(PortalPages.safeReturn(next, ""), "", false), portal);
    }

    @POST
    @Path("login")
    @PermitAll
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username, @FormParam("password") String password,
                          @FormParam("next") String next) {
        AccountService.Login login;
        try {
            login = accounts.login(username == null ? "" : username.trim(), password == null ? "" : password);
        } catch (ProblemException e) {
            return Response.status(e.status() == 429 ? 429 : 401).type(MediaType.TEXT_HTML)
                    .header("Retry-After", e instanceof cn.sunlight.common.RateLimited r ? r.retryAfterSeconds() : null)
                    .entity(PortalPages.page(Templates.login(PortalPages.safeReturn(next, ""), username, true), portal))
                    .build();
        }
        long maxAge = Duration.between(java.time.Instant.now(), login.expiresAt()).toSeconds();
        // Signing in from the public front page means "take me to my work"; from any other page, "back to it".
        String home = PortalPages.homeOf(login.user().role);
        String target = PortalPages.safeReturn(next, home);
        if (target.equals("/")) {
            target = home;
        }
        return Response.seeOther(URI.create(target)).cookie(session(login.token(), (int) maxAge)).build();
    }

    @POST
    @Path("logout")
    @PermitAll
    public Response logout() {
        // Clearing the cookie is not enough: a copied token would stay valid for hours. End the session itself.
        accounts.logout();
        return Response.seeOther(URI.create("/")).cookie(session("", 0)).build();
    }

    /** A link, not a form: switching language changes nothing but the reader's own preference. */
    @GET
    @Path("lang")
    @PermitAll
    public Response language(@QueryParam("to") String to, @QueryParam("back") String back) {
        String lang = "en".equals(to) ? "en" : "zh-CN";
        NewCookie cookie = new NewCookie.Builder(PortalContext.LANG_COOKIE).value(lang).path("/")
                .maxAge((int) Duration.ofDays(365).toSeconds()).sameSite(NewCookie.SameSite.LAX).secure(secureCookie)
                .build();
        return Response.seeOther(URI.create(PortalPages.safeReturn(back, "/"))).cookie(cookie).build();
    }

    private NewCookie session(String token, int maxAge) {
        return new NewCookie.Builder(PortalContext.SESSION_COOKIE).value(token).path("/").httpOnly(true)
                .secure(secureCookie).sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }
}
