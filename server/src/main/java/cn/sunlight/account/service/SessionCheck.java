package cn.sunlight.account.service;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A signed token is not enough: its session must still be live ({@link Sessions}). A token whose session was ended
 * by logout or a password change makes the caller anonymous, so protected endpoints answer 401 and public pages
 * show the signed-out view.
 */
@ApplicationScoped
public class SessionCheck implements SecurityIdentityAugmentor {

    private final Sessions sessions;

    public SessionCheck(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String jti = jwt.getTokenID();
        if (sessions.knownLive(jti)) { // remembered: answered on the I/O thread, no database, no worker hop
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> sessions.live(jti) ? identity
                : QuarkusSecurityIdentity.builder().setAnonymous(true).setPrincipal(new QuarkusPrincipal("")).build());
    }
}
