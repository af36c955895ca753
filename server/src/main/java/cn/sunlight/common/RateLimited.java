package cn.sunlight.common;

/** A 429: the caller must wait {@link #retryAfterSeconds()} (sent as {@code Retry-After}, RFC 9110 §10.2.3). */
public class RateLimited extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimited(String type, Text title, long retryAfterSeconds) {
        super(429, type, title);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
