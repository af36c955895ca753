package cn.sunlight.portal;

import cn.sunlight.common.Text;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.qute.TemplateExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages show values: instants in Beijing time (stored in UTC, shown in Asia/Shanghai, as the platform's
 * rule says), money in yuan, and the platform's bilingual labels in the page's language. The page's locale is the
 * template instance's "locale" attribute, which every portal page sets from {@link PortalContext}.
 */
@TemplateExtension
public final class PortalFormats {

    /** The zone every page shows and reads times in. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private PortalFormats() {
    }

    /** "2026-12-20 09:30" in Beijing time. */
    static String beijing(Instant i) {
        return i == null ? "—" : MINUTES.format(i.atZone(BEIJING));
    }

    public static String beijingSeconds(Instant i) {
        return i == null ? "—" : SECONDS.format(i.atZone(BEIJING));
    }

    /** The value of an {@code <input type="datetime-local">} in Beijing time. */
    static String beijingInput(Instant i) {
        return i == null ? "" : MINUTES.format(i.atZone(BEIJING)).replace(' ', 'T');
    }

    /** The value of an {@code <input type="datetime-local" step="1">} in Beijing time, to the second. */
    public static String beijingInputSeconds(Instant i) {
        return i == null ? "" : SECONDS.format(i.atZone(BEIJING)).replace(' ', 'T');
    }

    /** Machine-readable UTC, for {@code <time datetime>} and countdowns. */
    static String iso(Instant i) {
        return i == null ? "" : i.toString();
    }

    static long millis(Instant i) {
        return i == null ? 0 : i.toEpochMilli();
    }

    /** A query-string value. */
    static String url(String s) {
        return s == null ? "" : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String local(cn.sunlight.opening.OpeningStage s, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        return s == null ? "" : s.label().in(toLocale(locale));
    }

    static String local(cn.sunlight.tender.CryptoSuite s, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        if (s == null) {
            return "";
        }
        return switch (s) {
            case INTERNATIONAL -> english(locale) ? "international (AES-256-GCM / RSA-OAEP / ECDH / SHA-256)" : "国际算法（AES-256-GCM / RSA-OAEP / ECDH / SHA-256）";
            case NATIONAL -> english(locale) ? "national (SM4 / SM2 / SM3)" : "国密算法（SM4 / SM2 / SM3）";
        };
    }

    /** A span of time in whole units, largest two: "1 天 3 小时" / "1 d 3 h"; under a minute "不到 1 分钟" / "under 1 min". */
    static String span(java.time.Duration d, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        if (d == null) {
            return "—";
        }
        boolean en = english(locale);
        long s = Math.max(0, d.getSeconds());
        long[] amounts = {s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60};
        String[] units = en ? new String[]{" d", " h", " min"} : new String[]{" 天", " 小时", " 分钟"};
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < amounts.length && shown < 2; i++) {
            if (amounts[i] > 0 || shown > 0) {
                if (amounts[i] > 0) {
                    out.append(out.isEmpty() ? "" : " ").append(amounts[i]).append(units[i]);
                }
                shown++;
            }
        }
        return out.isEmpty() ? (en ? "under 1 min" : "不到 1 分钟") : out.toString();
    }

    /** "¥1,234,567.00". */
    static String yuan(BigDecimal v) {
        return v == null ? "—" : "¥" + DocumentFormats.amount(v);
    }

    static String tr(Text t, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        return t == null ? "" : t.in(toLocale(locale));
    }

    static String local(TradeType t, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        return t == null ? "" : english(locale) ? t.en() : t.zh();
    }

    static String local(TenderMethod m, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        return m == null ? "" : english(locale) ? m.en() : m.zh();
    }

    static String local(TenderStatus s, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        return s == null ? "" : s.label().in(toLocale(locale));
    }

    private static boolean english(Object locale) {
        return "en".equals(toLocale(locale).getLanguage());
    }

    private static Locale toLocale(Object locale) {
        if (locale instanceof Locale l) {
            return l;
        }
        return locale != null && locale.toString().startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }
}
