package cn.sunlight.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.util.function.Supplier;

/**
 * Verification of ECDSA signatures on the NIST curves (a bidder's P-256 SIGNING key), the one signature check made
 * for every quote of an online auction. The Amazon Corretto Crypto Provider (ACCP: AWS-LC's native ECDSA behind the
 * JCA) verifies several times faster than the JDK's SunEC, which bounds quotes/s on a small machine
 * (docs/benchmarks.md). ACCP is appended to the provider list (never first: every other {@code getInstance} keeps
 * the JDK's choice) and asked for explicitly here. If its native library cannot load on this platform, or it fails
 * its self-tests, the JDK's provider verifies instead: the same answer, only slower; which one is in use is logged
 * once and shown by {@code /q/health} ({@link CryptoHealth}). SM2 stays on Bouncy Castle ({@link CryptoProviders}).
 * Setting {@code -Dsunlight.crypto.native=false} chooses the JDK on purpose.
 */
public final class EcdsaVerifier {

    private static final System.Logger LOG = System.getLogger(EcdsaVerifier.class.getName());
    static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    /** The provider chosen ({@code null}: the JDK's default resolution) and why, in words for the log and health. */
    public record Choice(Provider provider, String description) {

        public boolean isNative() {
            return provider != null;
        }
    }

    private static volatile Choice choice;

    private EcdsaVerifier() {
    }

    /** The provider in use, chosen (and logged) on first use. */
    public static Choice choice() {
        Choice c = choice;
        if (c == null) {
            synchronized (EcdsaVerifier.class) {
                c = choice;
                if (c == null) {
                    c = choose(!"false".equalsIgnoreCase(System.getProperty("sunlight.crypto.native", "true")), EcdsaVerifier::loadAccp);
                    if (c.isNative()) {
                        register(c.provider());
                        LOG.log(System.Logger.Level.INFO, "ECDSA (P-256) verification: {0}", c.description());
                    } else {
                        LOG.log(System.Logger.Level.WARNING, "ECDSA (P-256) verification: {0}", c.description());
                    }
                    choice = c;
                }
            }
        }
        return c;
    }

    /** Decides between the native provider and the JDK; a loader that throws or an unhealthy provider means the JDK. */
    static Choice choose(boolean nativeWanted, Supplier<Provider> nativeLoader) {
        String jdk;
        try {
            jdk = Signature.getInstance("SHA256withECDSA").getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            jdk = "the JDK";
        }
        if (!nativeWanted) {
            return new Choice(null, jdk + " (JDK; native provider disabled by sunlight.crypto.native=false)");
        }
        try {
            Provider p = nativeLoader.get();
            // A probe through the JCA, as every verification will go: a signature made by the JDK must verify.
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            var pair = g.generateKeyPair();
            byte[] probe = "sunlight ecdsa provider probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA", p);
            v.initVerify(pair.getPublic());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalStateException("the probe signature does not verify");
            }
            return new Choice(p, p.getName() + " " + p.getVersionStr() + " (native)");
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, a failed self-test: the JDK verifies
            return new Choice(null, jdk + " (JDK; native provider unavailable: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")");
        }
    }

    /**
     * ACCP by reflection: it is on the server's class path, not in the bidder's standalone tools jar, and a direct
     * reference would make this class fail to link there.
     */
    private static Provider loadAccp() {
        try {
            Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Provider accp = (Provider) type.getField("INSTANCE").get(null);
            Throwable loadingError = (Throwable) type.getMethod("getLoadingError").invoke(accp);
            if (loadingError != null) {
                throw new IllegalStateException(loadingError.toString(), loadingError);
            }
            type.getMethod("assertHealthy").invoke(accp);
            return accp;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not on the class path: " + e, e);
        }
    }

    /**
     * Appends the provider if it is not registered yet. One registered by another class loader (a finished Quarkus
     * application in the same JVM, as in the test suite) is replaced, as {@link CryptoProviders} does for BC.
     */
    private static void register(Provider p) {
        Provider there = Security.getProvider(p.getName());
        if (there != null && there != p) {
            Security.removeProvider(p.getName());
            there = null;
        }
        if (there == null) {
            Security.addProvider(p);
        }
    }

    /** A verifier for {@code algorithm} (SHA256withECDSA, …) from the chosen provider. */
    public static Signature verifier(String algorithm) throws NoSuchAlgorithmException {
        Provider p = choice().provider();
        return p == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, p);
    }

    /**
     * Verifies an ECDSA signature (DER, as the JCA makes it). A key the native provider does not take (a curve it
     * does not have) is verified by the JDK instead, so the answer never depends on the provider.
     */
    public static boolean verify(String algorithm, PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        return verify(choice(), algorithm, key, message, signature);
    }

    static boolean verify(Choice c, String algorithm, PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = c.provider() == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, c.provider());
        try {
            s.initVerify(key);
        } catch (InvalidKeyException e) {
            if (c.provider() == null) {
                throw e;
            }
            s = Signature.getInstance(algorithm);
            s.initVerify(key);
        }
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // not a DER ECDSA signature: it does not verify, whichever provider looks at it
        }
    }
}
