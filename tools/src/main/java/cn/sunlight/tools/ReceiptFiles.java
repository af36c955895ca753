package cn.sunlight.tools;

import cn.sunlight.common.Text;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Keeps what the platform answered: {@code receipt-<tender>-<lot>-v<version>.json}, written before it is checked so
 * that even a receipt that fails verification is kept as evidence.
 */
final class ReceiptFiles {

    /** A saved and verified receipt. */
    record Saved(Path file, VerifiedReceipt receipt) {
    }

    /** What the receipt must say about the request just made. */
    record Expected(long tenderId, String tenderCode, int lot, String kind, String envelopeSha256, Long size) {
    }

    private ReceiptFiles() {
    }

    static Saved saveAndVerify(PlatformClient.Answer answer, Path dir, Expected expected, ReceiptVerifier verifier)
            throws ToolException {
        JsonNode receipt;
        try {
            receipt = PlatformClient.JSON.readTree(answer.body());
        } catch (IOException e) {
            Path raw = dir.resolve("receipt-" + expected.tenderId() + "-" + expected.lot() + "-unreadable-"
                    + System.currentTimeMillis() + ".json");
            write(raw, answer.body());
            throw unverified("平台应答（HTTP " + answer.status() + "）不是 JSON，已原样保存到 " + raw,
                    "the platform's answer (HTTP " + answer.status() + ") is not JSON; kept as is in " + raw);
        }
        JsonNode version = receipt.path("content").path("version");
        Path file = dir.resolve("receipt-" + expected.tenderId() + "-" + expected.lot() + "-v"
                + (version.isIntegralNumber() ? version.asText() : "unknown-" + System.currentTimeMillis()) + ".json");
        try {
            write(file, PlatformClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(receipt));
        } catch (IOException e) {
            throw ToolException.local("无法写回执文件 " + file, "cannot write the receipt file " + file, e);
        }
        try {
            VerifiedReceipt verified = verifier.verify(receipt);
            verified.requireAbout(expected.tenderId(), expected.tenderCode(), expected.lot(), expected.kind(),
                    expected.envelopeSha256(), expected.size());
            return new Saved(file, verified);
        } catch (ReceiptException e) {
            throw unverified("回执核验失败：" + e.reason().zh() + "。回执已保存到 " + file
                            + "；平台可能已记录该请求，请用 receipts 命令查看",
                    "receipt verification failed: " + e.reason().en() + ". The receipt is kept in " + file
                            + "; the platform may have recorded the request: check with the receipts command");
        }
    }

    static JsonNode read(Path file) throws ToolException {
        if (!Files.isRegularFile(file)) {
            throw ToolException.usage("找不到回执文件 " + file, "receipt file not found: " + file);
        }
        try {
            return PlatformClient.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw unverified("回执文件不是合法的 JSON：" + e.getMessage(), "the receipt file is not valid JSON: " + e.getMessage());
        }
    }

    private static void write(Path file, byte[] bytes) throws ToolException {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "receipt-tmp-", ".json");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ToolException.local("无法写回执文件 " + file + "：" + e.getMessage(), "cannot write the receipt file " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static ToolException unverified(String zh, String en) {
        return new ToolException(ToolException.UNVERIFIED, Text.of(zh, en), List.of(), null);
    }
}
