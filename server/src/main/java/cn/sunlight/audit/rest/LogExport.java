package cn.sunlight.audit.rest;

import cn.sunlight.audit.service.LogReaders;
import cn.sunlight.audit.service.TransparencyLog;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams the log as one JSON document (the offline verifier's input) without holding it in memory:
 * {origin, logKey, witnessKey, size, checkpoints: [note...], entries: [{index, entry, leafHash, prev, next}...]}.
 *
 * <p>A withheld entry (public export before the opening, see {@link cn.sunlight.audit.Disclosure}) has no
 * {@code entry}, only its leaf hash and {@code withheld}: the verifier checks it into the tree by hash. Each entry
 * also repeats its neighbours' leaf hashes ({@code prev}, {@code next}): when an entry and its own leaf hash are both
 * altered, the signed root shows that something in a checkpoint's range changed and the neighbours' copies, checked
 * against that signed root, name the exact leaf.
 */
final class LogExport {

    private static final int PAGE = 1000;

    private LogExport() {
    }

    static void write(TransparencyLog log, OutputStream out, boolean full) throws IOException {
        var checkpoints = log.checkpoints();
        long size = checkpoints.isEmpty() ? 0 : checkpoints.getLast().size();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", "sunlight-log-export/2");
            g.writeStringField("origin", log.origin());
            g.writeStringField("logKey", log.logKey().toString());
            g.writeStringField("witnessKey", log.witnessKey().toString());
            g.writeNumberField("size", size);
            g.writeStringField("view", full ? "supervisor" : "public");
            g.writeArrayFieldStart("checkpoints");
            for (var c : checkpoints) {
                g.writeString(log.cosignedNote(c.size()).orElse(c.note()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("entries");
            TransparencyLog.Leaf before = null;
            TransparencyLog.Leaf current = null;
            for (long from = 0; from < size; from += PAGE) {
                for (var leaf : log.leaves(from, Math.min(size, from + PAGE))) {
                    TransparencyLog.Leaf shown = full ? leaf : leaf.forPublic();
                    if (current != null) {
                        entry(g, before, current, shown);
                    }
                    before = current;
                    current = shown;
                }
                g.flush();
            }
            if (current != null) {
                entry(g, before, current, null);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void entry(JsonGenerator g, TransparencyLog.Leaf prev, TransparencyLog.Leaf leaf, TransparencyLog.Leaf next)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", leaf.index());
        if (leaf.entry() != null) {
            g.writeStringField("entry", leaf.entry());
        } else {
            g.writeStringField("withheld", LogReaders.WITHHELD_KIND);
        }
        g.writeStringField("leafHash", LogResource.b64(leaf.leafHash()));
        if (prev != null) {
            g.writeStringField("prev", LogResource.b64(prev.leafHash()));
        }
        if (next != null) {
            g.writeStringField("next", LogResource.b64(next.leafHash()));
        }
        g.writeEndObject();
    }
}
