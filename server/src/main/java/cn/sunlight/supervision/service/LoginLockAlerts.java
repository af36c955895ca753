package cn.sunlight.supervision.service;

import cn.sunlight.account.service.LoginThrottle;
import cn.sunlight.common.Text;
import cn.sunlight.supervision.Alert;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A red alert on the supervisors' desk for every login lock in force: repeated failed logins against an account or
 * from an address are an attack on the platform's accounts, which the supervision authority must see
 * (GB/T 22239-2019 8.1.4.1 a; 8.1.5.4 集中管控: 应对网络中发生的各类安全事件进行识别、报警和分析).
 */
@ApplicationScoped
public class LoginLockAlerts implements AlertSource {

    /** Not about a tender: the desk's alert pages key alerts by tender, 0 is none. */
    static final Long NO_TENDER = 0L;

    private final LoginThrottle throttle;

    public LoginLockAlerts(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public List<Alert> alerts(Instant now) {
        return throttle.activeLocks().stream().map(l -> {
            boolean account = l.key().startsWith(LoginThrottle.ACCOUNT);
            String who = l.key().substring(l.key().indexOf(':') + 1);
            Text message = account
                    ? Text.of("账户 " + who + " 登录失败次数过多，已锁定（第 " + l.locks() + " 次）",
                    "Account " + who + " locked after repeated failed logins (lock " + l.locks() + ")")
                    : Text.of("地址 " + who + " 登录失败次数过多，已锁定（第 " + l.locks() + " 次）",
                    "Address " + who + " locked after repeated failed logins (lock " + l.locks() + ")");
            return new Alert(Alert.Level.RED, "login-locked", NO_TENDER, "—", message, l.lockedUntil(), "login-failure-handling",
                    "GB/T 22239-2019 8.1.4.1 a（登录失败处理）", Map.<String, Object>of(account ? "account" : "address", who,
                    "locks", l.locks()));
        }).toList();
    }
}
