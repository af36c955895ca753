package cn.sunlight.audit.verify;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.CompactRange;
import cn.sunlight.audit.log.InvalidProofException;
import cn.sunlight.audit.log.LeafHashSource;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.MerkleTree;
import cn.sunlight.audit.log.NoteVerificationException;
import cn.sunlight.audit.log.NoteVerifier;
import cn.sunlight.audit.log.ProofVerifier;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.log.VerifiedNote;
import cn.sunlight.audit.log.VerifierKey;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline verifier of an exported audit log ({@code GET /api/log/export}). It trusts nothing but the
 * public keys it is given (or, failing that, those in the export, which it says): it checks every
 * checkpoint's log signature and witness cosignature, recomputes every leaf hash from its entry and
 * every checkpoint root from the leaves, checks consistency between successive checkpoints, and
 * checks the inclusion proofs of any receipts given. On failure it names the first bad index — exactly, even when an
 * entry and its leaf hash were changed together (each entry repeats its neighbours' leaf hashes; the copy that
 * reproduces the signed root names the changed leaf). An entry withheld from the public until an opening is exported
 * as its leaf hash only and verified as such.
 *
 * <pre>java -jar sunlight-tools.jar verify-log export.json [--log-key KEY] [--witness-key KEY] [receipt.json ...]</pre>
 * Exit code 0: verified; 1: verification failed; 2: usage or unreadable input.
 */
public final class LogVerifier {

    public record Result(boolean ok, long size, int checkpoints, Long firstBadIndex, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Same as {@code sunlight-tools verify-log ...} ({@link VerifyLogCommand}). */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "verify-log";
        System.arraycopy(args, 0, all, 1, args.length);
        System.exit(cn.sunlight.tools.SunlightTools.run(all, System.out, System.err, System.getenv()));
    }

    public static Result verify(InputStream export, String trustedLogKey, String trustedWitnessKey, List<Path> receipts,
                                PrintStream out) throws IOException {
        String origin = null;
        String exportedLogKey = null;
        String exportedWitnessKey = null;
        List<String> notes = new ArrayList<>();
        List<byte[]> recomputed = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        List<byte[]> prevHints = new ArrayList<>();
        List<byte[]> nextHints = new ArrayList<>();
        long withheld = 0;
        try (JsonParser p = JSON.getFactory().createParser(export)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "origin" -> origin = p.getText();
                    case "logKey" -> exportedLogKey = p.getText();
                    case "witnessKey" -> exportedWitnessKey = p.getText();
                    case "checkpoints" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            notes.add(p.getText());
                        }
                    }
                    case "entries" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode e = JSON.readTree(p);
                            long index = e.get("index").asLong();
                            if (index != recomputed.size()) {
                                return fail(0, notes.size(), (long) recomputed.size(), "entries are not contiguous at index " + recomputed.size());
                            }
                            byte[] leafHash = hash(e, "leafHash");
                            if (e.hasNonNull("entry")) {
                                recomputed.add(MerkleHashes.leafHash(e.get("entry").asText().getBytes(StandardCharsets.UTF_8)));
                            } else if (leafHash != null) {
                                // Withheld until the opening: checked into the tree by its leaf hash only.
                                recomputed.add(leafHash);
                                withheld++;
                            } else {
                                return fail(0, notes.size(), (long) recomputed.size(), "entry " + recomputed.size() + " has neither content nor leaf hash");
                            }
                            stored.add(leafHash);
                            prevHints.add(hash(e, "prev"));
                            nextHints.add(hash(e, "next"));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        String logKeyText = trustedLogKey != null ? trustedLogKey : exportedLogKey;
        String witnessKeyText = trustedWitnessKey != null ? trustedWitnessKey : exportedWitnessKey;
        if (trustedLogKey == null) {
            out.println("warning: no --log-key given; using the key named in the export (pin it for real verification)");
        }
        NoteVerifier logVerifier = NoteVerifier.of(VerifierKey.parse(logKeyText));
        VerifierKey witness = witnessKeyText == null ? null : VerifierKey.parse(witnessKeyText);

