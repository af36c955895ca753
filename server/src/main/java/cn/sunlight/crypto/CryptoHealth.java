package cn.sunlight.crypto;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Chooses the ECDSA verifier at start-up (so the first quote does not pay for loading the native library, and the
 * log says once which one is in use) and shows it in {@code /q/health}. Always UP: the JDK fallback verifies the
 * same signatures, only slower, so it is information for the operator, not a failure.
 */
@Liveness
@ApplicationScoped
public class CryptoHealth implements HealthCheck {

    void choose(@Observes StartupEvent e) {
        EcdsaVerifier.choice();
    }

    @Override
    public HealthCheckResponse call() {
        EcdsaVerifier.Choice c = EcdsaVerifier.choice();
        return HealthCheckResponse.named("ecdsa-verifier").up().withData("provider", c.description())
                .withData("native", c.isNative()).build();
    }
}
