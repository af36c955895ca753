package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every word of every portal has its English: Qute falls back to the zh-CN default for a key missing from
 * messages/NAME_en.properties, which would leave Chinese on an English page without any error. This test fails instead.
 */
class MessageBundlesTest {

    private static final List<Class<?>> BUNDLES = List.of(UiMessages.class, PublicMessages.class,
            WorkspaceMessages.class, BidderMessages.class, DeskMessages.class, ExchangeMessages.class);
    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");
    /** English values that are Chinese on purpose: the link back to the other language. */
    private static final Set<String> CHINESE_ON_PURPOSE = Set.of("ui.otherLanguage");

    @Test
    void everyMessageHasAnEnglishTextAndNoEnglishTextIsOrphaned() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Class<?> bundle : BUNDLES) {
            String name = bundle.getAnnotation(MessageBundle.class).value();
            Properties en = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("messages/" + name + "_en.properties")) {
                assertNotNull(in, "messages/" + name + "_en.properties is missing");
                en.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            Set<String> keys = new TreeSet<>();
            for (Method m : bundle.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Message.class)) {
                    keys.add(m.getName());
                    String zh = m.getAnnotation(Message.class).value();
                    if (zh.isBlank()) {
                        problems.add(name + "." + m.getName() + " has no zh-CN text");
                    }
                }
            }
            for (String k : keys) {
                String v = en.getProperty(k);
                if (v == null || v.isBlank()) {
                    problems.add(name + "." + k + " has no English text");
                } else if (CJK.matcher(v).find() && !CHINESE_ON_PURPOSE.contains(name + "." + k)) {
                    problems.add(name + "." + k + " has Chinese in its English text: " + v);
                }
            }
            for (String k : en.stringPropertyNames()) {
                if (!keys.contains(k)) {
                    problems.add(name + "_en.properties has " + k + ", which no message declares");
                }
            }
            assertTrue(keys.size() > 0, name + " declares messages");
        }
        assertEquals(List.of(), problems);
    }
}
