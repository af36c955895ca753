package cn.sunlight.portal;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Locale;

/**
 * What every portal page needs to know about the request: the language the reader chose (zh-CN unless the
 * {@code sunlight_lang} cookie says English), who is signed in, and the server's clock, which countdowns follow
 * instead of the reader's own clock. Templates reach it as {@code inject:portal}.
 */
@RequestScoped
@Named("portal")
public class PortalContext {

    public static final String LANG_COOKIE = "sunlight_lang";
    public static final String SESSION_COOKIE = "sunlight_session";

    private final RequestActor actor;
    private final PlatformClock clock;
    private final CurrentVertxRequest request;
    private final JsonWebToken jwt;

    public PortalContext(RequestActor actor, PlatformClock clock, CurrentVertxRequest request, JsonWebToken jwt) {
        this.actor = actor;
        this.clock = clock;
        this.request = request;
        this.jwt = jwt;
    }

    public Locale locale() {
        return "en".equals(lang()) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    /** The BCP 47 tag of the page's language, for {@code <html lang>} and the API's Accept-Language. */
    public String lang() {
        var rc = request.getCurrent();
        Cookie c = rc == null ? null : rc.request().getCookie(LANG_COOKIE);
        return c != null && "en".equals(c.getValue()) ? "en" : "zh-CN";
    }

    public boolean english() {
        return "en".equals(lang());
    }

    public boolean signedIn() {
        return actor.authenticated();
    }

    public String username() {
        return actor.username();
    }

    /** The name on the account (claim "name"), else the username. */
    public String displayName() {
        Object name = signedIn() ? jwt.getClaim("name") : null;
        return name == null ? actor.username() : name.toString().replace("\"", "");
    }

    public Role role() {
        return actor.role().orElse(null);
    }

    public boolean is(String role) {
        return actor.role().map(r -> r.name().equals(role)).orElse(false);
    }

    /** Where this account works in the portal. */
    public String home() {
        Role r = role();
        return r == null ? "/" : PortalPages.homeOf(r);
    }

    /** The server's "now" (the platform clock): pages hand it to countdowns so they never trust the reader's clock. */
    public Instant now() {
        return clock.now();
    }

    public long nowMillis() {
        return clock.now().toEpochMilli();
    }

    /** The current path and query, to come back to after signing in or switching language. */
    public String here() {
        var rc = request.getCurrent();
        if (rc == null) {
            return "/";
        }
        String uri = rc.request().uri();
        return uri == null || uri.isBlank() ? "/" : uri;
    }
}
