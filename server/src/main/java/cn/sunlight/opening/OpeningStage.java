package cn.sunlight.opening;

import cn.sunlight.common.Text;

/** The stages of an online opening, in order; FAILED ends a session whose tender failed (流标). */
public enum OpeningStage {
    SIGN_IN("签到", "sign-in"), DECRYPTION("解密", "decryption"), READING("唱标", "read-out"),
    CONFIRMATION("确认", "confirmation"), CLOSED("开标结束", "closed"), FAILED("流标", "failed");

    private final String zh;
    private final String en;

    OpeningStage(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public Text label() {
        return Text.of(zh, en);
    }
}
