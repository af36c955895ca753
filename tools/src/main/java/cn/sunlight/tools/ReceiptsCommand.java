package cn.sunlight.tools;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/** {@code receipts --tender ID}: the caller's own bid versions, each receipt verified. */
@Command(name = "receipts", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class ReceiptsCommand implements Callable<Integer> {



    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @Mixin
    Login login;
    @Option(names = "--keys", paramLabel = "DIR", required = false, descriptionKey = "option.keys")
    String keys;
    @Option(names = "--tender", paramLabel = "ID", required = true, descriptionKey = "option.tender")
    long tender;


    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        long tenderId = Args.id("tender", tender);
        String user = login.user();
        Optional<Path> keysDir = Args.path(keys);
        BidderKeys keys = keysDir.isPresent() ? BidderKeys.load(keysDir.get()) : null;
        String password = login.password(tools.env);

        PlatformClient client = platform.client();
        X509Certificate ca = PlatformTrust.resolve(platform.ca(), keys, client, report);
        client.login(user, password);
        JsonNode list = client.getJson("/api/tenders/" + tenderId + "/bids/mine");
        ReceiptVerifier verifier = new ReceiptVerifier(ca, TenderFacts.tsaCertificates(client));
        if (!list.isArray() || list.isEmpty()) {
            report.line("招标项目 " + tenderId + " 下没有本单位的投标记录");
            report.line("No bids of yours for tender " + tenderId);
            return ToolException.OK;
        }
        report.line("标段/lot  版本/ver  种类/kind    平台接收时间/received (UTC)  大小/bytes  SHA-256            回执/receipt");
        int failed = 0;
        for (JsonNode receipt : list) {
            JsonNode c = receipt.path("content");
            String status;
            try {
                verifier.verify(receipt);
                status = "核验通过 / verified";
            } catch (ReceiptException e) {
                failed++;
                status = "核验失败 / NOT verified: " + e.reason().zh() + " / " + e.reason().en();
            }
            String sha = c.path("envelopeSha256").asText("");
            report.line(String.format("%-9s %-9s %-12s %-28s %-11s %-18s %s", c.path("lot").asText(), c.path("version").asText(),
                    c.path("kind").asText(), c.path("receivedAt").asText(), c.path("size").isNull() ? "-" : c.path("size").asText(),
                    sha.isEmpty() || "null".equals(sha) ? "-" : sha.substring(0, Math.min(16, sha.length())) + "…", status));
        }
        if (failed > 0) {
            throw ToolException.unverified(cn.sunlight.common.Text.of(failed + " 份回执未通过核验",
                    failed + " receipt(s) did not verify"));
        }
        return ToolException.OK;
    }
}
