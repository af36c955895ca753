package cn.sunlight.ocds.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.ocds.OcdsRelease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The public OCDS surface: single releases, the release package and the record of one ocid, and the changes feed
 * paged by feed position. Everything here was public when written; nothing is built at read time but packaging.
 */
@ApplicationScoped
public class OpenDataFeed {

    /** The extensions every release uses, at the commits whose schemas the tests validate against. */
    public static final List<String> EXTENSIONS = List.of(
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/8d3b52eb26ce0f1a015c91b665c120b17ef619a0/extension.json",
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_submissionTerms_extension/449ade63333a50f1e8cd2b0704c0a3c5e329a8a8/extension.json",
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/d62ff4b0ba393d823ca8113a9039b12edf7acb8f/extension.json");
    public static final int MAX_PAGE = 500;

    private final FeedSequencer sequencer;
    private final PlatformClock clock;
    private final ReleaseBuilder builder;
    private final String baseUrl;

    public OpenDataFeed(FeedSequencer sequencer, PlatformClock clock, ReleaseBuilder builder,
                        @ConfigProperty(name = "sunlight.ocds.base-url") String baseUrl) {
        this.sequencer = sequencer;
        this.clock = clock;
        this.builder = builder;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The absolute URL of a path of this platform (package and release URIs must be absolute). */
    public String url(String path) {
        return baseUrl + path;
    }

    /** A page of the changes feed and the cursor to ask for next (the same one when there is nothing new yet). */
    public record Page(ObjectNode releasePackage, long next, int count) {
    }

    public Page changes(long since, int limit) {
        sequencer.sequence(); // what has committed is in the feed at once, not at the next tick
        return page(since, limit);
    }

    @Transactional
    Page page(long since, int limit) {
        List<OcdsRelease> rows = OcdsRelease.find("position > ?1 order by position", since).page(0, limit).list();
        long next = rows.isEmpty() ? since : rows.getLast().position;
        ObjectNode p = releasePackage(baseUrl + "/api/ocds/releases?since=" + since + "&limit=" + limit, rows);
        p.putObject("links").put("next", baseUrl + "/api/ocds/releases?since=" + next + "&limit=" + limit);
        return new Page(p, next, rows.size());
    }

    /** One release by its OCDS id. */
    @Transactional
    public OcdsRelease release(String releaseId) {
        return OcdsRelease.<OcdsRelease>find("releaseId", releaseId).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("OCDS release", releaseId));
    }

    /** The releases of an ocid, oldest first; 404 when there are none. */
    @Transactional
    public List<OcdsRelease> releases(String ocid) {
        List<OcdsRelease> rows = OcdsRelease.ofOcid(ocid);
        if (rows.isEmpty()) {
            throw ProblemException.notFound("OCDS contracting process", ocid);
        }
        return rows;
    }

    public ObjectNode releasePackage(String uri, List<OcdsRelease> rows) {
        ObjectNode p = header(uri);
        ArrayNode releases = p.putArray("releases");
        rows.forEach(r -> releases.add(json(r.body)));
        return p;
    }

    /** The record package of one ocid: every release in full, and the compiled release. */
    public ObjectNode recordPackage(String ocid, List<OcdsRelease> rows) {
        ObjectNode p = header(baseUrl + "/api/ocds/records/" + ocid);
        p.putArray("packages").add(baseUrl + "/api/ocds/packages/" + ocid);
        ObjectNode record = p.putArray("records").addObject();
        record.put("ocid", ocid);
        ArrayNode releases = record.putArray("releases");
        List<JsonNode> bodies = new ArrayList<>();
        rows.forEach(r -> {
            JsonNode b = json(r.body);
            bodies.add(b);
            releases.add(b);
        });
        record.set("compiledRelease", RecordCompiler.compile(bodies));
        return p;
    }

    /** Compiled releases of every contracting process (for the CSV files), oldest ocid first. */
    @Transactional
    public List<ObjectNode> compiledAll() {
        List<ObjectNode> out = new ArrayList<>();
        List<OcdsRelease> rows = OcdsRelease.list("position is not null order by ocid, id");
        List<JsonNode> current = new ArrayList<>();
        String ocid = null;
        for (OcdsRelease r : rows) {
            if (ocid != null && !ocid.equals(r.ocid)) {
                out.add(RecordCompiler.compile(current));
                current = new ArrayList<>();
            }
            ocid = r.ocid;
            current.add(json(r.body));
        }
        if (!current.isEmpty()) {
            out.add(RecordCompiler.compile(current));
        }
        return out;
    }

    private ObjectNode header(String uri) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("uri", uri);
        p.put("version", "1.1");
        ArrayNode ext = p.putArray("extensions");
        EXTENSIONS.forEach(ext::add);
        p.put("publishedDate", Instant.ofEpochSecond(clock.now().getEpochSecond()).toString());
        p.putObject("publisher").put("name", builder.publisherName());
        p.put("publicationPolicy", baseUrl + "/api/ocds");
        return p;
    }

    static JsonNode json(String text) {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored release is not JSON", e);
        }
    }
}
