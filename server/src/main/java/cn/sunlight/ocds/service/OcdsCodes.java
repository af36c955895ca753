package cn.sunlight.ocds.service;

import cn.sunlight.common.Text;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.TenderStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code mappings of {@code ocds/codes.yaml}: the platform's methods, trade types, evaluation methods and statuses
 * in OCDS codelists, and which audited change makes which release. Checked complete when the bean is created, so a
 * value added to an enum without its mapping stops start-up instead of publishing a null.
 */
@ApplicationScoped
public class OcdsCodes {

    static final String RESOURCE = "ocds/codes.yaml";

    /** A code with its Chinese and English label. */
    public record Coded(String code, Text label) {
    }

    /** What an audited change publishes: the OCDS release tags and the 数据规范 data set it is exchanged as. */
    public record ReleaseKind(List<String> tags, String dataSet) {
    }

    private final JsonNode root;

    public OcdsCodes() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
        for (TenderMethod m : TenderMethod.values()) {
            procurementMethod(m);
        }
        for (TradeType t : TradeType.values()) {
            require("mainProcurementCategory", t.name());
        }
        for (EvaluationMethod e : EvaluationMethod.values()) {
            awardCriteria(e);
        }
        for (TenderStatus s : TenderStatus.values()) {
            tenderStatus(s);
        }
        root.path("releases").properties().forEach(e -> dataSet(e.getValue().path("dataSet").asText()));
    }

    public Coded procurementMethod(TenderMethod m) {
        return coded("procurementMethod", m.name());
    }

    /** Null where the trade type does not tell (政府采购 buys goods, works and services). */
    public String mainProcurementCategory(TradeType t) {
        JsonNode n = require("mainProcurementCategory", t.name());
        return n.isNull() ? null : n.asText();
    }

    public Coded awardCriteria(EvaluationMethod e) {
        return coded("awardCriteria", e.name());
    }

    public String tenderStatus(TenderStatus s) {
        return require("tenderStatus", s.name()).asText();
    }

    public String bidStatus(String platformStatus) {
        return require("bidStatus", platformStatus).asText();
    }

    /** The release an audited action makes ({@code kind}: the kind its state names, or null), if any. */
    public Optional<ReleaseKind> release(String action, String kind) {
        JsonNode n = kind == null ? root.path("releases").path(action) : root.path("releases").path(action + "." + kind);
        if (n.isMissingNode() && kind != null) {
            n = root.path("releases").path(action);
        }
        if (n.isMissingNode()) {
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        return Optional.of(new ReleaseKind(List.copyOf(tags), n.path("dataSet").asText()));
    }

    /** Whether any release is made by this action (with or without a kind suffix): a cheap filter for the observer. */
    public boolean releases(String action) {
        if (root.path("releases").has(action)) {
            return true;
        }
        var names = root.path("releases").fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith(action + ".")) {
                return true;
            }
        }
        return false;
    }

    public Text dataSet(String key) {
        JsonNode n = require("dataSets", key);
        return Text.of(n.path("zh").asText(), n.path("en").asText());
    }

    private Coded coded(String table, String key) {
        JsonNode n = require(table, key);
        return new Coded(n.path("code").asText(), Text.of(n.path("zh").asText(), n.path("en").asText()));
    }

    private JsonNode require(String table, String key) {
        JsonNode n = root.path(table).path(key);
        if (n.isMissingNode()) {
            throw new IllegalStateException(RESOURCE + ": " + table + " has no mapping for " + key);
        }
        return n;
    }
}
