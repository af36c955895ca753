package cn.sunlight.common;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Duration;
import java.time.Instant;

/**
 * The accelerated clock of a sandbox tender (training and integration, as open procurement systems offer):
 * {@code sandbox = anchor + factor × (real − anchorReal)}. Time stays continuous and every rule, window and timer
 * runs as for a real tender, only faster; nothing is skipped. A change of speed re-anchors at the current instant.
 * Quarkus-free: plain arithmetic on instants.
 */
@Embeddable
public class SandboxTime {

    @Column(name = "sandbox_factor")
    public Long factor;

    @Column(name = "sandbox_anchor")
    public Instant anchor;

    @Column(name = "sandbox_anchor_real")
    public Instant anchorReal;

    protected SandboxTime() {
    }

    public SandboxTime(long factor, Instant anchor, Instant anchorReal) {
        if (factor < 1) {
            throw new IllegalArgumentException("a sandbox clock runs at least at real speed");
        }
        this.factor = factor;
        this.anchor = anchor;
        this.anchorReal = anchorReal;
    }

    /** The sandbox instant at real instant {@code real}. */
    public Instant at(Instant real) {
        Duration elapsed = Duration.between(anchorReal, real);
        return anchor.plus(scale(elapsed, factor));
    }

    /** The real instant at which the sandbox clock shows {@code sandbox} (rounded up: a timer never fires early). */
    public Instant realAt(Instant sandbox) {
        Duration ahead = Duration.between(anchor, sandbox);
        return anchorReal.plusNanos(Math.ceilDiv(ahead.toNanos(), factor));
    }

    /** The same flow of time at another speed, continuous at real instant {@code real}. */
    public SandboxTime withFactor(long newFactor, Instant real) {
        return new SandboxTime(newFactor, at(real), real);
    }

    private static Duration scale(Duration d, long factor) {
        return Duration.ofSeconds(Math.multiplyExact(d.getSeconds(), factor)).plusNanos(Math.multiplyExact((long) d.getNano(), factor));
    }
}
