package cn.sunlight.audit.service;

import cn.sunlight.audit.log.Ed25519Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 key pairs for the log and its witness, kept as PKCS#8 PEM files (mode 600) and created on
 * first use. The witness key belongs to the supervision authority: in production its directory is on
 * the authority's own host or HSM; here it is configurable and separate from the platform's keys.
 */
public final class LogKeys {

    private LogKeys() {
    }

    public static synchronized KeyPair loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                KeyPair kp = Ed25519Keys.generate();
                String pem = cn.sunlight.crypto.Pem.write(kp.getPrivate());
                try {
                    cn.sunlight.crypto.Pem.createOwnerOnly(file, pem);
                    return kp;
                } catch (FileAlreadyExistsException raced) {
                    // another instance created it first: use theirs
                }
            }
            String pem = Files.readString(file);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new KeyPair(Ed25519Keys.publicKey(derivePublic(key)), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Ed25519 key " + file, e);
        }
    }

    /** The JDK cannot derive an Ed25519 public key from a private one; Bouncy Castle's lightweight API can. */
    private static byte[] derivePublic(PrivateKey key) {
        byte[] seed = Ed25519Keys.seed(key);
        return new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }
}
