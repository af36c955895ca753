package cn.sunlight.account.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;

/** bcrypt ($2b$) with a configurable cost: slow on purpose, so a stolen table resists guessing. */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    /** Checked against unknown usernames so that login time does not reveal which accounts exist. */
    private final String decoy;

    public PasswordHasher(@ConfigProperty(name = "sunlight.accounts.bcrypt-cost") int cost) {
        this.cost = cost;
        this.decoy = hash("decoy-password-for-timing");
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, cost);
    }

    public boolean matches(String password, String hash) {
        return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    }

    public void burnDecoy(String password) {
        OpenBSDBCrypt.checkPassword(decoy, password.toCharArray());
    }
}
