package cn.sunlight.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The platform's one canonical JSON, so that the same state always hashes to the same value, whoever recomputes it:
 * compact (no insignificant white space), UTF-8 with non-ASCII characters as they are, object keys sorted by their
 * UTF-16 code units, instants in ISO-8601, and decimals in plain notation with trailing zeros stripped
 * ({@code 800000}, {@code 66.67}, {@code 0}).
 *
 * <p>The decimal form is the one the rule-set versions were always computed with (format 1, see
 * {@code rules/RuleSet}): those hashes are recorded on every published tender and re-checked at start-up, so they
 * decide it. Audit-log state hashes are the SHA-256 of the state text stored beside them (and the log leaves hash the
 * stored entry text), so the decimal form of entries written before this class had it does not matter to them; no
 * verifier rebuilds a state with a decimal in it (the receipt check rebuilds integers, strings and instants only).
 */
public final class CanonicalJson {

    /** Decimals exactly as the canonical form writes them (plain, no trailing zeros, zero as {@code 0}). */
    public static BigDecimal canonical(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    private static final class PlainDecimal extends StdSerializer<BigDecimal> {
        PlainDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(canonical(value).toPlainString());
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("canonical-decimals").addSerializer(BigDecimal.class, new PlainDecimal()))
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    /** Trees of canonical content (rule sets, calendars): decimals read exactly, trailing tokens refused. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalJson() {
    }

    /** The canonical form of a value (records, maps, lists, instants, decimals) or of a JSON tree. */
    public static String write(Object value) {
        if (value instanceof JsonNode node) {
            return write(node);
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** The canonical form of a tree: every object's keys sorted, every number in the canonical decimal form. */
    public static String write(JsonNode node) {
        try {
            return EXACT.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new object node whose numbers stay exact, for building canonical content. */
    public static ObjectNode object() {
        return EXACT.createObjectNode();
    }

    /** Reads canonical content (a rule set, a calendar) with its decimals exact; refuses anything after the value. */
    public static JsonNode readExact(String json) throws JsonProcessingException {
        return EXACT.readTree(json);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = EXACT.createObjectNode();
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = EXACT.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        if (node.isNumber()) {
            return JsonNodeFactory.withExactBigDecimals(true).numberNode(canonical(node.decimalValue()));
        }
        return node;
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mapper for reading the platform's own JSON (states, forms) and for writing what need not be canonical. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
