package cn.sunlight.tools;

import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeRejected;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * {@code decrypt --tender ID --lot N}: at the opening, unwraps the content-encryption key from the
 * bidder's own recipient entry of its sealed bid, with its own encryption key, on its own machine, and
 * hands only that key to the opening (decryption path 1). The private key never leaves the machine.
 */
@Command(name = "decrypt", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class DecryptCommand implements Callable<Integer> {

    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @Mixin
    Login login;
    @Mixin
    BidLot bid;

    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        long tenderId = bid.tenderId();
        int lot = bid.lot();
        String user = login.user();
        String password = login.password(tools.env);
        PlatformClient client = platform.client();
        // The tender's suite picks the key: the SM2 encryption key unwraps a national bid's SM4 key.
        TenderFacts tender = TenderFacts.fetch(client, tenderId);
        BidderKeys keys = BidderKeys.load(bid.keysDir(), tender.suite());
        keys.checkEncryptionPair();
        client.login(user, password);
        report.step("下载本单位第 " + lot + " 标段的密封投标文件", "downloading your sealed bid for lot " + lot);
        Path tmp = TempDir.create();
        try {
            Path envelope = tmp.resolve("bid.cms");
            client.download("/api/tenders/" + tenderId + "/lots/" + lot + "/bids/mine/envelope", envelope);
            byte[] cek;
            try (InputStream in = Files.newInputStream(envelope)) {
                cek = new EnvelopeOpener(tender.suite()).unwrapContentKey(in, keys.encryptionKey(),
                        keys.encryptionCertificate());
            } catch (EnvelopeRejected e) {
                throw ToolException.local("无法用本单位密钥解开内容密钥：" + e.messageZh(), "cannot unwrap the content key with your key: "
                        + e.messageEn(), e);
            } catch (IOException e) {
                throw ToolException.local("读取投标文件失败", "cannot read the sealed bid", e);
            }
            report.step("提交内容密钥进行解密", "handing the content key to the opening");
            PlatformClient.Answer answer = client.postJson("/api/tenders/" + tenderId + "/opening/lots/" + lot + "/key",
                    Map.of("contentKey", Base64.getEncoder().encodeToString(cek)));
            Arrays.fill(cek, (byte) 0);
            if (!answer.ok()) {
                throw PlatformClient.refusal(answer);
            }
            JsonNode result = PlatformClient.json(answer);
            if ("DECRYPTED".equals(result.path("status").asText())) {
                String price = result.path("price").decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
                report.line("解密成功，开标报价：" + price + " 元");
                report.line("Decrypted; price read out: " + price);
                return ToolException.OK;
            }
            report.line("解密失败：" + result.path("failure").asText() + "（" + result.path("consequence").asText() + "）");
            report.line("Decryption failed: " + result.path("failure").asText() + " (" + result.path("consequence").asText() + ")");
            return ToolException.REFUSED;
        } finally {
            TempDir.delete(tmp);
        }
    }
}
