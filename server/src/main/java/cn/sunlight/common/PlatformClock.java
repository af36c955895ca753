package cn.sunlight.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server clock that decides every deadline. Instants are UTC; {@link #zone()} (Asia/Shanghai) is
 * only for display and for counting calendar days the way the law does. Tests may move it forward
 * (sunlight.clock.adjustable is true only in the test profile); production refuses to.
 */
@ApplicationScoped
public class PlatformClock {

    private final ZoneId zone;
    private final boolean adjustable;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public PlatformClock(@ConfigProperty(name = "sunlight.zone") ZoneId zone,
                         @ConfigProperty(name = "sunlight.clock.adjustable") boolean adjustable) {
        this.zone = zone;
        this.adjustable = adjustable;
    }

    public Instant now() {
        return Instant.now().plus(offset.get());
    }

    /** Something that may run on its own (sandbox) clock: a tender. */
    public interface Timed {
        /** Null when the object follows the platform's real clock. */
        SandboxTime sandboxTime();
    }

    /**
     * The time as {@code subject} sees it: the platform clock for a real tender, the accelerated clock of a
     * sandbox tender (issue 18). Every check of a tender's own time limits reads this, so a sandbox tender runs
     * the same code at another speed and a real tender is never touched by a sandbox clock.
     */
    public Instant now(Timed subject) {
        SandboxTime s = subject == null ? null : subject.sandboxTime();
        return s == null ? now() : s.at(now());
    }

    /** The platform instant at which {@code subject}'s clock shows {@code instant} (when its timers must fire). */
    public Instant realInstant(Timed subject, Instant instant) {
        SandboxTime s = subject == null ? null : subject.sandboxTime();
        return s == null || instant == null ? instant : s.realAt(instant);
    }

    public ZonedDateTime local() {
        return now().atZone(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** A java.time.Clock that follows this clock, including later moves (for libraries that take one). */
    public Clock asClock() {
        PlatformClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(self.now(), zone);
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    /** Test hook: moves the platform's notion of now. Refused outside the test profile. */
    public void advance(Duration by) {
        if (!adjustable) {
            throw new IllegalStateException("the platform clock is not adjustable in this profile");
        }
        offset.updateAndGet(d -> d.plus(by));
    }

    public void reset() {
        if (!adjustable) {
            throw new IllegalStateException("the platform clock is not adjustable in this profile");
        }
        offset.set(Duration.ZERO);
    }
}
