package cn.sunlight.tools;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeRejected;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.tender.CryptoSuite;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code submit --tender ID --lot N --folder DIR [--bond-account ACCT]}: packs the folder, seals it to the tender's
 * opening certificate and the bidder's own encryption certificate, signs (tender, lot, SHA-256, size), uploads the
 * envelope as a stream and verifies the receipt. A national-suite tender's bid is sealed with SM4-GCM and SM2 key
 * transport to the bidder's SM2 certificate and signed SM3withSM2 with its SM2 signing key ({@code sm2-*.pem}).
 */
@Command(name = "submit", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class SubmitCommand implements Callable<Integer> {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Za-z][0-9A-Za-z -]{0,63}");

    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @Mixin
    Login login;
    @Mixin
    BidLot bid;
    @Option(names = "--folder", paramLabel = "DIR", required = true, descriptionKey = "option.folder")
    String folder;
    @Option(names = "--bond-account", paramLabel = "ACCT", descriptionKey = "option.bond-account")
    String bondAccountOption;

    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        long tenderId = bid.tenderId();
        int lot = bid.lot();
        Path folderPath = Args.requiredPath("folder", folder);
        Path keysDir = bid.keysDir();
        String user = login.user();
        String bondAccount = java.util.Optional.ofNullable(bondAccountOption).filter(v -> !v.isBlank()).map(String::strip).orElse(null);
        if (bondAccount != null && !ACCOUNT.matcher(bondAccount).matches()) {
            throw ToolException.usage("--bond-account 只能包含字母、数字、空格和连字符（至多 64 个字符）",
                    "--bond-account may hold letters, digits, spaces and hyphens only (at most 64)");
        }
        if (!Files.isDirectory(folderPath)) {
            throw ToolException.usage("投标文件夹不存在：" + folderPath, "bid folder not found: " + folderPath);
        }

        // Everything that can be checked locally, before talking to the platform.
        BidFolder folder = new BidFolder(folderPath);
        JsonNode form = folder.openingForm();
        List<BidFolder.Entry> entries = folder.entries(keysDir);
        String password = login.password(tools.env);

        // The tender's public facts come first: its suite decides which of the bidder's keys seal and sign.
        PlatformClient client = platform.client();
        TenderFacts tender = TenderFacts.fetch(client, tenderId);
        BidderKeys keys = BidderKeys.load(keysDir, tender.suite());
        keys.checkPairs();
        X509Certificate ca = PlatformTrust.resolve(platform.ca(), keys, client, report);
        keys.checkCertificates(ca, Instant.now());
        report.step("登录 " + user, "logging in as " + user);
        client.login(user, password);
        tender.requireLot(lot);
        X509Certificate opening = tender.openingCertificate(client, ca, Instant.now());
        List<X509Certificate> tsa = TenderFacts.tsaCertificates(client);
        report.step("开标证书已核验：" + tender.code() + "，投标截止 " + Report.zh(tender.deadline()),
                "opening certificate verified: " + tender.code() + ", bid deadline " + Report.en(tender.deadline()));
        if (!Instant.now().isBefore(tender.deadline())) {
            report.warn("本机时间已过投标截止时间；以平台收到最后一个字节的时间为准",
                    "this machine's clock is past the bid deadline; the platform's time of the last byte decides");
        }
        MachineFingerprint fingerprint = MachineFingerprint.collect(keysDir);

        Path work = TempDir.create();
        try {
            Path zip = work.resolve("bid.zip");
            Path envelope = work.resolve("bid.cms");
            tools.report.step("打包 " + entries.size() + " 个文件（开标一览表报价 " + BidFolder.price(form) + "）",
                    "packing " + entries.size() + " files (opening-form price " + BidFolder.price(form) + ")");
            BidFolder.zip(entries, zip);
            seal(zip, envelope, List.of(opening, keys.encryptionCertificate()), tender.suite());
            Files.delete(zip); // the plaintext leaves the disk as soon as it is sealed
            requireOwnKeyOpens(envelope, keys);
            String sha256;
            long size;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(envelope), digest)) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
            String statement = BidStatement.text(tender.code(), lot, keys.organisationCode(), sha256, size);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Bid-Signature", Base64.getEncoder().encodeToString(BidStatement.sign(statement, keys.signingKey())));
            headers.put("X-Bid-Fingerprint", fingerprint.header());
            if (bondAccount != null) {
                headers.put("X-Bond-Payer-Account", bondAccount);
            }
            tools.report.step("上传密封投标文件：" + size + " 字节，SHA-256 " + sha256,
                    "uploading the sealed bid: " + size + " bytes, SHA-256 " + sha256);
            PlatformClient.Answer answer = ReconciledUpload.submit(client, report, tenderId, lot, sha256, tender.deadline(),
                    envelope, headers);
            if (!answer.ok()) {
                throw PlatformClient.refusal(answer);
            }
            ReceiptFiles.Saved saved = ReceiptFiles.saveAndVerify(answer, folderPath,
                    new ReceiptFiles.Expected(tenderId, tender.code(), lot, VerifiedReceipt.SUBMISSION, sha256, size),
                    new ReceiptVerifier(ca, tsa));
            saved.receipt().print(report, "投标已受理，回执核验通过（平台签名、证书链、RFC 3161 时间戳）：",
                    "Bid accepted; receipt verified (platform signature, certificate chain, RFC 3161 time stamp):");
            report.line("回执 / Receipt: " + saved.file());
            return ToolException.OK;
        } catch (IOException | GeneralSecurityException e) {
            throw ToolException.local("密封投标文件失败：" + e.getMessage(), "sealing the bid failed: " + e.getMessage(), e);
        } finally {
            TempDir.delete(work);
        }
    }

    private void seal(Path zip, Path envelope, List<X509Certificate> recipients, CryptoSuite suite)
            throws IOException, GeneralSecurityException {
        if (suite == CryptoSuite.NATIONAL) {
            tools.report.step("加密（国密 SM4-GCM，SM2 密钥封装，接收方：开标证书与本单位 SM2 加密证书；SM3withSM2 签名）",
                    "encrypting (national suite: SM4-GCM, SM2 key transport to the opening certificate and your SM2 "
                            + "encryption certificate; SM3withSM2 signature)");
        } else {
            tools.report.step("加密（AES-256-GCM，接收方：开标证书与本单位加密证书）",
                    "encrypting (AES-256-GCM, recipients: the opening certificate and your encryption certificate)");
        }
        new EnvelopeSealer(suite).seal(zip, envelope, recipients);
    }

    /** The bidder's own key unwraps the content key of the real envelope (reads only its header). */
    private static void requireOwnKeyOpens(Path envelope, BidderKeys keys) throws ToolException, IOException {
        try (InputStream in = Files.newInputStream(envelope)) {
            byte[] cek = new EnvelopeOpener(keys.suite()).unwrapContentKey(in, keys.encryptionKey(),
                    keys.encryptionCertificate());
            Arrays.fill(cek, (byte) 0);
        } catch (EnvelopeRejected e) {
            throw ToolException.local("自检失败：本单位加密密钥无法打开刚生成的投标文件（" + e.messageZh() + "）",
                    "self-check failed: your encryption key cannot open the envelope just made (" + e.messageEn() + ")", e);
        }
    }
}
