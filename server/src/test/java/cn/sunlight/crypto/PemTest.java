package cn.sunlight.crypto;

import cn.sunlight.account.CreditCode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path work;

    /** As in production (CryptoBeans): keys must still come from the JDK providers. */
    @BeforeAll
    static void registerBouncyCastle() {
        CryptoProviders.bouncyCastle();
    }

    @Test
    void keysAndCertificatesRoundTrip() throws Exception {
        PlatformCa ca = new PlatformCa(new KeyDirectory(work.resolve("keys")));
        KeyPair ec = KeyPairs.ecP256();
        String keyPem = Pem.write(ec.getPrivate());
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertArrayEquals(ec.getPrivate().getEncoded(), Pem.readPrivateKey(keyPem).getEncoded());
        String pubPem = Pem.write(ec.getPublic());
        assertTrue(pubPem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(ec.getPublic(), Pem.readPublicKey(pubPem));
        assertFalse(Pem.readPrivateKey(keyPem).getClass().getName().startsWith("org.bouncycastle"), "a JDK key");
        assertFalse(Pem.readPublicKey(pubPem).getClass().getName().startsWith("org.bouncycastle"), "a JDK key");

        KeyMaterial tsa = ca.tsaSigner();
        String chainPem = Pem.write(tsa.chain());
        assertEquals(2, chainPem.split("-----BEGIN CERTIFICATE-----").length - 1);
        assertEquals(tsa.chain(), Pem.readCertificates(chainPem));
        assertEquals(tsa.certificate(), Pem.readCertificate(chainPem));
        // a certificate file with a key in front: the certificate reader skips the key
        assertEquals(tsa.certificate(), Pem.readCertificate(keyPem + chainPem));
    }

    @Test
    void readsWhatOpenSslWrites() throws Exception {
        assertEquals(0, OpenSsl.run(work, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem").exitCode());
        assertEquals(0, OpenSsl.run(work, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem").exitCode());
        assertEquals(0, OpenSsl.run(work, "genpkey", "-algorithm", "ED25519", "-out", "ed.pem").exitCode());
        assertEquals(0, OpenSsl.run(work, "pkey", "-in", "rsa.pem", "-traditional", "-out", "rsa-trad.pem").exitCode());
        assertEquals(0, OpenSsl.run(work, "pkey", "-in", "rsa.pem", "-pubout", "-out", "rsa.pub.pem").exitCode());
        assertEquals(0, OpenSsl.run(work, "pkey", "-in", "rsa.pem", "-aes256", "-passout", "pass:secret", "-out", "enc.pem").exitCode());

        String sec1 = Files.readString(work.resolve("sec1.pem"));
        assertTrue(sec1.contains("BEGIN EC PRIVATE KEY"));
        assertEquals("EC", Pem.readPrivateKey(sec1).getAlgorithm());
        PrivateKey rsa = Pem.readPrivateKey(Files.readString(work.resolve("rsa.pem")));
        assertEquals("RSA", rsa.getAlgorithm());
        String traditional = Files.readString(work.resolve("rsa-trad.pem"));
        assertTrue(traditional.contains("BEGIN RSA PRIVATE KEY"));
        assertArrayEquals(rsa.getEncoded(), Pem.readPrivateKey(traditional).getEncoded());
        PublicKey rsaPub = Pem.readPublicKey(Files.readString(work.resolve("rsa.pub.pem")));
        assertTrue(KeyDirectory.keyMatches(rsa, rsaPub));
        assertEquals(KeyPairs.Type.ED25519, KeyPairs.typeOf(
                Pem.readPublicKey(Pem.write(publicOf(work, "ed.pem")))));

        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(Files.readString(work.resolve("enc.pem"))));
        // PKCS#8 written by Pem is read back by OpenSSL
        Files.writeString(work.resolve("back.pem"), Pem.write(rsa));
        assertEquals(0, OpenSsl.run(work, "pkey", "-in", "back.pem", "-check", "-noout").exitCode());
    }

    @Test
    void malformedInputIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(""));
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(null));
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> Pem.readPublicKey("no pem here"));
        assertThrows(IllegalArgumentException.class, () -> Pem.write("a string"));
        assertTrue(Pem.readCertificates("").isEmpty());
        assertFalse(Pem.write(List.of()).contains("BEGIN"));
    }

    @Test
    void creditCodeCheckCharacter() {
        for (String valid : List.of("91350100M000100Y43", "914403001922038216", "9144030071526726XG")) {
            assertTrue(CreditCode.isValid(valid), valid);
        }
        assertFalse(CreditCode.isValid("91350100M000100Y44"));
        assertFalse(CreditCode.isValid("91350100M000100Y4"));
        assertFalse(CreditCode.isValid("9144030071526726xg"), "lower case");
        assertFalse(CreditCode.isValid("I1350100M000100Y43"), "I is not in the alphabet");
        assertFalse(CreditCode.isValid(null));
        assertEquals('G', CreditCode.checkCharacter("9144030071526726X"));
    }

    private static PublicKey publicOf(Path dir, String privateKeyFile) throws Exception {
        OpenSsl.run(dir, "pkey", "-in", privateKeyFile, "-pubout", "-out", privateKeyFile + ".pub");
        return Pem.readPublicKey(Files.readString(dir.resolve(privateKeyFile + ".pub")));
    }
}
