package cn.sunlight.opening;

/** The stages of an online opening, in order; FAILED ends a session whose tender failed (流标). */
public enum OpeningStage {
    SIGN_IN("签到"), DECRYPTION("解密"), READING("唱标"), CONFIRMATION("确认"), CLOSED("开标结束"), FAILED("流标");

    private final String zh;

    OpeningStage(String zh) {
        this.zh = zh;
    }

    public String zh() {
        return zh;
    }
}
