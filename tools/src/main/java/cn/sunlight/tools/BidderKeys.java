package cn.sunlight.tools;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeRejected;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tender.CryptoSuite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A bidder's key directory: {@code signing-key.pem}, {@code signing-cert.pem}, {@code encryption-key.pem},
 * {@code encryption-cert.pem} (certificate files hold the chain, own certificate first, as the platform returns it
 * from {@code POST /api/me/certificates}), and the tool's {@code tool-id}. For national-suite (国密) tenders the same
 * four files prefixed {@code sm2-} hold the bidder's SM2 keys and certificates ({@value #NATIONAL_PREFIX}…); a bidder
 * keeps both sets side by side and the tender's suite picks one.
 */
record BidderKeys(Path dir, CryptoSuite suite, PrivateKey signingKey, List<X509Certificate> signingChain,
                  PrivateKey encryptionKey, List<X509Certificate> encryptionChain) {

    static final String NATIONAL_PREFIX = "sm2-";

    /** The international keys. */
    static BidderKeys load(Path dir) throws ToolException {
        return load(dir, CryptoSuite.INTERNATIONAL);
    }

    /** The keys for a tender of {@code suite}; SM2 keys must be SM2, international ones must not be. */
    static BidderKeys load(Path dir, CryptoSuite suite) throws ToolException {
        if (!Files.isDirectory(dir)) {
            throw ToolException.usage("密钥目录不存在：" + dir, "key directory not found: " + dir);
        }
        String prefix = suite == CryptoSuite.NATIONAL ? NATIONAL_PREFIX : "";
        if (suite == CryptoSuite.NATIONAL && !Files.exists(dir.resolve(prefix + "signing-key.pem"))) {
            throw ToolException.usage("本项目采用国密算法（SM2/SM4/SM3）：密钥目录中缺少 " + prefix
                            + "signing-key.pem 等 SM2 密钥与证书（在 /api/me/certificates 登记 SM2 公钥）",
                    "this tender uses the national suite (SM2/SM4/SM3): the key directory lacks " + prefix
                            + "signing-key.pem and the other SM2 keys and certificates (register SM2 public keys at "
                            + "/api/me/certificates)");
        }
        BidderKeys keys = new BidderKeys(dir, suite, key(dir, prefix + "signing-key.pem"),
                chain(dir, prefix + "signing-cert.pem"), key(dir, prefix + "encryption-key.pem"),
                chain(dir, prefix + "encryption-cert.pem"));
        for (X509Certificate cert : List.of(keys.signingCertificate(), keys.encryptionCertificate())) {
            if (KeyPairs.isSm2(cert.getPublicKey()) != (suite == CryptoSuite.NATIONAL)) {
                throw ToolException.usage(prefix + "*-cert.pem 的密钥类型与算法套件 " + suite + " 不符",
                        "the key in " + prefix + "*-cert.pem does not belong to the " + suite + " suite");
            }
        }
        return keys;
    }

    X509Certificate signingCertificate() {
        return signingChain.getFirst();
    }

    X509Certificate encryptionCertificate() {
        return encryptionChain.getFirst();
    }

    /**
     * The unified social credit code of the organisation the signing certificate was issued to (its subject's
     * organizationIdentifier {@code NTRCN-<code>}, ETSI EN 319 412-1): what every bid and withdrawal statement names.
     */
    String organisationCode() throws ToolException {
        return cn.sunlight.crypto.PlatformCa.organisationCode(signingCertificate()).orElseThrow(() -> ToolException.usage(
                "签名证书未载明单位的统一社会信用代码（请重新申请证书）",
                "the signing certificate does not name your organisation's credit code (have it issued again)"));
    }

    /** The root at the end of the signing chain: the CA the bidder was certified by, pinned locally. */
    Optional<X509Certificate> rootCa() {
        X509Certificate last = signingChain.getLast();
        return signingChain.size() > 1 && Pkix.isRoot(last) ? Optional.of(last) : Optional.empty();
    }

    /**
     * Each private key belongs to its certificate: a test signature for the signing key; for the encryption key a
     * small envelope sealed to the certificate whose content key the private key must unwrap — what the bidder
     * needs at the opening to decrypt their own bid.
     */
    void checkPairs() throws ToolException {
        checkSigningPair();
        checkEncryptionPair();
    }

    void checkSigningPair() throws ToolException {
        try {
            String probe = "sunlight-bidder-tool key check " + Instant.now();
            byte[] sig = BidStatement.sign(probe, signingKey);
            if (!BidStatement.verify(probe, sig, signingCertificate().getPublicKey())) {
                throw ToolException.usage("signing-key.pem 与 signing-cert.pem 不匹配",
                        "signing-key.pem does not belong to signing-cert.pem");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ToolException.local("签名密钥不可用：" + e.getMessage(), "the signing key cannot be used: " + e.getMessage(), e);
        }
    }

    void checkEncryptionPair() throws ToolException {
        try {
            byte[] envelope = new EnvelopeSealer(suite).seal(new byte[]{1}, List.of(encryptionCertificate()));
            byte[] cek = new EnvelopeOpener(suite).unwrapContentKey(new ByteArrayInputStream(envelope), encryptionKey,
                    encryptionCertificate());
            Arrays.fill(cek, (byte) 0);
        } catch (EnvelopeRejected e) {
            throw ToolException.usage("encryption-key.pem 无法解开发给 encryption-cert.pem 的投标文件（" + e.messageZh()
                            + "）：开标时将无法解密自己的投标",
                    "encryption-key.pem cannot open what is sealed to encryption-cert.pem (" + e.messageEn()
                            + "): you could not decrypt your own bid at the opening");
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw ToolException.local("加密证书不可用：" + e.getMessage(), "the encryption certificate cannot be used: "
                    + e.getMessage(), e);
        }
    }

    /** Both certificates chain to the platform CA and are valid now. */
    void checkCertificates(X509Certificate ca, Instant now) throws ToolException {
        checkCertificates(List.of(signingChain, encryptionChain), ca, now);
    }

    static void checkCertificates(List<List<X509Certificate>> chains, X509Certificate ca, Instant now) throws ToolException {
        for (List<X509Certificate> chain : chains) {
            try {
                Pkix.validate(chain, ca, now);
            } catch (CertificateException e) {
                throw ToolException.usage("本地证书未通过平台 CA 校验（过期或非本平台签发）：" + e.getMessage(),
                        "your certificate does not verify under the platform CA (expired or issued elsewhere): "
                                + e.getMessage());
            }
        }
    }

    private static PrivateKey key(Path dir, String name) throws ToolException {
        try {
            return Pem.readPrivateKey(Files.readString(dir.resolve(name)));
        } catch (IOException e) {
            throw ToolException.usage("无法读取 " + dir.resolve(name), "cannot read " + dir.resolve(name));
        } catch (IllegalArgumentException e) {
            throw ToolException.usage(name + " 不是可用的私钥（须为未加密的 PEM）：" + e.getMessage(),
                    name + " is not a usable private key (unencrypted PEM expected): " + e.getMessage());
        }
    }

    private static List<X509Certificate> chain(Path dir, String name) throws ToolException {
        try {
            List<X509Certificate> certs = Pem.readCertificates(Files.readString(dir.resolve(name)));
            if (certs.isEmpty()) {
                throw ToolException.usage(name + " 中没有证书", "no certificate in " + name);
            }
            return certs;
        } catch (IOException e) {
            throw ToolException.usage("无法读取 " + dir.resolve(name), "cannot read " + dir.resolve(name));
        } catch (IllegalArgumentException e) {
            throw ToolException.usage(name + " 不是 PEM 证书：" + e.getMessage(), name + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
