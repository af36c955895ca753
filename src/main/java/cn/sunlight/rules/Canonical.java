package cn.sunlight.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical JSON form of rule sets and calendars, and its hash.
 *
 * <p>Canonical form (format 1): compact JSON (no insignificant whitespace), UTF-8, non-ASCII characters written as-is,
 * object keys sorted by their UTF-16 code units at every level, numbers written in plain notation with trailing zeros
 * stripped ({@code 800000}, {@code 66.67}, {@code 2}), every rule field present ({@code verify} and {@code basis} are
 * never omitted). A rule set is {@code {"format":1,"id":…,"method":…,"rules":{id:{basis,citation,en,id,unit,value,
 * verify,zh}},"tradeType":…}}. The version is the lower-case hex SHA-256 of the UTF-8 bytes of that string. Where the
 * rules came from (file names, {@code extends}, comments, order in the file) is deliberately not part of it.
 */
final class Canonical {
    static final int FORMAT = 1;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Canonical() {
    }

    static String ruleSetJson(TradeType tradeType, TenderMethod method, Collection<Rule> rules) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("id", RuleSet.idOf(tradeType, method));
        root.put("tradeType", tradeType.key());
        root.put("method", method.key());
        ObjectNode rs = root.putObject("rules");
        for (Rule r : rules) {
            ObjectNode o = rs.putObject(r.id());
            o.put("id", r.id());
            o.put("value", r.value());
            o.put("unit", r.unit().key());
            o.put("citation", r.citation());
            o.put("zh", r.zh());
            o.put("en", r.en());
            o.put("verify", r.verify());
            o.put("basis", r.basis().key());
        }
        return write(root);
    }

    /** Serialises a tree with every object's keys sorted. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = MAPPER.createObjectNode();
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        if (node.isNumber()) {
            var d = node.decimalValue();
            return JsonNodeFactory.withExactBigDecimals(true)
                    .numberNode(d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros());
        }
        return node;
    }

    static String sha256Hex(String s) {
        return cn.sunlight.common.CanonicalJson.sha256Hex(s);
    }
}
