package cn.sunlight.tools;

import cn.sunlight.common.Text;

/** A receipt that does not prove what it claims, with the reason in both languages. */
final class ReceiptException extends Exception {

    private final Text reason;

    ReceiptException(Text reason) {
        super(reason.en());
        this.reason = reason;
    }

    ReceiptException(String zh, String en) {
        this(Text.of(zh, en));
    }

    Text reason() {
        return reason;
    }

    ToolException toolException() {
        return ToolException.unverified(Text.of("回执核验失败：" + reason.zh(), "receipt verification failed: " + reason.en()));
    }
}
