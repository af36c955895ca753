package cn.sunlight.common;

import java.util.Optional;

/** The platform's roles. Names are used verbatim in JWT groups and in {@code @RolesAllowed}. */
public enum Role {
    OPERATOR, TENDERER, AGENT, BIDDER, EXPERT, SUPERVISOR;

    /** Compile-time names for {@code @RolesAllowed}. */
    public static final class Names {
        public static final String OPERATOR = "OPERATOR";
        public static final String TENDERER = "TENDERER";
        public static final String AGENT = "AGENT";
        public static final String BIDDER = "BIDDER";
        public static final String EXPERT = "EXPERT";
        public static final String SUPERVISOR = "SUPERVISOR";

        private Names() {
        }
    }

    public static Optional<Role> parse(String name) {
        try {
            return Optional.of(valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
