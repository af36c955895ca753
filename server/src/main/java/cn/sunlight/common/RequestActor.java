package cn.sunlight.common;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;
import java.util.Optional;

/**
 * Who is acting in the current request: user, role, organisation and network address, as the law
 * requires every trading operation to record them (电子招标投标办法). Outside a request (timers),
 * the actor is the platform itself.
 */
@RequestScoped
public class RequestActor {

    public static final String CLAIM_USER_ID = "uid";
    public static final String CLAIM_ORG_ID = "oid";
    public static final String CLAIM_ORG_CODE = "ocode";

    private final SecurityIdentity identity;
    private final Instance<CurrentVertxRequest> request;

    public RequestActor(SecurityIdentity identity, Instance<CurrentVertxRequest> request) {
        this.identity = identity;
        this.request = request;
    }

    public boolean authenticated() {
        return !identity.isAnonymous();
    }

    public String username() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public Optional<Role> role() {
        return identity.getRoles().stream().map(Role::parse).flatMap(Optional::stream).findFirst();
    }

    public boolean is(Role role) {
        return identity.hasRole(role.name());
    }

    public Long userId() {
        return claim(CLAIM_USER_ID).map(Long::valueOf).orElse(null);
    }

    public Long organisationId() {
        return claim(CLAIM_ORG_ID).map(Long::valueOf).orElse(null);
    }

    public String organisationCode() {
        return claim(CLAIM_ORG_CODE).orElse(null);
    }

    /** The caller's organisation, or a 403 when the account belongs to none. */
    public long requireOrganisation() {
        Long id = organisationId();
        if (id == null) {
            throw ProblemException.forbidden(Text.of("该账户不属于任何机构", "This account belongs to no organisation"));
        }
        return id;
    }

    /** The session id ({@code jti}) of the caller's token, or null when anonymous. */
    public String sessionId() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getTokenID() : null;
    }

    public String clientAddress() {
        RoutingContext rc = routingContext();
        if (rc == null || rc.request().remoteAddress() == null) {
            return null;
        }
        return rc.request().remoteAddress().hostAddress();
    }

    public Locale locale() {
        RoutingContext rc = routingContext();
        if (rc != null) {
            String lang = rc.request().getHeader("Accept-Language");
            if (lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en")) {
                return Locale.ENGLISH;
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    private RoutingContext routingContext() {
        if (!request.isResolvable()) {
            return null;
        }
        try {
            return request.get().getCurrent();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Optional<String> claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object v = jwt.getClaim(name);
            return v == null ? Optional.empty() : Optional.of(v.toString().replace("\"", ""));
        }
        return Optional.empty();
    }
}
