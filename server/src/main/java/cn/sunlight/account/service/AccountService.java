package cn.sunlight.account.service;

import cn.sunlight.account.CreditCode;
import cn.sunlight.account.Organisation;
import cn.sunlight.account.OrganisationKind;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.jwt.Claims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    /** Which kind of organisation each role acts for; an account of another kind would blur duties. */
    private static final Map<Role, OrganisationKind> ROLE_ORGANISATION = Map.of(
            Role.OPERATOR, OrganisationKind.TRADING_CENTRE,
            Role.TENDERER, OrganisationKind.TENDERING_UNIT,
            Role.AGENT, OrganisationKind.AGENT,
            Role.BIDDER, OrganisationKind.BIDDER,
            Role.EXPERT, OrganisationKind.EXPERT_EMPLOYER,
            Role.SUPERVISOR, OrganisationKind.SUPERVISION_AUTHORITY);

    private final PasswordHasher hasher;
    private final PlatformClock clock;
    private final AuditTrail audit;
    private final Duration tokenLifespan;
    private final Sessions sessions;
    private final jakarta.enterprise.inject.Instance<RequestActor> actor;

    private final LoginThrottle throttle;

    public AccountService(PasswordHasher hasher, PlatformClock clock, AuditTrail audit, LoginThrottle throttle,
                          @ConfigProperty(name = "smallrye.jwt.new-token.lifespan") long lifespanSeconds,
                          Sessions sessions, jakarta.enterprise.inject.Instance<RequestActor> actor) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.actor = actor;
        this.hasher = hasher;
        this.clock = clock;
        this.audit = audit;
        this.tokenLifespan = Duration.ofSeconds(lifespanSeconds);
    }

    public record Login(String token, Instant expiresAt, UserAccount user) {
    }

    @Transactional
    public Login login(String username, String password) {
        cn.sunlight.common.input.Bounds.text("username", username);
        if (username.length() > 64 || password.length() > 1024) {
            throw new ProblemException(401, "bad-credentials", Text.of("用户名或密码错误", "Wrong username or password"));
        }
        String address = actor.isResolvable() ? actor.get().clientAddress() : null;
        // Before any hashing: a locked account or address costs one indexed read, not a bcrypt.
        throttle.requireOpen(username, address);
        UserAccount user = UserAccount.byUsername(username).orElse(null);
        if (user == null) {
            hasher.burnDecoy(password);
        }
        if (user == null || !user.enabled || !hasher.matches(password, user.passwordHash)) {
            throttle.failed(username, address);
            throw new ProblemException(401, "bad-credentials", Text.of("用户名或密码错误", "Wrong username or password"));
        }
        throttle.succeeded(username);
        // A bidder's logins are for supervisors only: in public they would time-link the account to its bids.
        audit.recordAbout(user.role == Role.BIDDER, "account.login", "user", user.id, Map.of("username", user.username, "role", user.role));
        return issue(user);
    }

    /** A signed token for a new server-side session ({@link Sessions}): its jti is what logout revokes. */
    private Login issue(UserAccount user) {
        Instant now = Instant.now();
        Instant expires = now.plus(tokenLifespan);
        String jti = UUID.randomUUID().toString();
        var builder = Jwt.upn(user.username)
                .groups(Set.of(user.role.name()))
                .claim(Claims.jti.name(), jti)
                .claim(RequestActor.CLAIM_USER_ID, String.valueOf(user.id))
                .claim("name", user.displayName)
                .issuedAt(now)
                .expiresAt(expires);
        if (user.organisation != null) {
            builder.claim(RequestActor.CLAIM_ORG_ID, String.valueOf(user.organisation.id))
                    .claim(RequestActor.CLAIM_ORG_CODE, user.organisation.creditCode);
        }
        sessions.open(jti, user.id, now, expires);
        return new Login(builder.sign(), expires, user);
    }

    /** Ends the caller's session on every instance: its token is refused from the next request on. */
    public void logout() {
        String jti = actor.get().sessionId();
        if (jti != null) {
            sessions.revoke(jti);
        }
    }

    /**
     * Changes the caller's password after checking the current one, ends every session of the account (a stolen
     * token dies with the old password) and opens a new session for the caller.
     */
    @Transactional
    public Login changePassword(String currentPassword, String newPassword) {
        UserAccount user = UserAccount.<UserAccount>findByIdOptional(actor.get().userId())
                .orElseThrow(() -> ProblemException.forbidden(Text.of("账户不存在", "no such account")));
        if (!hasher.matches(currentPassword, user.passwordHash)) {
            throw ProblemException.invalid(Violation.of("currentPassword", "matches",
                    Text.of("当前密码不正确", "the current password is wrong")));
        }
        if (newPassword.equals(currentPassword)) {
            throw ProblemException.invalid(Violation.of("newPassword", "differs",
                    Text.of("新密码须与当前密码不同", "the new password must differ from the current one")));
        }
        user.passwordHash = hasher.hash(newPassword);
        sessions.revokeAll(user.id);
        audit.record("account.password-changed", "user", user.id, Map.of("username", user.username));
        return issue(user);
    }

    @Transactional
    public Organisation createOrganisation(String creditCode, String name, OrganisationKind kind, String region) {
        CreditCode.problem(creditCode).ifPresent(p -> {
            throw ProblemException.invalid(new Violation("creditCode", "GB32100-2015", p, null, "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"));
        });
        if (Organisation.byCreditCode(creditCode).isPresent()) {
            throw ProblemException.conflict("duplicate-organisation",
                    Text.of("该统一社会信用代码已登记", "An organisation with this credit code is already registered"));
        }
        Organisation org = new Organisation(creditCode, name, kind, region, clock.now());
        org.persist();
        audit.recordAbout(kind == OrganisationKind.BIDDER, "organisation.registered", "organisation", org.id, Map.of("creditCode", creditCode, "name", name, "kind", kind));
        return org;
    }

    @Transactional
    public UserAccount createUser(String username, String password, Role role, Long organisationId, String displayName) {
        Organisation org = organisationId == null ? null : Organisation.<Organisation>findByIdOptional(organisationId)
                .orElseThrow(() -> ProblemException.invalid(Violation.of("organisationId", "exists",
                        Text.of("机构不存在", "No such organisation"))));
        if (org == null) {
            throw ProblemException.invalid(Violation.of("organisationId", "required",
                    Text.of("账户必须属于一个机构", "An account must belong to an organisation")));
        }
        if (org.kind != ROLE_ORGANISATION.get(role)) {
            throw ProblemException.invalid(Violation.of("role", "role-matches-organisation",
                    Text.of("角色 " + role + " 须属于 " + ROLE_ORGANISATION.get(role) + " 类机构，而该机构为 " + org.kind,
                            "role " + role + " must belong to a " + ROLE_ORGANISATION.get(role) + " organisation, not " + org.kind)));
        }
        if (UserAccount.byUsername(username).isPresent()) {
            throw ProblemException.conflict("duplicate-username", Text.of("用户名已被使用", "The username is taken"));
        }
        UserAccount user = new UserAccount(username, hasher.hash(password), role, org, displayName, clock.now());
        user.persist();
        audit.recordAbout(role == Role.BIDDER, "account.created", "user", user.id, Map.of("username", username, "role", role, "organisation", org.creditCode));
        return user;
    }

    /** Self-service registration of a supplier: its organisation and first (bidder) account together. */
    @Transactional
    public UserAccount registerBidder(String creditCode, String organisationName, String region,
                                      String username, String password, String displayName) {
        Organisation org = createOrganisation(creditCode, organisationName, OrganisationKind.BIDDER, region);
        return createUser(username, password, Role.BIDDER, org.id, displayName);
    }

    /** The registered organisations, newest first, one keyset page on the primary key. */
    public cn.sunlight.common.page.Page<Organisation> organisations(cn.sunlight.common.page.PageRequest page) {
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> (below == null && above == null
                ? Organisation.<Organisation>find("order by id desc")
                : below != null ? Organisation.<Organisation>find("id < ?1 order by id desc", below)
                : Organisation.<Organisation>find("id > ?1 order by id asc", above)).range(0, limit - 1).list(), o -> o.id);
    }
}
