package cn.sunlight.common.input;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.validation.constraints.Digits;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Bounds for every value of every JSON body, in one place: the parser's own limits (number length, nesting depth,
 * string and document length) and deserializers for decimals, integers, instants, dates and strings that apply
 * {@link Bounds} before any endpoint sees the value. Quarkus-free: {@link #install} takes a plain ObjectMapper.
 */
public final class JsonInputModule {

    /** JSON bodies are small (the HTTP layer refuses larger ones before reading them). */
    public static final long MAX_DOCUMENT_BYTES = 1L << 20;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_CHARS = 100;
    /** The longest string of any body: a PEM certificate request or a base64 signature fits easily. */
    public static final int MAX_STRING_CHARS = 256 * 1024;

    private JsonInputModule() {
    }

    public static void install(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_CHARS)
                .maxDocumentLength(MAX_DOCUMENT_BYTES)
                .maxNameLength(256)
                .build());
        // A null inside a list or map ("lots": [null]) is refused where it is read, not met later as a NullPointerException.
        mapper.setDefaultSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                com.fasterxml.jackson.annotation.Nulls.FAIL));
        SimpleModule m = new SimpleModule("sunlight-input-bounds");
        m.addDeserializer(BigDecimal.class, new Decimals(null, Bounds.MONEY_INTEGER_DIGITS, Bounds.MONEY_FRACTION_DIGITS));
        m.addDeserializer(Instant.class, new Instants());
        m.addDeserializer(LocalDate.class, new Dates());
        m.addDeserializer(Integer.class, new Integers<>(Integer.class, false, Integer.MIN_VALUE, Integer.MAX_VALUE));
        m.addDeserializer(int.class, new Integers<>(Integer.class, true, Integer.MIN_VALUE, Integer.MAX_VALUE));
        m.addDeserializer(Long.class, new Integers<>(Long.class, false, Long.MIN_VALUE, Long.MAX_VALUE));
        m.addDeserializer(long.class, new Integers<>(Long.class, true, Long.MIN_VALUE, Long.MAX_VALUE));
        m.addDeserializer(String.class, new Strings());
        mapper.registerModule(m);
    }

    static String field(JsonParser p) {
        try {
            String name = p.currentName();
            return name == null ? "body" : name;
        } catch (IOException e) {
            return "body";
        }
    }

    static <T> T guarded(JsonParser p, java.util.function.Supplier<T> parse) throws InputRefused {
        try {
            return parse.get();
        } catch (ProblemException e) {
            throw new InputRefused(p, e);
        }
    }

    static InputRefused wrongType(JsonParser p, String what, String whatEn) {
        return new InputRefused(p, Bounds.refusal(422, field(p), "type", Text.of("应为" + what, "expected " + whatEn)));
    }

    /** Money unless the property declares {@code @Digits}: a JSON number or a numeric string. */
    static final class Decimals extends JsonDeserializer<BigDecimal> implements ContextualDeserializer {
        private final String name;
        private final int integer;
        private final int fraction;

        Decimals(String name, int integer, int fraction) {
            this.name = name;
            this.integer = integer;
            this.fraction = fraction;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            if (property == null) {
                return this;
            }
            DecimalBounds b = property.getAnnotation(DecimalBounds.class);
            if (b != null) {
                return new Decimals(property.getName(), b.integer(), b.fraction());
            }
            Digits d = property.getAnnotation(Digits.class);
            return d == null ? new Decimals(property.getName(), integer, fraction)
                    : new Decimals(property.getName(), d.integer(), d.fraction());
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String field = name != null ? name : field(p);
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
                // The text, never the double: 1e309 is not infinity and 0.1 is not 0.1000000000000000055.
                String text = p.getText();
                return guarded(p, () -> Bounds.decimal(field, text, integer, fraction));
            }
            throw wrongType(p, "数字", "a number");
        }
    }

    static final class Integers<T extends Number> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final boolean primitive;
        private final long min;
        private final long max;

        Integers(Class<T> type, boolean primitive, long min, long max) {
            this.type = type;
            this.primitive = primitive;
            this.min = min;
            this.max = max;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            String text;
            if (t == JsonToken.VALUE_NUMBER_INT) {
                BigInteger b = p.getBigIntegerValue();
                if (b.bitLength() > 63 || b.longValue() < min || b.longValue() > max) {
                    throw new InputRefused(p, Bounds.refusal(422, field(p), "range",
                            Text.of("整数超出范围 " + min + "…" + max, "out of range " + min + "…" + max)));
                }
                return cast(b.longValue());
            } else if (t == JsonToken.VALUE_STRING) {
                text = p.getText();
            } else {
                throw wrongType(p, "整数", "an integer");
            }
            long v = guarded(p, () -> {
                try {
                    return Bounds.integer(field(p), text, min, max);
                } catch (ProblemException e) {
                    throw Bounds.refusal(422, field(p), e.violations().getFirst().rule(), e.violations().getFirst().message());
                }
            });
            return cast(v);
        }

        @SuppressWarnings("unchecked")
        private T cast(long v) {
            Number n = type == Integer.class ? (Number) Integer.valueOf((int) v) : (Number) Long.valueOf(v);
            return (T) n;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) {
            return primitive ? cast(0) : null;
        }
    }

    /** ISO-8601 strings only: a bare number would be read as seconds since 1970 and is almost always a mistake. */
    static final class Instants extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType(p, " ISO-8601 时间字符串（如 2026-03-01T08:00:00Z）", "an ISO-8601 instant string (e.g. 2026-03-01T08:00:00Z)");
            }
            String text = p.getText();
            return guarded(p, () -> Bounds.instant(field(p), text));
        }
    }

    static final class Dates extends JsonDeserializer<LocalDate> {
        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType(p, "日期字符串（如 2026-03-01）", "a date string (e.g. 2026-03-01)");
            }
            String text = p.getText();
            return guarded(p, () -> Bounds.date(field(p), text));
        }
    }

    /** Strings without NUL, control or bidi-override characters; numbers and booleans are read as their text. */
    static final class Strings extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                    || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                String s = p.getText();
                return guarded(p, () -> Bounds.text(field(p), s));
            }
            throw wrongType(p, "字符串", "a string");
        }
    }
}
