package cn.sunlight.portal;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.Text;
import cn.sunlight.opening.OpeningStage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The words the live opening hall script shows for the hall's codes, in the page's language. */
public final class HallLabels {

    private HallLabels() {
    }

    private static final Map<String, Text> WORDS = new LinkedHashMap<>();

    static {
        for (OpeningStage s : OpeningStage.values()) {
            WORDS.put("stage." + s.name(), s.label());
        }
        WORDS.put("bid.DECRYPTED", Text.of("已解密", "decrypted"));
        WORDS.put("bid.FAILED", Text.of("解密失败", "failed"));
        WORDS.put("confirm.CONFIRMED", Text.of("已确认", "confirmed"));
        WORDS.put("confirm.OBJECTED", Text.of("提出异议", "objection raised"));
        WORDS.put("aboveCeiling", Text.of("超过最高投标限价", "above the ceiling price"));
    }

    public static String json(Locale locale) {
        Map<String, String> m = new LinkedHashMap<>();
        WORDS.forEach((code, text) -> m.put(code, text.in(locale)));
        return CanonicalJson.write(m);
    }
}
