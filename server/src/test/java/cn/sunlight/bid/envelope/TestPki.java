package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test keys and certificates, made once per test JVM with the OpenSSL CLI: a self-signed EC P-256 CA, the tender's
 * RSA 3072 opening certificate (UTF-8 Chinese subject), a second RSA 3072 opening certificate of "another tender",
 * an EC P-256 (bidder / EC opening) certificate, and five custodian certificates (RSA and EC).
 */
final class TestPki {

    record Identity(String name, Path keyPem, Path certPem, PrivateKey key, X509Certificate cert) {
    }

    private static TestPki instance;

    final Path dir;
    final Identity ca;
    final Identity opening;
    final Identity otherTender;
    final Identity ec;
    final List<Identity> custodians;

    static synchronized TestPki get() {
        if (instance == null) {
            try {
                instance = new TestPki(Files.createTempDirectory("sunlight-envelope-pki"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        OpenSsl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/O=Sunlight Test/CN=Sunlight Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        ca = load("ca", "EC");
        opening = issue("opening", "RSA", "/O=阳光公共资源交易平台/CN=开标证书 T-2026-001");
        otherTender = issue("other-tender", "RSA", "/O=阳光公共资源交易平台/CN=开标证书 T-2026-999");
        ec = issue("ec", "EC", "/O=投标人甲/CN=投标人加密证书");
        custodians = List.of(
                issue("custodian-1", "RSA", "/O=交易中心/CN=保管人一"),
                issue("custodian-2", "EC", "/O=监督部门/CN=保管人二"),
                issue("custodian-3", "EC", "/O=招标人/CN=保管人三"),
                issue("custodian-4", "RSA", "/O=纪检/CN=保管人四"),
                issue("custodian-5", "EC", "/O=公证处/CN=保管人五"));
    }

    private Identity issue(String name, String type, String subject) throws IOException {
        if (type.equals("RSA")) {
            OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", name + ".key");
        } else {
            OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                    name + ".key");
        }
        OpenSsl.run(dir, "req", "-new", "-utf8", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n"
                + "keyUsage=critical," + (type.equals("RSA") ? "keyEncipherment" : "keyAgreement") + "\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        String serial = "0x" + new BigInteger(120, new SecureRandom()).toString(16);
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
                serial, "-days", "30", "-extfile", name + ".ext", "-out", name + ".pem");
        return load(name, type);
    }

    private Identity load(String name, String type) throws IOException {
        Path keyPem = dir.resolve(name + ".key");
        Path certPem = dir.resolve(name + ".pem");
        try (InputStream in = Files.newInputStream(certPem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new Identity(name, keyPem, certPem, privateKey(keyPem, type), cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY") as written by {@code openssl genpkey}. */
    static PrivateKey privateKey(Path pem, String type) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("not a PKCS#8 PEM: " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
