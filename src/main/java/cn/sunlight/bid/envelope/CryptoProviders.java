package cn.sunlight.bid.envelope;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registers Bouncy Castle <b>after</b> the JDK providers (never at position 1: that would route SHA-256 and
 * AES-GCM away from the JDK's intrinsics). The JDK providers keep serving everything they implement; Bouncy
 * Castle only fills gaps such as the CMS ECDH key-derivation schemes ({@code ECDHwithSHA256KDF}).
 */
final class CryptoProviders {
    private CryptoProviders() {
    }

    static synchronized void ensureBouncyCastle() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // appends: lowest preference
        }
    }

    /** Position of Bouncy Castle in the provider list (1-based), or -1 when absent. For tests and health checks. */
    static int bouncyCastlePosition() {
        Provider[] providers = Security.getProviders();
        for (int i = 0; i < providers.length; i++) {
            if (BouncyCastleProvider.PROVIDER_NAME.equals(providers[i].getName())) {
                return i + 1;
            }
        }
        return -1;
    }
}