        // Recompute roots leaf by leaf and compare at every checkpoint size.
        Map<Long, byte[]> checkpointRoots = new HashMap<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String note : notes) {
            VerifiedNote verified;
            try {
                verified = logVerifier.verify(note);
            } catch (NoteVerificationException e) {
                return fail(recomputed.size(), checkpoints.size(), null, "checkpoint signature invalid: " + e.getMessage());
            }
            Checkpoint cp = Checkpoint.from(verified);
            if (origin != null && !origin.equals(cp.origin())) {
                return fail(recomputed.size(), checkpoints.size(), null, "checkpoint of another origin: " + cp.origin());
            }
            if (witness != null) {
                try {
                    NoteVerifier.of(witness).verify(SignedNote.parse(note));
                } catch (NoteVerificationException e) {
                    return fail(recomputed.size(), checkpoints.size(), null, "checkpoint " + cp.size() + " lacks a valid witness cosignature: " + e.getMessage());
                }
            }
            checkpoints.add(cp);
            checkpointRoots.put(cp.size(), cp.rootHash());
        }
        checkpoints.sort((a, b) -> Long.compare(a.size(), b.size()));
        CompactRange range = new CompactRange();
        int next = 0;
        long previousGood = 0;
        for (Checkpoint cp : checkpoints) {
            if (cp.size() > recomputed.size()) {
                return fail(recomputed.size(), checkpoints.size(), (long) recomputed.size(),
                        "checkpoint " + cp.size() + " covers entries missing from the export");
            }
            while (range.size() < cp.size()) {
                range.append(recomputed.get((int) range.size()));
            }
            if (!MerkleHashes.equal(range.root(), cp.rootHash())) {
                return locate(recomputed, stored, prevHints, nextHints, previousGood, cp, checkpoints.size());
            }
            previousGood = cp.size();
            next++;
        }
        // Consistency between successive checkpoints, with proofs computed and checked like a witness would.
        MerkleTree tree = new MerkleTree(LeafHashSource.of(recomputed));
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint a = checkpoints.get(i - 1);
            Checkpoint b = checkpoints.get(i);
            if (a.size() == 0 || a.size() == b.size()) {
                continue;
            }
            try {
                ProofVerifier.verifyConsistency(a.size(), b.size(), tree.consistencyProof(a.size(), b.size()), a.rootHash(), b.rootHash());
            } catch (InvalidProofException e) {
                return fail(recomputed.size(), checkpoints.size(), a.size(), "checkpoints " + a.size() + " and " + b.size() + " are inconsistent");
            }
        }
        Result inconsistent = redundancy(recomputed, stored, prevHints, nextHints,
                checkpoints.isEmpty() ? 0 : checkpoints.getLast().size(), checkpoints.size());
        if (inconsistent != null) {
            return inconsistent;
        }
        for (Path receipt : receipts) {
            JsonNode r = JSON.readTree(receipt.toFile());
            JsonNode proofNode = r.has("inclusion") ? r.get("inclusion") : r;
            long index = proofNode.get("index").asLong();
            long size = proofNode.get("size").asLong();
            byte[] root = checkpointRoots.get(size);
            if (root == null) {
                return fail(recomputed.size(), checkpoints.size(), index, receipt + ": no signed checkpoint of size " + size);
            }
            byte[] leafHash = Base64.getDecoder().decode(proofNode.get("leafHash").asText());
            List<byte[]> proof = new ArrayList<>();
            proofNode.get("proof").forEach(n -> proof.add(Base64.getDecoder().decode(n.asText())));
            try {
                ProofVerifier.verifyInclusion(index, size, leafHash, proof, root);
            } catch (InvalidProofException e) {
                return fail(recomputed.size(), checkpoints.size(), index, receipt + ": inclusion proof invalid (" + e.reason() + ")");
            }
            if (index < recomputed.size() && !MerkleHashes.equal(leafHash, recomputed.get((int) index))) {
                return fail(recomputed.size(), checkpoints.size(), index, receipt + ": the receipt's leaf differs from the exported entry");
            }
            out.println("receipt " + receipt.getFileName() + ": leaf " + index + " included in checkpoint " + size);
        }
        long covered = checkpoints.isEmpty() ? 0 : checkpoints.getLast().size();
        return new Result(true, recomputed.size(), next, null, recomputed.size() + " entries, " + next
                + " checkpoints verified (signatures" + (witness == null ? "" : ", witness cosignatures")
                + ", roots, consistency); " + covered + " entries covered by the latest checkpoint"
                + (withheld == 0 ? "" : "; " + withheld + " withheld entries (content not yet public) verified by leaf hash only")
                + (receipts.isEmpty() ? "" : "; " + receipts.size() + " receipt(s) included"));
    }

    /**
     * The root of checkpoint {@code cp} does not match the entries while every smaller checkpoint did: some leaf in
     * [previousGood, cp.size) changed. An entry whose own exported leaf hash disagrees names itself. Otherwise (entry
     * and leaf hash changed together) each candidate leaf whose neighbours' copies of its hash ({@code prev} of the
     * next entry, {@code next} of the previous) disagree with it is put back to their value and the root recomputed:
     * the candidate(s) whose restoration reproduces the signed root are exactly the changed leaves, proven by the
     * signature, not by the export's word. Only if the copies were altered too is the range all that can be named.
     */
    private static Result locate(List<byte[]> recomputed, List<byte[]> stored, List<byte[]> prevHints, List<byte[]> nextHints,
                                 long previousGood, Checkpoint cp, int checkpointCount) {
        int from = (int) previousGood;
        int to = (int) cp.size();
        for (int i = from; i < to; i++) {
            byte[] s = stored.get(i);
            if (s != null && !MerkleHashes.equal(s, recomputed.get(i))) {
                return fail(recomputed.size(), checkpointCount, (long) i, "root mismatch at checkpoint " + cp.size()
                        + "; first bad index " + i + " (entry does not hash to the leaf the log committed to)");
            }
        }
        List<Integer> candidates = new ArrayList<>();
        List<byte[]> restored = new ArrayList<>();
        for (int i = from; i < to; i++) {
            byte[] fromPrev = i > 0 ? nextHints.get(i - 1) : null;
            byte[] fromNext = i + 1 < recomputed.size() ? prevHints.get(i + 1) : null;
            for (byte[] hint : new byte[][]{fromPrev, fromNext}) {
                if (hint != null && !MerkleHashes.equal(hint, recomputed.get(i))) {
                    candidates.add(i);
                    restored.add(hint);
                }
            }
        }
        for (int c = 0; c < candidates.size(); c++) {
            if (rootWith(recomputed, to, List.of(candidates.get(c)), List.of(restored.get(c)), cp.rootHash())) {
                int i = candidates.get(c);
                return fail(recomputed.size(), checkpointCount, (long) i, "root mismatch at checkpoint " + cp.size()
                        + "; first bad index " + i + " (entry and its leaf hash were both changed: the leaf hash its neighbours"
                        + " carry reproduces the signed root)");
            }
        }
        if (!candidates.isEmpty() && rootWith(recomputed, to, candidates, restored, cp.rootHash())) {
            return fail(recomputed.size(), checkpointCount, (long) candidates.getFirst(), "root mismatch at checkpoint " + cp.size()
                    + "; first bad index " + candidates.getFirst() + " (several entries changed: " + candidates + ")");
        }
        return fail(recomputed.size(), checkpointCount, previousGood, "root mismatch at checkpoint " + cp.size()
                + "; a leaf in [" + previousGood + ", " + cp.size() + ") changed, and so did its neighbours' copies of its hash,"
                + " so only the range can be named");
    }

    /**
     * The roots matched; the export's other copies of the leaf hashes must agree too, or something in it was altered
     * that the roots alone do not show: a leaf hash field, a neighbour's copy, or an entry after the latest checkpoint.
     * Within the checkpointed range the recomputed hashes are proven by the signed roots, so the entry carrying a wrong
     * copy is named; after it, an entry whose own hash both neighbours contradict is named.
     */
    private static Result redundancy(List<byte[]> recomputed, List<byte[]> stored, List<byte[]> prevHints, List<byte[]> nextHints,
                                     long covered, int checkpointCount) {
        int n = recomputed.size();
        for (int i = 0; i < n; i++) {
            byte[] s = stored.get(i);
            if (s != null && !MerkleHashes.equal(s, recomputed.get(i))) {
                return fail(n, checkpointCount, (long) i, "entry " + i + " does not hash to its exported leaf hash");
            }
            boolean prevWrong = i > 0 && prevHints.get(i) != null && !MerkleHashes.equal(prevHints.get(i), recomputed.get(i - 1));
            boolean nextWrong = i + 1 < n && nextHints.get(i) != null && !MerkleHashes.equal(nextHints.get(i), recomputed.get(i + 1));
            if (i < covered && (prevWrong && i - 1 < covered || nextWrong && i + 1 < covered)) {
                return fail(n, checkpointCount, (long) i, "entry " + i + " carries a wrong copy of a neighbour's leaf hash");
            }
            if (i >= covered) {
                boolean fromPrev = i > 0 && nextHints.get(i - 1) != null && !MerkleHashes.equal(nextHints.get(i - 1), recomputed.get(i));
                boolean fromNext = i + 1 < n && prevHints.get(i + 1) != null && !MerkleHashes.equal(prevHints.get(i + 1), recomputed.get(i));
                if (fromPrev && (fromNext || i + 1 == n)) {
                    return fail(n, checkpointCount, (long) i, "entry " + i + " (after the latest checkpoint) does not hash to the leaf"
                            + " hash its neighbours carry");
                }
            }
        }
        return null;
    }

    private static boolean rootWith(List<byte[]> leaves, int size, List<Integer> at, List<byte[]> values, byte[] expected) {
        List<byte[]> copy = new ArrayList<>(leaves.subList(0, size));
        for (int k = 0; k < at.size(); k++) {
            copy.set(at.get(k), values.get(k));
        }
        CompactRange range = new CompactRange();
        copy.forEach(range::append);
        return MerkleHashes.equal(range.root(), expected);
    }

    private static byte[] hash(JsonNode e, String field) {
        if (!e.hasNonNull(field)) {
            return null;
        }
        try {
            byte[] b = Base64.getDecoder().decode(e.get(field).asText());
            return b.length == 32 ? b : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static Result fail(long size, int checkpoints, Long index, String message) {
        return new Result(false, size, checkpoints, index, message);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("not a log export: expected " + want + " but found " + got);
        }
    }

    private LogVerifier() {
    }
}
