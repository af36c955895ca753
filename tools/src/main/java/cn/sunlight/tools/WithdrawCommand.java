package cn.sunlight.tools;

import com.fasterxml.jackson.databind.JsonNode;

import cn.sunlight.bid.BidStatement;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code withdraw --tender ID --lot N [--folder DIR]}: signs the withdrawal statement, withdraws the bid before the
 * deadline and verifies the receipt (kept in the folder, default the current directory).
 */
@Command(name = "withdraw", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class WithdrawCommand implements Callable<Integer> {

    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @Mixin
    Login login;
    @Mixin
    BidLot bid;
    @Option(names = "--folder", paramLabel = "DIR", descriptionKey = "option.receipt-folder")
    String folderOption;

    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        long tenderId = bid.tenderId();
        int lot = bid.lot();
        Path keysDir = bid.keysDir();
        String user = login.user();
        Path folder = Args.path(folderOption).orElse(Path.of("").toAbsolutePath());
        if (!Files.isDirectory(folder)) {
            throw ToolException.usage("回执目录不存在：" + folder, "folder for the receipt not found: " + folder);
        }
        String password = login.password(tools.env);

        PlatformClient client = platform.client();
        // A withdrawal is signed like the submission: with the SM2 signing key for a national tender.
        TenderFacts tender = TenderFacts.fetch(client, tenderId);
        BidderKeys keys = BidderKeys.load(keysDir, tender.suite());
        keys.checkSigningPair();
        X509Certificate ca = PlatformTrust.resolve(platform.ca(), keys, client, report);
        BidderKeys.checkCertificates(List.of(keys.signingChain()), ca, Instant.now());
        report.step("登录 " + user, "logging in as " + user);
        client.login(user, password);
        tender.requireLot(lot);
        JsonNode latest = null;
        for (JsonNode r : client.getJson("/api/tenders/" + tenderId + "/bids/mine")) {
            JsonNode c = r.get("content");
            if (c.get("lot").asInt() == lot && (latest == null || c.get("version").asInt() > latest.get("version").asInt())) {
                latest = c;
            }
        }
        if (latest == null || !"SUBMISSION".equals(latest.get("kind").asText())) {
            throw ToolException.usage("该标段没有可撤回的投标", "there is no bid to withdraw for this lot");
        }
        String signature;
        try {
            signature = Base64.getEncoder().encodeToString(BidStatement.sign(BidStatement.withdrawalText(tender.code(), lot,
                    keys.organisationCode(), latest.get("version").asInt(), latest.get("envelopeSha256").asText()),
                    keys.signingKey()));
        } catch (GeneralSecurityException e) {
            throw ToolException.local("签名失败：" + e.getMessage(), "signing failed: " + e.getMessage(), e);
        }
        report.step("撤回 " + tender.code() + " 第 " + lot + " 标段的投标", "withdrawing the bid for " + tender.code() + " lot " + lot);
        PlatformClient.Answer answer = client.delete("/api/tenders/" + tenderId + "/lots/" + lot + "/bids",
                Map.of("X-Bid-Signature", signature));
        if (!answer.ok()) {
            throw PlatformClient.refusal(answer);
        }
        ReceiptFiles.Saved saved = ReceiptFiles.saveAndVerify(answer, folder,
                new ReceiptFiles.Expected(tenderId, tender.code(), lot, VerifiedReceipt.WITHDRAWAL, null, null),
                new ReceiptVerifier(ca, List.of()));
        saved.receipt().print(report, "投标已撤回，回执核验通过（平台签名、证书链）：",
                "Bid withdrawn; receipt verified (platform signature, certificate chain):");
        report.line("回执 / Receipt: " + saved.file());
        return ToolException.OK;
    }
}
