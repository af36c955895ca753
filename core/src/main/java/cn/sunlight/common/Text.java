package cn.sunlight.common;

import java.util.Locale;

/** A message in both platform languages; zh-CN is the default, English is chosen by Accept-Language. */
public record Text(String zh, String en) {

    public String in(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? en : zh;
    }

    public static Text of(String zh, String en) {
        return new Text(zh, en);
    }
}
