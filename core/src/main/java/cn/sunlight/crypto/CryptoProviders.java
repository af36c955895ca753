package cn.sunlight.crypto;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registration of the Bouncy Castle JCA provider.
 *
 * <p>Bouncy Castle is appended <em>after</em> the JDK providers (never inserted at position 1): the JDK's
 * SHA-256 and AES-GCM are intrinsified and several times faster, and every {@code getInstance(alg)} without an
 * explicit provider should keep resolving to them. Code that needs an algorithm only Bouncy Castle has (SM2, SM3,
 * SM4 for the national suite) asks for this provider explicitly.
 */
public final class CryptoProviders {

    private CryptoProviders() {
    }

    /**
     * Registers Bouncy Castle at the end of the provider list if it is not registered yet, and returns it.
     * A "BC" provider loaded by another class loader (a finished Quarkus application in the same JVM, as in
     * the test suite) is replaced: its classes belong to a closed loader and would fail in odd ways.
     */
    public static synchronized Provider bouncyCastle() {
        Provider provider = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (provider != null && provider.getClass() != BouncyCastleProvider.class) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            provider = null;
        }
        if (provider == null) {
            provider = new BouncyCastleProvider();
            Security.addProvider(provider);
        }
        return provider;
    }
}
