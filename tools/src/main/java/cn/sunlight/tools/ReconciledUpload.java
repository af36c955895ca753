package cn.sunlight.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads a sealed bid so that a failure never makes a bidder believe a standing bid failed, nor submit it twice.
 * After any failure that may have reached the platform (connection cut, a crashed instance, a 5xx), it first looks
 * for the bid among its own receipts by the envelope's SHA-256: found, that receipt is the answer; not found, the
 * upload is sent again (through the balancer, so to a live instance), until the deadline or the attempts run out.
 * A refusal (4xx) is an answer, never retried.
 */
final class ReconciledUpload {

    static final int ATTEMPTS = 12;

    private ReconciledUpload() {
    }

    static PlatformClient.Answer submit(PlatformClient client, Report report, long tenderId, int lot, String sha256,
                                        Instant deadline, Path envelope, Map<String, String> headers) throws ToolException {
        ToolException last = null;
        Duration pause = Duration.ofMillis(500);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                PlatformClient.Answer answer = client.postFile("/api/tenders/" + tenderId + "/lots/" + lot + "/bids", envelope,
                        "application/pkcs7-mime", headers);
                if (answer.status() < 500) {
                    return answer;
                }
                last = PlatformClient.refusal(answer);
            } catch (ToolException e) {
                last = e;
            }
            Optional<JsonNode> recorded = find(client, tenderId, lot, sha256);
            if (recorded.isPresent()) {
                report.step("上传中断，但平台已记录该投标（按 SHA-256 找到回执），不再重复提交",
                        "the upload was cut off but the platform had recorded the bid (receipt found by SHA-256); not submitting it again");
                try {
                    return new PlatformClient.Answer(201, "application/json", PlatformClient.JSON.writeValueAsBytes(recorded.get()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw ToolException.local("回执无法序列化", "cannot serialise the receipt", e);
                }
            }
            if (attempt == ATTEMPTS || Instant.now().plus(pause).isAfter(deadline)) {
                break;
            }
            report.step("上传失败，平台未记录该投标，" + pause.toMillis() + " 毫秒后重试（第 " + (attempt + 1) + " 次）：" + last.getMessage(),
                    "upload failed and the platform has not recorded the bid; retrying in " + pause.toMillis() + " ms (attempt "
                            + (attempt + 1) + "): " + last.getMessage());
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw last;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
        }
        throw last;
    }

    /** The caller's own receipt for this envelope, if the platform recorded it (empty when it cannot tell either). */
    static Optional<JsonNode> find(PlatformClient client, long tenderId, int lot, String sha256) {
        try {
            for (JsonNode r : client.getJson("/api/tenders/" + tenderId + "/bids/mine")) {
                JsonNode c = r.path("content");
                if (sha256.equals(c.path("envelopeSha256").asText()) && c.path("lot").asInt() == lot
                        && "SUBMISSION".equals(c.path("kind").asText())) {
                    return Optional.of(r);
                }
            }
        } catch (ToolException e) {
            // the platform is unreachable too: the next attempt asks again
        }
        return Optional.empty();
    }
}
