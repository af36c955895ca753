package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the transparency-dev/merkle proof vectors copied into {@code src/test/resources/testdata/merkle} (source and
 * licence in its {@code LICENSE-NOTE.md}). Fails, never skips, when the folder is missing.
 */
final class MerkleTestVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One inclusion vector: {@code leafIdx, treeSize, root, leafHash, proof, desc, wantErr}. */
    record Inclusion(Path file, long leafIdx, long treeSize, byte[] root, byte[] leafHash, List<byte[]> proof,
                     String desc, boolean wantErr) {
    }

    /** One consistency vector: {@code size1, size2, root1, root2, proof, desc, wantErr}. */
    record Consistency(Path file, long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof,
                       String desc, boolean wantErr) {
    }

    private MerkleTestVectors() {
    }

    static Path root() {
        Path projectRoot = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = projectRoot.resolve("src/test/resources/testdata/merkle").normalize();
        if (!Files.isDirectory(dir.resolve("inclusion")) || !Files.isDirectory(dir.resolve("consistency"))) {
            fail("Merkle test vectors not found at " + dir);
        }
        return dir;
    }

    static List<Inclusion> inclusion() {
        List<Inclusion> out = new ArrayList<>();
        Path dir = root();
        for (Path f : jsonFiles(dir.resolve("inclusion"))) {
            JsonNode n = read(f);
            out.add(new Inclusion(dir.relativize(f), uint64(n, "leafIdx"), uint64(n, "treeSize"), b64(n, "root"),
                    b64(n, "leafHash"), proof(n), text(n, "desc"), bool(n, "wantErr")));
        }
        assertTrue(out.size() > 0, "no inclusion vectors in " + dir);
        return out;
    }

    static List<Consistency> consistency() {
        List<Consistency> out = new ArrayList<>();
        Path dir = root();
        for (Path f : jsonFiles(dir.resolve("consistency"))) {
            JsonNode n = read(f);
            out.add(new Consistency(dir.relativize(f), uint64(n, "size1"), uint64(n, "size2"), b64(n, "root1"),
                    b64(n, "root2"), proof(n), text(n, "desc"), bool(n, "wantErr")));
        }
        assertTrue(out.size() > 0, "no consistency vectors in " + dir);
        return out;
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            fail("vector lacks field '" + name + "': " + n);
        }
        return v;
    }

    /**
     * The vectors hold Go uint64 values; a value of 2^63 or more keeps its 64-bit pattern and becomes a
     * negative long, which the verifier rejects (no tree of this log can reach such a size).
     */
    private static long uint64(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber()) {
            fail("'" + name + "' is not an integer: " + v);
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.bitLength() > 64) {
            fail("'" + name + "' is not a uint64: " + b);
        }
        return b.longValue();
    }

    private static byte[] b64(JsonNode n, String name) {
        return Base64.getDecoder().decode(field(n, name).asText());
    }

    private static List<byte[]> proof(JsonNode n) {
        JsonNode p = field(n, "proof");
        List<byte[]> out = new ArrayList<>();
        if (p.isNull()) {
            return out;
        }
        for (JsonNode e : p) {
            out.add(Base64.getDecoder().decode(e.asText()));
        }
        return out;
    }

    private static String text(JsonNode n, String name) {
        return field(n, name).asText();
    }

    private static boolean bool(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isBoolean()) {
            fail("'" + name + "' is not a boolean: " + v);
        }
        return v.booleanValue();
    }
}
