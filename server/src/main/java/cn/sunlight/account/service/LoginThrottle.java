package cn.sunlight.account.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.RateLimited;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Login failure handling (GB/T 22239-2019 8.1.4.1 a, 登录失败处理): failures are counted per account name and per
 * client address in PostgreSQL, so both instances see the same counts. {@code max-failures} failures of an account
 * (or {@code address-max-failures} of an address) within {@code window} lock it for {@code lock}, doubled at each
 * further lock up to {@code max-lock}; a locked login is refused with 429 and {@code Retry-After} before the
 * password is hashed. Each lock is an audit event ({@code account.login-locked}) and a red alert on the
 * supervisors' desk while it lasts ({@link cn.sunlight.supervision.service.LoginLockAlerts}).
 *
 * <p>Counts are kept in their own transactions (REQUIRES_NEW): the refused login rolls back, its failure must not.
 */
@ApplicationScoped
public class LoginThrottle {

    public static final String ACCOUNT = "account:";
    public static final String ADDRESS = "address:";

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final int maxFailures;
    private final int addressMaxFailures;
    private final Duration window;
    private final Duration lock;
    private final Duration maxLock;

    public LoginThrottle(PlatformClock clock, AuditTrail audit, LoginLimits limits) {
        this.clock = clock;
        this.audit = audit;
        this.maxFailures = limits.maxFailures();
        this.addressMaxFailures = limits.addressMaxFailures();
        this.window = limits.window();
        this.lock = limits.lock();
        this.maxLock = limits.maxLock();
    }

    static String accountKey(String username) {
        String u = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return ACCOUNT + (u.length() > 64 ? u.substring(0, 64) : u);
    }

    static String addressKey(String address) {
        return ADDRESS + (address == null ? "unknown" : address);
    }

    /** 429 with Retry-After when the account or the address is locked now; cheap (one indexed read), no hashing. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void requireOpen(String username, String address) {
        Instant now = clock.now();
        @SuppressWarnings("unchecked")
        List<Object> until = Panache.getEntityManager().createNativeQuery(
                        "select max(locked_until) from login_throttle where key in (?1, ?2) and locked_until > ?3")
                .setParameter(1, accountKey(username)).setParameter(2, addressKey(address))
                .setParameter(3, Timestamp.from(now)).getResultList();
        Object u = until.isEmpty() ? null : until.getFirst();
        if (u != null) {
            Instant lockedUntil = u instanceof Timestamp t ? t.toInstant() : u instanceof Instant i ? i
                    : ((java.time.OffsetDateTime) u).toInstant();
            long seconds = Math.max(1, Duration.between(now, lockedUntil).toSeconds() + 1);
            throw new RateLimited("login-locked", Text.of("登录失败次数过多，已暂时锁定，请于 " + seconds + " 秒后再试",
                    "Too many failed logins; locked, retry in " + seconds + " s"), seconds);
        }
    }

    /** Counts a failure of the account name and of the address; locks (and audits the lock) at the threshold. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(String username, String address) {
        count(accountKey(username), maxFailures);
        count(addressKey(address), addressMaxFailures);
    }

    /** A good password clears the account's failures (not the address's: one good account must not reset it). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeeded(String username) {
        Panache.getEntityManager().createNativeQuery(
                        "update login_throttle set failures = 0 where key = ?1 and failures > 0")
                .setParameter(1, accountKey(username)).executeUpdate();
    }

    private void count(String key, int max) {
        Instant now = clock.now();
        var em = Panache.getEntityManager();
        // One atomic upsert: two instances counting the same key never lose a failure.
        Object[] row = (Object[]) em.createNativeQuery("""
                        insert into login_throttle (key, failures, window_started_at) values (?1, 1, ?2)
                        on conflict (key) do update set
                          failures = case when login_throttle.window_started_at < ?3 then 1 else login_throttle.failures + 1 end,
                          window_started_at = case when login_throttle.window_started_at < ?3 then ?2 else login_throttle.window_started_at end
                        returning failures, locks""")
                .setParameter(1, key).setParameter(2, Timestamp.from(now)).setParameter(3, Timestamp.from(now.minus(window)))
                .getSingleResult();
        int failures = ((Number) row[0]).intValue();
        int locks = ((Number) row[1]).intValue();
        if (failures < max) {
            return;
        }
        Duration d = lock.multipliedBy(1L << Math.min(locks, 16));
        if (d.compareTo(maxLock) > 0) {
            d = maxLock;
        }
        Instant until = now.plus(d);
        em.createNativeQuery("update login_throttle set failures = 0, window_started_at = ?2, locked_until = ?3, locks = locks + 1 where key = ?1")
                .setParameter(1, key).setParameter(2, Timestamp.from(now)).setParameter(3, Timestamp.from(until)).executeUpdate();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("key", key);
        state.put("failures", failures);
        state.put("lockedUntil", until.toString());
        state.put("lockNumber", locks + 1);
        audit.record("account.login-locked", "login-throttle", null, state);
    }

    /** A lock in force, for the supervisors' desk. */
    public record Lock(String key, Instant lockedUntil, int locks) {
    }

    @Transactional
    public List<Lock> activeLocks() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "select key, locked_until, locks from login_throttle where locked_until > ?1 order by locked_until desc limit 200")
                .setParameter(1, Timestamp.from(clock.now())).getResultList();
        List<Lock> locks = new ArrayList<>();
        for (Object[] r : rows) {
            Object u = r[1];
            Instant until = u instanceof Timestamp t ? t.toInstant() : u instanceof Instant i ? i : ((java.time.OffsetDateTime) u).toInstant();
            locks.add(new Lock((String) r[0], until, ((Number) r[2]).intValue()));
        }
        return locks;
    }
}
