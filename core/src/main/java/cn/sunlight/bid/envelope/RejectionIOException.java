package cn.sunlight.bid.envelope;

import java.io.IOException;

/**
 * Carries an {@link EnvelopeRejected} through {@link java.io.InputStream#read} (which may only throw
 * IOException). Unwrapped at the public API boundary; never escapes this package.
 */
final class RejectionIOException extends IOException {
    private final transient EnvelopeRejected rejection;

    RejectionIOException(EnvelopeRejected rejection) {
        super(rejection.getMessage(), rejection);
        this.rejection = rejection;
    }

    EnvelopeRejected rejection() {
        return rejection;
    }
}
