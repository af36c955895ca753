package cn.sunlight.ocds.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.ocds.OcdsRelease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Bulk downloads for data users: one zipped release package per day (the Beijing calendar day of the release date)
 * and CSV files of tenders, lots, awards and contracts built from the compiled releases. Each file comes with the
 * validators of its content (ETag, Last-Modified) so that a mirror fetches only what changed. Only sequenced
 * releases count: a file never shows a release the changes feed does not show yet.
 */
@ApplicationScoped
public class BulkFiles {

    /** A file and its validators. */
    public record File(byte[] bytes, String etag, Instant lastModified, String name) {
    }

    private final OpenDataFeed feed;
    private final ZoneId zone;
    private final String baseUrl;

    public BulkFiles(OpenDataFeed feed, @ConfigProperty(name = "sunlight.zone") String zone,
                     @ConfigProperty(name = "sunlight.ocds.base-url") String baseUrl) {
        this.feed = feed;
        this.zone = ZoneId.of(zone);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The days that have releases, newest first. */
    @Transactional
    public List<LocalDate> days() {
        @SuppressWarnings("unchecked")
        List<Object> rows = Panache.getEntityManager().createNativeQuery("""
                select distinct cast(released_at at time zone ?1 as date) d from ocds_release where position is not null order by d desc""")
                .setParameter(1, zone.getId()).getResultList();
        return rows.stream().map(o -> o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o).toList();
    }

    /** The release package of one day, zipped as {@code <day>.json}; 404 for a day without releases. */
    @Transactional
    public File day(LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        List<OcdsRelease> rows = OcdsRelease.list("position is not null and releasedAt >= ?1 and releasedAt < ?2 order by position", from, to);
        if (rows.isEmpty()) {
            throw ProblemException.notFound("OCDS releases of day", day);
        }
        ObjectNode p = feed.releasePackage(baseUrl + "/api/ocds/bulk/releases/" + day + ".zip", rows);
        // The package date is the last release's (not "now"): the same releases make the same bytes and the same ETag.
        Instant last = rows.stream().map(r -> r.releasedAt).max(Instant::compareTo).orElseThrow();
        p.put("publishedDate", Instant.ofEpochSecond(last.getEpochSecond()).toString());
        byte[] json = CanonicalJson.write(p).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e = new ZipEntry(day + ".json");
            e.setTime(last.toEpochMilli());
            zip.putNextEntry(e);
            zip.write(json);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag = CanonicalJson.sha256Hex(String.join(",", rows.stream().map(r -> r.bodySha256).toList())).substring(0, 32);
        return new File(out.toByteArray(), etag, last, day + ".zip");
    }

    /** The CSV files: tenders, lots, awards, contracts. */
    public enum Table { TENDERS, LOTS, AWARDS, CONTRACTS }

    /** A CSV file's validators, cheap: a client with a current copy gets its 304 before any file is built. */
    public record Validators(String etag, Instant lastModified) {
    }

    @Transactional
    public Validators csvValidators(Table table) {
        Object[] state = (Object[]) Panache.getEntityManager().createNativeQuery(
                "select count(*), coalesce(max(position), 0), max(released_at) from ocds_release where position is not null").getSingleResult();
        return new Validators(CanonicalJson.sha256Hex(table + ":" + state[0] + ":" + state[1]).substring(0, 32),
                state[2] == null ? Instant.EPOCH : toInstant(state[2]));
    }

    @Transactional
    public File csv(Table table) {
        Validators v = csvValidators(table);
        String etag = v.etag();
        Instant lastModified = v.lastModified();
        StringBuilder sb = new StringBuilder();
        List<ObjectNode> compiled = feed.compiledAll();
        switch (table) {
            case TENDERS -> {
                row(sb, "ocid", "tender_id", "title", "status", "procurement_method", "procurement_method_details",
                        "main_procurement_category", "award_criteria", "value_amount", "currency", "tender_period_start",
                        "tender_period_end", "buyer_id", "buyer_name", "procuring_entity_id", "procuring_entity_name",
                        "number_of_tenderers", "bid_bond", "last_release_date");
                for (ObjectNode r : compiled) {
                    JsonNode t = r.path("tender");
                    row(sb, r.path("ocid").asText(), t.path("id").asText(), t.path("title").asText(), t.path("status").asText(),
                            t.path("procurementMethod").asText(), t.path("procurementMethodDetails").asText(),
                            t.path("mainProcurementCategory").asText(""), t.path("awardCriteria").asText(),
                            t.path("value").path("amount").asText(), t.path("value").path("currency").asText(),
                            t.path("tenderPeriod").path("startDate").asText(""), t.path("tenderPeriod").path("endDate").asText(""),
                            r.path("buyer").path("id").asText(), r.path("buyer").path("name").asText(),
                            t.path("procuringEntity").path("id").asText(), t.path("procuringEntity").path("name").asText(),
                            t.path("numberOfTenderers").asText(""), t.path("submissionTerms").path("depositsGuarantees").asText(""),
                            r.path("date").asText());
                }
            }
            case LOTS -> {
                row(sb, "ocid", "lot_id", "title", "status", "value_amount", "currency");
                each(compiled, r -> r.path("tender").path("lots"), (r, l) -> row(sb, r.path("ocid").asText(), l.path("id").asText(),
                        l.path("title").asText(), l.path("status").asText(), l.path("value").path("amount").asText(),
                        l.path("value").path("currency").asText()));
            }
            case AWARDS -> {
                row(sb, "ocid", "award_id", "lot_id", "status", "date", "value_amount", "currency", "supplier_id", "supplier_name");
                each(compiled, r -> r.path("awards"), (r, a) -> row(sb, r.path("ocid").asText(), a.path("id").asText(),
                        a.path("relatedLots").path(0).asText(""), a.path("status").asText(), a.path("date").asText(),
                        a.path("value").path("amount").asText(), a.path("value").path("currency").asText(),
                        a.path("suppliers").path(0).path("id").asText(""), a.path("suppliers").path(0).path("name").asText("")));
            }
            case CONTRACTS -> {
                row(sb, "ocid", "contract_id", "award_id", "status", "date_signed", "value_amount", "currency");
                each(compiled, r -> r.path("contracts"), (r, c) -> row(sb, r.path("ocid").asText(), c.path("id").asText(),
                        c.path("awardID").asText(), c.path("status").asText(), c.path("dateSigned").asText(""),
                        c.path("value").path("amount").asText(), c.path("value").path("currency").asText()));
            }
        }
        // UTF-8 with a byte order mark: spreadsheet programs on Chinese Windows otherwise read the names as GBK.
        byte[] body = ("\uFEFF" + sb).getBytes(StandardCharsets.UTF_8);
        return new File(body, etag, lastModified, table.name().toLowerCase() + ".csv");
    }

    private static void each(List<ObjectNode> compiled, Function<ObjectNode, JsonNode> rows,
                             java.util.function.BiConsumer<ObjectNode, JsonNode> out) {
        for (ObjectNode r : compiled) {
            for (JsonNode n : rows.apply(r)) {
                out.accept(r, n);
            }
        }
    }

    /** One RFC 4180 line; a text cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
    static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i] == null ? "" : cells[i];
            if (!c.isEmpty() && "=+@\t\r".indexOf(c.charAt(0)) >= 0
                    || (c.startsWith("-") && !c.matches("-[0-9.]+"))) {
                c = "'" + c;
            }
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                c = '"' + c.replace("\"", "\"\"") + '"';
            }
            sb.append(c);
        }
        sb.append("\r\n");
    }

    private static Instant toInstant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
