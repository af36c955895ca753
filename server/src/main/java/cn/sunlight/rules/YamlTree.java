package cn.sunlight.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML document read into a small tree that remembers the line of every key and value, so that validation errors can
 * name the line. Reads through Jackson's streaming YAML parser (its token locations give the lines). Duplicate keys in a
 * mapping are rejected here (plain YAML would silently keep the last one).
 */
final class YamlTree {

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();
    }

    record Entry(String key, int keyLine, Node value) {
    }

    record MapNode(int line, Map<String, Entry> entries) implements Node {
        Entry get(String key) {
            return entries.get(key);
        }
    }

    record ListNode(int line, List<Node> items) implements Node {
    }

    enum Kind { STRING, INT, FLOAT, BOOLEAN, NULL }

    /** A scalar; {@code number} is set for INT/FLOAT when the text is a finite number. */
    record ScalarNode(int line, Kind kind, String text, BigDecimal number) implements Node {
    }

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlTree() {
    }

    static Node read(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } catch (NoSuchFileException e) {
            throw new RuleFileException(file, 0, "file not found");
        } catch (CharacterCodingException e) {
            throw new RuleFileException(file, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new RuleFileException(file, 0, "cannot read: " + e, e);
        }
        try (Reader reader = new java.io.StringReader(text); JsonParser p = FACTORY.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new RuleFileException(file, 1, "the file is empty");
            }
            Node root = readValue(p, file);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new RuleFileException(file, line(p), "only one YAML document is allowed per file");
            }
            return root;
        } catch (StreamReadException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
            throw new RuleFileException(file, line, "invalid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new RuleFileException(file, 0, "cannot read: " + e, e);
        }
    }

    private static Node readValue(JsonParser p, Path file) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    Node value = readValue(p, file);
                    Entry previous = entries.putIfAbsent(key, new Entry(key, keyLine, value));
                    if (previous != null) {
                        throw new RuleFileException(file, keyLine,
                                "duplicate key '" + key + "' (first at line " + previous.keyLine() + ")");
                    }
                }
                return new MapNode(line, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, file));
                }
                return new ListNode(line, List.copyOf(items));
            }
            case VALUE_STRING -> {
                return new ScalarNode(line, Kind.STRING, p.getText(), null);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String text = p.getText();
                BigDecimal number;
                try {
                    number = p.getDecimalValue();
                } catch (NumberFormatException | IOException e) {
                    number = null;   // .inf, .nan and the like
                }
                return new ScalarNode(line, t == JsonToken.VALUE_NUMBER_INT ? Kind.INT : Kind.FLOAT, text, number);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(line, Kind.BOOLEAN, t == JsonToken.VALUE_TRUE ? "true" : "false", null);
            }
            case VALUE_NULL -> {
                return new ScalarNode(line, Kind.NULL, null, null);
            }
            default -> throw new RuleFileException(file, line, "unsupported YAML construct: " + t);
        }
    }

    private static int line(JsonParser p) {
        JsonLocation loc = p.currentTokenLocation();
        return loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    // ---- helpers for the parsers -------------------------------------------------------------------------------

    static MapNode requireMap(Path file, Node n, String what) {
        if (n instanceof MapNode m) {
            return m;
        }
        throw new RuleFileException(file, n.line(), what + " must be a mapping (key: value lines)");
    }

    static void checkKeys(Path file, MapNode m, Set<String> allowed, String where) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw new RuleFileException(file, e.keyLine(), "unknown key '" + e.key() + "'" + where
                        + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** A non-blank string value, or null when the key is absent. */
    static String optString(Path file, MapNode m, String key, String where) {
        Entry e = m.get(key);
        if (e == null) {
            return null;
        }
        if (!(e.value() instanceof ScalarNode s) || s.kind() != Kind.STRING || s.text().isBlank()) {
            throw new RuleFileException(file, e.value().line(), "'" + key + "'" + where + " must be a non-empty text");
        }
        return s.text().strip();
    }

    static boolean optBoolean(Path file, MapNode m, String key, String where) {
        Entry e = m.get(key);
        if (e == null) {
            return false;
        }
        if (!(e.value() instanceof ScalarNode s) || s.kind() != Kind.BOOLEAN) {
            throw new RuleFileException(file, e.value().line(), "'" + key + "'" + where + " must be true or false");
        }
        return s.text().equals("true");
    }
}
