package cn.sunlight.portal.service;

import cn.sunlight.common.ProblemException;

import java.util.Optional;
import java.util.function.Supplier;

/** How pages read what may not exist yet (no opening session, no publicity, no auction): a refusal shows as absent. */
final class Refusals {

    private Refusals() {
    }

    /** The value, or empty when the service refuses the read (problem+json on the API) or has nothing. */
    static <T> Optional<T> asAbsent(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }
}
