package cn.sunlight.portal;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.opening.OpeningStage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The words the live opening hall script shows for the hall's codes, in the page's language. */
public final class HallLabels {

    private HallLabels() {
    }

    public static String json(Locale locale) {
        boolean en = "en".equals(locale.getLanguage());
        Map<String, String> m = new LinkedHashMap<>();
        for (OpeningStage s : OpeningStage.values()) {
            m.put("stage." + s.name(), s.label().in(locale));
        }
        m.put("bid.DECRYPTED", en ? "decrypted" : "已解密");
        m.put("bid.FAILED", en ? "failed" : "解密失败");
        m.put("confirm.CONFIRMED", en ? "confirmed" : "已确认");
        m.put("confirm.OBJECTED", en ? "objection raised" : "提出异议");
        m.put("aboveCeiling", en ? "above the ceiling price" : "超过最高投标限价");
        return CanonicalJson.write(m);
    }
}
