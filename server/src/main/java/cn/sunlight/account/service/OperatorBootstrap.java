package cn.sunlight.account.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.OrganisationKind;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.Role;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/**
 * The first operator account cannot be created through the API (only operators create accounts), so
 * the platform creates the trading centre and its operator at start-up when the database has none and
 * a password is configured (SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD).
 */
@ApplicationScoped
public class OperatorBootstrap {

    private static final Logger LOG = Logger.getLogger(OperatorBootstrap.class);

    private final PasswordHasher hasher;
    private final PlatformClock clock;
    private final AuditTrail audit;

    private final Bootstrap bootstrap;

    public OperatorBootstrap(PasswordHasher hasher, PlatformClock clock, AuditTrail audit, Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
        this.hasher = hasher;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        Optional<String> password = bootstrap.operator().password();
        String username = bootstrap.operator().username();
        String centreCode = bootstrap.centre().creditCode();
        String centreName = bootstrap.centre().name();
        if (password.isEmpty() || UserAccount.count("role", Role.OPERATOR) > 0) {
            return;
        }
        Organisation centre = Organisation.byCreditCode(centreCode).orElseGet(() -> {
            Organisation o = new Organisation(centreCode, centreName, OrganisationKind.TRADING_CENTRE, null, clock.now());
            o.persist();
            return o;
        });
        UserAccount op = new UserAccount(username, hasher.hash(password.get()), Role.OPERATOR, centre, "交易中心运营员", clock.now());
        op.persist();
        audit.record("account.bootstrapped", "user", op.id, Map.of("username", username, "role", Role.OPERATOR));
        LOG.infof("Created the first operator account '%s' for %s", username, centreName);
    }
}
