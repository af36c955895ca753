package cn.sunlight.tools;

import cn.sunlight.common.Text;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What a receipt proves once {@link ReceiptVerifier} has checked it: the platform signed these facts, and (for a
 * submission) an RFC 3161 time stamp covers the envelope hash.
 */
record VerifiedReceipt(long tenderId, String tenderCode, int lot, long bidId, int version, String kind,
                       String envelopeSha256, Long size, Instant receivedAt, long auditEventId, String signer,
                       TimeStamp timeStamp) {

    /** The RFC 3161 token's facts (null for a withdrawal). */
    record TimeStamp(Instant genTime, BigInteger serial, String policy, String tsa) {
    }

    static final String SUBMISSION = "SUBMISSION";
    static final String WITHDRAWAL = "WITHDRAWAL";

    /** The receipt is about what the tool just sent, or a {@link ReceiptException} naming the first difference. */
    void requireAbout(long expectedTenderId, String expectedCode, int expectedLot, String expectedKind,
                      String expectedSha256, Long expectedSize) throws ReceiptException {
        same("tenderId", expectedTenderId, tenderId);
        same("tenderCode", expectedCode, tenderCode);
        same("lot", expectedLot, lot);
        same("kind", expectedKind, kind);
        same("envelopeSha256", expectedSha256, envelopeSha256);
        same("size", expectedSize, size);
    }

    private static void same(String field, Object expected, Object actual) throws ReceiptException {
        if (!Objects.equals(expected, actual)) {
            throw new ReceiptException(Text.of("回执中的 " + field + " 为 " + actual + "，与提交的 " + expected + " 不符",
                    "the receipt's " + field + " is " + actual + ", not " + expected + " as sent"));
        }
    }

    void print(Report r, String headingZh, String headingEn) {
        r.line(headingZh);
        r.line("  招标项目：" + tenderCode + "（ID " + tenderId + "），标段 " + lot + "，第 " + version + " 版，"
                + (SUBMISSION.equals(kind) ? "投标" : "撤回") + "（bid " + bidId + "）");
        if (envelopeSha256 != null) {
            r.line("  投标文件（密文）SHA-256：" + envelopeSha256 + "，大小 " + size + " 字节");
        }
        r.line("  平台接收时间：" + Report.zh(receivedAt));
        if (timeStamp != null) {
            r.line("  RFC 3161 时间戳：该 SHA-256 不晚于 " + Report.zh(timeStamp.genTime()) + " 已存在（TSA "
                    + timeStamp.tsa() + "，序列号 " + timeStamp.serial() + "）");
        }
        r.line("  审计日志事件：" + auditEventId + "；平台签名证书：" + signer);
        r.line(headingEn);
        r.line("  Tender " + tenderCode + " (id " + tenderId + "), lot " + lot + ", version " + version + ", "
                + (SUBMISSION.equals(kind) ? "submission" : "withdrawal") + " (bid " + bidId + ")");
        if (envelopeSha256 != null) {
            r.line("  Sealed envelope SHA-256: " + envelopeSha256 + ", " + size + " bytes");
        }
        r.line("  Received by the platform: " + Report.en(receivedAt));
        if (timeStamp != null) {
            r.line("  RFC 3161 time stamp: this SHA-256 existed at " + Report.en(timeStamp.genTime()) + " (TSA "
                    + timeStamp.tsa() + ", serial " + timeStamp.serial() + ")");
        }
        r.line("  Audit log event: " + auditEventId + "; platform signing certificate: " + signer);
    }
}
