package cn.sunlight.tools;

import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tender.CryptoSuite;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code keys --keys DIR [--suite NATIONAL]}: makes the bidder's signing and encryption key pairs on this machine, has
 * the platform CA certify each from a PKCS#10 request signed with the key itself (the proof that the account holds
 * the private key; the private key never leaves the machine), and writes the files {@link BidderKeys} reads. Existing
 * key files are never overwritten: a lost key would make the bidder's own sealed bids unreadable to it.
 */
@Command(name = "keys", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class KeysCommand implements Callable<Integer> {



    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @Mixin
    Login login;
    @Option(names = "--keys", paramLabel = "DIR", required = true, descriptionKey = "option.keys")
    String keys;
    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "INTERNATIONAL", descriptionKey = "option.suite")
    String suite;


    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        String user = login.user();
        Path dir = Args.requiredPath("keys", keys);
        CryptoSuite suite = suite(this.suite == null || this.suite.isBlank() ? "INTERNATIONAL" : this.suite);
        String prefix = suite == CryptoSuite.NATIONAL ? BidderKeys.NATIONAL_PREFIX : "";
        List<String> purposes = List.of("signing", "encryption");
        for (String purpose : purposes) {
            for (String file : List.of(prefix + purpose + "-key.pem", prefix + purpose + "-cert.pem")) {
                if (Files.exists(dir.resolve(file))) {
                    throw ToolException.usage(dir.resolve(file) + " 已存在：不覆盖已有密钥（请另选目录）",
                            dir.resolve(file) + " exists: existing keys are never overwritten (choose another directory)");
                }
            }
        }
        String password = login.password(tools.env);
        PlatformClient client = platform.client();
        client.login(user, password);
        try {
            Files.createDirectories(dir);
            for (String purpose : purposes) {
                KeyPair pair = suite == CryptoSuite.NATIONAL ? KeyPairs.sm2() : KeyPairs.ecP256();
                String csr = CertificationRequests.create(pair, user);
                report.step("申请" + ("signing".equals(purpose) ? "签名" : "加密") + "证书（" + (suite == CryptoSuite.NATIONAL
                                ? "SM2，证书请求以 SM3withSM2 自签）" : "EC P-256，证书请求以 ECDSA 自签）"),
                        "requesting the " + purpose + " certificate (" + (suite == CryptoSuite.NATIONAL
                                ? "SM2, request self-signed SM3withSM2)" : "EC P-256, request self-signed ECDSA)"));
                PlatformClient.Answer answer = PlatformClient.expectOk(client.postJson("/api/me/certificates",
                        Map.of("purpose", purpose.toUpperCase(Locale.ROOT), "csr", csr)));
                String chain = PlatformClient.json(answer).path("certificateChain").asText();
                Pem.createOwnerOnly(dir.resolve(prefix + purpose + "-key.pem"), Pem.write(pair.getPrivate()));
                Files.writeString(dir.resolve(prefix + purpose + "-cert.pem"), chain, StandardOpenOption.CREATE_NEW);
            }
        } catch (IOException e) {
            throw ToolException.local("无法写入密钥目录 " + dir + "：" + e.getMessage(), "cannot write the key directory " + dir
                    + ": " + e.getMessage(), e);
        }
        BidderKeys keys = BidderKeys.load(dir, suite);
        keys.checkPairs();
        report.line("密钥与证书已写入 " + dir + "（单位统一社会信用代码 " + keys.organisationCode() + "）");
        report.line("Keys and certificates written to " + dir + " (organisation " + keys.organisationCode() + ")");
        return ToolException.OK;
    }

    private static CryptoSuite suite(String value) throws ToolException {
        try {
            return CryptoSuite.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ToolException.usage("--suite 须为 INTERNATIONAL 或 NATIONAL：" + value,
                    "--suite must be INTERNATIONAL or NATIONAL: " + value);
        }
    }
}
