package cn.sunlight.account.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code sunlight.login.*}: how many failed log-ins lock an account or an address, and for how long. */
@ConfigMapping(prefix = "sunlight.login")
public interface LoginLimits {

    /** Failures of one account within {@link #window()} before it locks. */
    @WithDefault("5")
    int maxFailures();

    /** Failures from one address within {@link #window()} before it locks (many accounts behind one NAT). */
    @WithDefault("30")
    int addressMaxFailures();

    @WithDefault("PT15M")
    Duration window();

    /** The first lock; it doubles with each further lock up to {@link #maxLock()}. */
    @WithDefault("PT5M")
    Duration lock();

    @WithDefault("PT1H")
    Duration maxLock();
}
