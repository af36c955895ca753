package cn.sunlight.crypto;

import java.nio.file.Path;
import cn.sunlight.common.PlatformClock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring of the platform PKI. Configuration:
 * <ul>
 *   <li>{@value KeyDirectory#CONFIG_KEY} — directory of the PEM key material (default {@value KeyDirectory#DEFAULT_DIR});</li>
 *   <li>{@value TimeStampAuthority#POLICY_CONFIG_KEY} — TSA policy OID (default {@value TimeStampAuthority#DEFAULT_POLICY}).</li>
 * </ul>
 * The beans are created on first use; the key material on first start.
 */
@Singleton
public class CryptoBeans {

    @Produces
    @Singleton
    KeyDirectory keyDirectory(@ConfigProperty(name = KeyDirectory.CONFIG_KEY, defaultValue = KeyDirectory.DEFAULT_DIR) String dir) {
        return new KeyDirectory(Path.of(dir));
    }

    @Produces
    @Singleton
    PlatformCa platformCa(KeyDirectory keys) {
        CryptoProviders.bouncyCastle();
        // Certificates are valid in real time: never issue them from a moved (test) platform clock.
        PlatformCa ca = new PlatformCa(keys, java.time.Clock.systemUTC());
        // Create (or renew) the receipt signer and the TSA now, not at the first receipt: a receipt is checked at its
        // received-at instant, and a signer certificate issued a moment after that instant would not yet be valid
        // then (the first bid of a fresh installation failed the bidder tool's receipt check).
        ca.platformSigner();
        ca.tsaSigner();
        return ca;
    }

    @Produces
    @Singleton
    TimeStampAuthority timeStampAuthority(PlatformCa ca, PlatformClock clock,
            @ConfigProperty(name = TimeStampAuthority.POLICY_CONFIG_KEY, defaultValue = TimeStampAuthority.DEFAULT_POLICY) String policy) {
        // The platform clock, so that receipts' received-at and their time stamps always agree.
        return new TimeStampAuthority(ca, policy, clock.asClock());
    }
}
