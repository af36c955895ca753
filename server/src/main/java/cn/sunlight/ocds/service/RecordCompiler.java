package cn.sunlight.ocds.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the releases of one contracting process into its compiled release, following the OCDS 1.1 merging rules:
 * releases in date order; a later value replaces an earlier one; a null removes it; objects merge field by field;
 * arrays of objects that all have an {@code id} merge object by object on that id; any other array is replaced
 * whole. The compiled release is tagged {@code compiled} and its id is the ocid with the date of the last release.
 */
public final class RecordCompiler {

    private RecordCompiler() {
    }

    public static ObjectNode compile(List<JsonNode> releasesInDateOrder) {
        ObjectNode compiled = JsonNodeFactory.instance.objectNode();
        for (JsonNode release : releasesInDateOrder) {
            merge(compiled, (ObjectNode) release);
        }
        if (!releasesInDateOrder.isEmpty()) {
            JsonNode last = releasesInDateOrder.getLast();
            compiled.put("id", last.path("ocid").asText() + "-" + last.path("date").asText());
            compiled.set("tag", JsonNodeFactory.instance.arrayNode().add("compiled"));
        }
        return compiled;
    }

    static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                into.remove(key);
            } else if (value.isObject()) {
                JsonNode current = into.get(key);
                ObjectNode target = current != null && current.isObject() ? (ObjectNode) current : into.putObject(key);
                merge(target, (ObjectNode) value);
            } else if (value.isArray() && identified((ArrayNode) value)) {
                JsonNode current = into.get(key);
                Map<String, ObjectNode> byId = new LinkedHashMap<>();
                if (current != null && current.isArray() && identified((ArrayNode) current)) {
                    current.forEach(o -> byId.put(o.get("id").asText(), (ObjectNode) o.deepCopy()));
                }
                value.forEach(o -> {
                    ObjectNode target = byId.computeIfAbsent(o.get("id").asText(), k -> JsonNodeFactory.instance.objectNode());
                    merge(target, (ObjectNode) o);
                });
                ArrayNode merged = into.putArray(key);
                byId.values().forEach(merged::add);
            } else {
                into.set(key, value.deepCopy());
            }
        });
    }

    private static boolean identified(ArrayNode array) {
        if (array.isEmpty()) {
            return false;
        }
        for (JsonNode n : array) {
            if (!n.isObject() || !n.hasNonNull("id")) {
                return false;
            }
        }
        return true;
    }
}
