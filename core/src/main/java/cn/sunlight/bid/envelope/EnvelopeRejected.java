package cn.sunlight.bid.envelope;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A sealed bid that the platform refuses, at reception ({@link EnvelopeInspector}) or at the opening
 * ({@link EnvelopeOpener}). Carries a machine code ({@link #reason()}), bilingual messages for the bidder and
 * the opening record, a technical detail for the log, and — when the input was read to the end — the size
 * and SHA-256 of every byte that was consumed (so a rejected submission can still get a receipt).
 *
 * <p>Problems on the platform's side (disk full, the storage sink failing) are never reported with this type:
 * they surface as {@link java.io.IOException}.
 */
public final class EnvelopeRejected extends Exception {

    /** Why an envelope was refused. The names are stable machine codes (stored, shown to bidders). */
    public enum Reason {
        NOT_CMS("提交的文件不是CMS格式的密封投标文件", "the file is not a CMS ContentInfo"),
        NOT_DER("密封投标文件必须采用DER编码", "the envelope must be DER-encoded (definite lengths, primitive content)"),
        NOT_AUTH_ENVELOPED("密封投标文件必须是认证加密信封(AuthEnvelopedData)",
                "the envelope must be CMS AuthEnvelopedData (RFC 5083)"),
        WRONG_ALGORITHM("密封投标文件使用了本项目不允许的加密算法",
                "the envelope uses an algorithm this tender does not allow"),
        NOT_FOR_THIS_TENDER("密封投标文件未使用本项目的开标证书加密",
                "the envelope is not encrypted to this tender's opening certificate"),
        TRUNCATED("密封投标文件不完整(传输中断或文件被截断)", "the envelope is truncated"),
        MALFORMED("密封投标文件结构错误", "the envelope structure is malformed"),
        TRAILING_DATA("密封投标文件末尾有多余数据", "there are extra bytes after the envelope"),
        TOO_LARGE("密封投标文件超过允许的大小", "the envelope exceeds the maximum size"),
        KEY_UNWRAP_FAILED("无法用该私钥解开内容加密密钥", "the content-encryption key could not be unwrapped with this key"),
        TAMPERED("密封投标文件认证失败:内容被篡改或密钥错误,明文已丢弃",
                "authentication failed (tampered envelope or wrong key); the plaintext was discarded");

        private final String zh;
        private final String en;

        Reason(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        public String code() {
            return name();
        }

        public String messageZh() {
            return zh;
        }

        public String messageEn() {
            return en;
        }
    }

    private final Reason reason;
    private final String detail;
    private long bytesRead = -1;
    private byte[] sha256;

    public EnvelopeRejected(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public EnvelopeRejected(Reason reason, String detail, Throwable cause) {
        super(reason.name() + ": " + reason.messageEn() + (detail == null ? "" : " (" + detail + ")"), cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The stable machine code, e.g. {@code NOT_FOR_THIS_TENDER}. */
    public String code() {
        return reason.name();
    }

    /** Technical detail for logs (English, may be null). */
    public String detail() {
        return detail;
    }

    public String messageZh() {
        return reason.messageZh();
    }

    public String messageEn() {
        return reason.messageEn();
    }

    /** Message in the language of the locale (Chinese for any {@code zh} locale, English otherwise). */
    public String message(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? messageZh() : messageEn();
    }

    /**
     * Number of bytes consumed from the input before the rejection was thrown, or -1 if unknown. For the
     * inspector this is the whole input unless the reason is {@link Reason#TOO_LARGE}.
     */
    public long bytesRead() {
        return bytesRead;
    }

    /** SHA-256 of the consumed bytes (see {@link #bytesRead()}), or null if not computed. */
    public byte[] sha256() {
        return sha256 == null ? null : sha256.clone();
    }

    public String sha256Hex() {
        return sha256 == null ? null : HexFormat.of().formatHex(sha256);
    }

    EnvelopeRejected withConsumed(long bytes, byte[] digest) {
        this.bytesRead = bytes;
        this.sha256 = digest == null ? null : digest.clone();
        return this;
    }
}
