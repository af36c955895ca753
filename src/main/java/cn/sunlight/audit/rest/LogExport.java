package cn.sunlight.audit.rest;

import cn.sunlight.audit.service.TransparencyLog;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams the log as one JSON document (the offline verifier's input) without holding it in memory:
 * {origin, logKey, witnessKey, size, checkpoints: [note...], entries: [{index, entry, leafHash}...]}.
 */
final class LogExport {

    private static final int PAGE = 1000;

    private LogExport() {
    }

    static void write(TransparencyLog log, OutputStream out) throws IOException {
        var checkpoints = log.checkpoints();
        long size = checkpoints.isEmpty() ? 0 : checkpoints.getLast().size();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", "sunlight-log-export/1");
            g.writeStringField("origin", log.origin());
            g.writeStringField("logKey", log.logKey().toString());
            g.writeStringField("witnessKey", log.witnessKey().toString());
            g.writeNumberField("size", size);
            g.writeArrayFieldStart("checkpoints");
            for (var c : checkpoints) {
                g.writeString(log.cosignedNote(c.size()).orElse(c.note()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("entries");
            for (long from = 0; from < size; from += PAGE) {
                for (var leaf : log.leaves(from, Math.min(size, from + PAGE))) {
                    g.writeStartObject();
                    g.writeNumberField("index", leaf.index());
                    g.writeStringField("entry", leaf.entry());
                    g.writeStringField("leafHash", LogResource.b64(leaf.leafHash()));
                    g.writeEndObject();
                }
                g.flush();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
