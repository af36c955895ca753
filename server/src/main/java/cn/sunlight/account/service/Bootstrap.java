package cn.sunlight.account.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** {@code sunlight.bootstrap.*}: the trading centre and its first operator, created at start-up on an empty database. */
@ConfigMapping(prefix = "sunlight.bootstrap")
public interface Bootstrap {

    Operator operator();

    Centre centre();

    interface Operator {
        @WithDefault("operator")
        String username();

        /** Without it no operator is created (SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD). */
        Optional<String> password();
    }

    interface Centre {
        @WithDefault("12440300MB2C31846N")
        String creditCode();

        @WithDefault("阳光市公共资源交易中心")
        String name();
    }
}
