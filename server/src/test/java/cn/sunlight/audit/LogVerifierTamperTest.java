package cn.sunlight.audit;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.CompactRange;
import cn.sunlight.audit.log.Ed25519Keys;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.NoteSigner;
import cn.sunlight.audit.verify.LogVerifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12 item 7: when an entry and its exported leaf hash are both changed (so that they agree with each other),
 * the offline verifier names exactly that entry's index — at the first leaf, just after a checkpoint, just before
 * one, in the middle, at the last leaf, and for an entry withheld from the public (leaf hash only).
 * A plain unit test: the export is built here the way {@code LogExport} writes it, signed with a fresh log key.
 */
class LogVerifierTamperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORIGIN = "sunlight.test/log";
    private static final int SIZE = 40;
    private static final int[] CHECKPOINTS = {5, 17, 32, 40};
    private static final Set<Integer> WITHHELD = Set.of(7, 10, 33);

    private final NoteSigner signer = NoteSigner.ed25519(ORIGIN, Ed25519Keys.generate());

    private ObjectNode export() {
        return export(CHECKPOINTS);
    }

    private ObjectNode export(int... checkpoints) {
        List<String> entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            String e = "{\"v\":1,\"action\":\"test.event\",\"object\":\"" + i + "\"}";
            entries.add(e);
            leaves.add(MerkleHashes.leafHash(e.getBytes(StandardCharsets.UTF_8)));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "sunlight-log-export/2");
        root.put("origin", ORIGIN);
        root.put("logKey", signer.verifierKey().toString());
        root.put("size", SIZE);
        ArrayNode notes = root.putArray("checkpoints");
        for (int size : checkpoints) {
            CompactRange range = new CompactRange();
            leaves.subList(0, size).forEach(range::append);
            notes.add(signer.sign(new Checkpoint(ORIGIN, size, range.root()).body()).format());
        }
        ArrayNode out = root.putArray("entries");
        for (int i = 0; i < SIZE; i++) {
            ObjectNode e = out.addObject();
            e.put("index", i);
            if (WITHHELD.contains(i)) {
                e.put("withheld", "bidder-activity");
            } else {
                e.put("entry", entries.get(i));
            }
            e.put("leafHash", b64(leaves.get(i)));
            if (i > 0) {
                e.put("prev", b64(leaves.get(i - 1)));
            }
            if (i + 1 < SIZE) {
                e.put("next", b64(leaves.get(i + 1)));
            }
        }
        return root;
    }

    private LogVerifier.Result verify(ObjectNode export) throws Exception {
        return LogVerifier.verify(new ByteArrayInputStream(JSON.writeValueAsBytes(export)), signer.verifierKey().toString(), null,
                List.of(), new PrintStream(new ByteArrayOutputStream()));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void theUntouchedExportVerifiesWithItsWithheldEntriesByHash() throws Exception {
        LogVerifier.Result r = verify(export());
        assertTrue(r.ok(), r.message());
        assertTrue(r.message().contains("3 withheld entries"), r.message());
    }

    /** First leaf, a withheld one, just before and just after a checkpoint, the middle, and the last leaf. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 7, 10, 16, 17, 20, 31, 32, 33, 38, 39})
    void anEntryChangedWithItsLeafHashIsNamedExactly(int victim) throws Exception {
        ObjectNode export = export();
        ObjectNode e = (ObjectNode) export.get("entries").get(victim);
        String forged = "{\"v\":1,\"action\":\"test.forged\",\"object\":\"" + victim + "\"}";
        byte[] forgedLeaf = MerkleHashes.leafHash(forged.getBytes(StandardCharsets.UTF_8));
        if (e.has("entry")) {
            e.put("entry", forged);
        }
        e.put("leafHash", b64(forgedLeaf));
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(victim, r.firstBadIndex(), r.message());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 20, 39})
    void anEntryChangedAloneIsNamedExactly(int victim) throws Exception {
        ObjectNode export = export();
        ((ObjectNode) export.get("entries").get(victim)).put("entry", "{\"v\":1,\"forged\":true}");
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(victim, r.firstBadIndex(), r.message());
    }

    @Test
    void twoChangedEntriesInOneCheckpointNameTheFirst() throws Exception {
        ObjectNode export = export();
        for (int victim : new int[]{20, 25}) {
            ObjectNode e = (ObjectNode) export.get("entries").get(victim);
            String forged = "{\"v\":1,\"forged\":" + victim + "}";
            e.put("entry", forged);
            e.put("leafHash", b64(MerkleHashes.leafHash(forged.getBytes(StandardCharsets.UTF_8))));
        }
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(20, r.firstBadIndex(), r.message());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 39})
    void aLeafHashChangedAloneIsNamed(int victim) throws Exception {
        ObjectNode export = export();
        ((ObjectNode) export.get("entries").get(victim)).put("leafHash", b64(MerkleHashes.leafHash("x".getBytes(StandardCharsets.UTF_8))));
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(victim, r.firstBadIndex(), r.message());
    }

    @Test
    void aNeighboursCopyChangedNamesTheEntryCarryingIt() throws Exception {
        ObjectNode export = export();
        ((ObjectNode) export.get("entries").get(12)).put("next", b64(MerkleHashes.leafHash("x".getBytes(StandardCharsets.UTF_8))));
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(12, r.firstBadIndex(), r.message());
    }

    /** After the latest checkpoint no signed root covers the entry: its neighbours' copies still name it. */
    @ParameterizedTest
    @ValueSource(ints = {33, 36, 39})
    void anEntryAfterTheLatestCheckpointChangedWithItsLeafHashIsNamed(int victim) throws Exception {
        ObjectNode export = export(5, 17, 32);
        assertTrue(verify(export).ok());
        ObjectNode e = (ObjectNode) export.get("entries").get(victim);
        String forged = "{\"v\":1,\"forged\":" + victim + "}";
        if (e.has("entry")) {
            e.put("entry", forged);
        }
        e.put("leafHash", b64(MerkleHashes.leafHash(forged.getBytes(StandardCharsets.UTF_8))));
        LogVerifier.Result r = verify(export);
        assertFalse(r.ok());
        assertEquals(victim, r.firstBadIndex(), r.message());
    }
}
