package cn.sunlight.auction.service;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequencer's answer to one quote, given only after the transaction that made it durable (or decided to
 * refuse it) committed. It travels between instances as JSON in a NOTIFY payload.
 */
public sealed interface Answer {

    /** What the bidder learns of its accepted quote: only its own figures. */
    record Accepted(long sequence, String alias, String price, int round, Instant acceptedAt, Instant endsAt) implements Answer {
    }

    record Refused(int status, String type, Text reason) implements Answer {
        public ProblemException problem() {
            return new ProblemException(status, type, reason);
        }
    }

    /** The sequencer stopped (lease lost) before deciding: nothing was written, the quote is routed again. */
    record Reroute() implements Answer {
    }

    static Map<String, Object> json(long pendingId, Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", pendingId);
        switch (a) {
            case Accepted x -> {
                m.put("accepted", true);
                m.put("sequence", x.sequence());
                m.put("alias", x.alias());
                m.put("price", x.price());
                m.put("round", x.round());
                m.put("acceptedAt", x.acceptedAt().toString());
                m.put("endsAt", x.endsAt().toString());
            }
            case Refused r -> {
                m.put("accepted", false);
                m.put("status", r.status());
                m.put("type", r.type());
                m.put("zh", r.reason().zh());
                m.put("en", r.reason().en());
            }
            case Reroute r -> m.put("reroute", true);
        }
        return m;
    }

    static Answer of(JsonNode n) {
        if (n.path("reroute").asBoolean()) {
            return new Reroute();
        }
        if (n.path("accepted").asBoolean()) {
            return new Accepted(n.path("sequence").asLong(), n.path("alias").asText(), n.path("price").asText(), n.path("round").asInt(),
                    Instant.parse(n.path("acceptedAt").asText()), Instant.parse(n.path("endsAt").asText()));
        }
        return new Refused(n.path("status").asInt(), n.path("type").asText(), Text.of(n.path("zh").asText(), n.path("en").asText()));
    }
}
