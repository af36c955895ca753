package cn.sunlight.security;

import cn.sunlight.common.web.SecurityHeaders;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** HSTS is sent where configured (production: %prod.sunlight.http.strict-transport-security), and only there. */
class SecurityHeadersHstsTest {

    @Test
    void hstsFollowsTheConfiguration() {
        MultiMap prod = MultiMap.caseInsensitiveMultiMap();
        new SecurityHeaders(Optional.of("max-age=31536000; includeSubDomains")).apply(prod, "/");
        assertEquals("max-age=31536000; includeSubDomains", prod.get("Strict-Transport-Security"));
        MultiMap dev = MultiMap.caseInsensitiveMultiMap();
        new SecurityHeaders(Optional.empty()).apply(dev, "/");
        assertNull(dev.get("Strict-Transport-Security"));
        assertEquals("nosniff", dev.get("X-Content-Type-Options"));
    }
}
