package cn.sunlight.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The official OCDS 1.1.5 schemas (src/test/resources/ocds/1.1.5) with the extensions the platform declares (lots,
 * submission terms, bids: src/test/resources/ocds/extensions, each a JSON Merge Patch — RFC 7386 — over the release
 * schema, applied in that order as OCDS extensions are), validated by networknt json-schema-validator as draft 4
 * with format assertions. The schemas' own URLs are mapped to these files: nothing is fetched.
 */
public final class OcdsSchemas {

    static final String BASE = "https://standard.open-contracting.org/schema/1__1__5/";
    static final List<String> EXTENSIONS = List.of("lots", "submissionTerms", "bid");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile OcdsSchemas instance;

    private final JsonSchema release;
    private final JsonSchema releasePackage;
    private final JsonSchema recordPackage;

    private OcdsSchemas() {
        ObjectNode releaseSchema = (ObjectNode) read("ocds/1.1.5/release-schema.json");
        for (String ext : EXTENSIONS) {
            mergePatch(releaseSchema, read("ocds/extensions/" + ext + "/release-schema.json"));
        }
        Map<String, String> files = Map.of(
                BASE + "release-schema.json", releaseSchema.toString(),
                BASE + "release-package-schema.json", read("ocds/1.1.5/release-package-schema.json").toString(),
                BASE + "record-package-schema.json", read("ocds/1.1.5/record-package-schema.json").toString(),
                BASE + "versioned-release-validation-schema.json", read("ocds/1.1.5/versioned-release-validation-schema.json").toString());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.schemaLoaders(l -> l.schemas(files)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        release = factory.getSchema(SchemaLocation.of(BASE + "release-schema.json"), config);
        releasePackage = factory.getSchema(SchemaLocation.of(BASE + "release-package-schema.json"), config);
        recordPackage = factory.getSchema(SchemaLocation.of(BASE + "record-package-schema.json"), config);
    }

    public static OcdsSchemas get() {
        if (instance == null) {
            synchronized (OcdsSchemas.class) {
                if (instance == null) {
                    instance = new OcdsSchemas();
                }
            }
        }
        return instance;
    }

    /** The schema errors of a release (empty when valid). */
    public Set<String> release(JsonNode r) {
        return messages(release.validate(r));
    }

    public Set<String> releasePackage(JsonNode p) {
        return messages(releasePackage.validate(p));
    }

    public Set<String> recordPackage(JsonNode p) {
        return messages(recordPackage.validate(p));
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> messages(Set<ValidationMessage> m) {
        return m.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** RFC 7386: objects merge member by member, null removes, anything else replaces. */
    static void mergePatch(ObjectNode target, JsonNode patch) {
        patch.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                target.remove(e.getKey());
            } else if (v.isObject()) {
                JsonNode current = target.get(e.getKey());
                ObjectNode into = current != null && current.isObject() ? (ObjectNode) current : target.putObject(e.getKey());
                mergePatch(into, v);
            } else {
                target.set(e.getKey(), v.deepCopy());
            }
        });
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OcdsSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
