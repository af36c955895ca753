package cn.sunlight.rules;

import cn.sunlight.common.CanonicalJson;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;

/**
 * The canonical JSON form of rule sets and calendars ({@link CanonicalJson}), and its hash.
 *
 * <p>Canonical form (format 1): compact JSON (no insignificant whitespace), UTF-8, non-ASCII characters written as-is,
 * object keys sorted by their UTF-16 code units at every level, numbers written in plain notation with trailing zeros
 * stripped ({@code 800000}, {@code 66.67}, {@code 2}), every rule field present ({@code verify} and {@code basis} are
 * never omitted). A rule set is {@code {"format":1,"id":…,"method":…,"rules":{id:{basis,citation,en,id,unit,value,
 * verify,zh}},"tradeType":…}}. The version is the lower-case hex SHA-256 of the UTF-8 bytes of that string. Where the
 * rules came from (file names, {@code extends}, comments, order in the file) is deliberately not part of it.
 */
final class RuleSetJson {
    static final int FORMAT = 1;

    private RuleSetJson() {
    }

    static String ruleSetJson(TradeType tradeType, TenderMethod method, Collection<Rule> rules) {
        ObjectNode root = CanonicalJson.object();
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
        return CanonicalJson.write(root);
    }

    static String sha256Hex(String s) {
        return CanonicalJson.sha256Hex(s);
    }
}
