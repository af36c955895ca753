package cn.sunlight.ocds.rest;

import cn.sunlight.common.Text;
import cn.sunlight.common.input.Bounds;
import cn.sunlight.ocds.OcdsRelease;
import cn.sunlight.ocds.service.BulkFiles;
import cn.sunlight.ocds.service.OpenDataFeed;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Open data (issue 15): the platform's contracting processes in the Open Contracting Data Standard 1.1 (with the
 * lots, bids and submission terms extensions), for anyone, without an account, within the anonymous rate limit.
 * Nothing here is confidential when served: releases are written with only what was public at their change.
 */
@Path("/api/ocds")
@Tag(name = "Open data (OCDS)", description = "OCDS 1.1 releases, packages, records, changes feed and bulk files")
@PermitAll
public class OpenDataResource {

    /** ocids and release ids: the configured prefix, the tender code and a number — letters, digits, '-', '_', '.'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,160}");
    private static final String JSON = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    private final OpenDataFeed feed;
    private final BulkFiles bulk;

    public OpenDataResource(OpenDataFeed feed, BulkFiles bulk) {
        this.feed = feed;
        this.bulk = bulk;
    }

    @GET
    @Path("/releases")
    @Produces(JSON)
    @Operation(summary = "Changes feed: a release package of the releases after cursor `since` (0: from the start), in feed "
            + "order; `links.next` and the X-Next-Since header give the cursor of the next page (stable: no gaps, no repeats)")
    @APIResponse(responseCode = "200", description = "Release package of the next releases")
    @APIResponse(responseCode = "204", description = "Nothing after `since` yet (X-Next-Since repeats the cursor)")
    @APIResponse(responseCode = "400", description = "since or limit is not a number in range")
    public Response changes(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        long from = since == null ? 0 : Bounds.integer("since", since, 0, Long.MAX_VALUE);
        int n = limit == null ? 100 : (int) Bounds.integer("limit", limit, 1, OpenDataFeed.MAX_PAGE);
        OpenDataFeed.Page page = feed.changes(from, n);
        if (page.count() == 0) {
            // A release package has at least one release (OCDS schema): nothing new is no content, same cursor.
            return Response.noContent().header("X-Next-Since", page.next()).build();
        }
        return Response.ok(page.releasePackage(), JSON).header("X-Next-Since", page.next()).build();
    }

    @GET
    @Path("/releases/{id}")
    @Produces(JSON)
    @Operation(summary = "One release by its id (immutable)")
    @APIResponse(responseCode = "200", description = "The release")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such release")
    public Response release(@PathParam("id") String id, @Context Request request) {
        OcdsRelease r = feed.release(checked("id", id));
        return conditional(request, r.bodySha256.substring(0, 32), r.releasedAt, r.body, JSON);
    }

    @GET
    @Path("/packages/{ocid}")
    @Produces(JSON)
    @Operation(summary = "Release package of one contracting process: all its releases, oldest first")
    @APIResponse(responseCode = "200", description = "Release package")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "400", description = "Malformed ocid")
    @APIResponse(responseCode = "404", description = "No such ocid")
    public Response releasePackage(@PathParam("ocid") String ocid, @Context Request request) {
        List<OcdsRelease> rows = feed.releases(checked("ocid", ocid));
        return conditional(request, tag(rows), last(rows), feed.releasePackage(feed.url("/api/ocds/packages/" + ocid), rows), JSON);
    }

    @GET
    @Path("/records/{ocid}")
    @Produces(JSON)
    @Operation(summary = "Record package of one contracting process: its releases and the compiled release")
    @APIResponse(responseCode = "200", description = "Record package")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "400", description = "Malformed ocid")
    @APIResponse(responseCode = "404", description = "No such ocid")
    public Response recordPackage(@PathParam("ocid") String ocid, @Context Request request) {
        List<OcdsRelease> rows = feed.releases(checked("ocid", ocid));
        return conditional(request, "r" + tag(rows), last(rows), feed.recordPackage(ocid, rows), JSON);
    }

    @GET
    @Path("/bulk")
    @Produces(JSON)
    @Operation(summary = "The bulk files: one zipped release package per day (Beijing date), and CSV files")
    @APIResponse(responseCode = "200", description = "File list")
    public Map<String, Object> files() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days", bulk.days().stream().map(d -> "/api/ocds/bulk/releases/" + d + ".zip").toList());
        m.put("csv", List.of("/api/ocds/bulk/tenders.csv", "/api/ocds/bulk/lots.csv", "/api/ocds/bulk/awards.csv",
                "/api/ocds/bulk/contracts.csv"));
        return m;
    }

    @GET
    @Path("/bulk/releases/{day}.zip")
    @Produces("application/zip")
    @Operation(summary = "The release package of one day (YYYY-MM-DD, Beijing time), zipped")
    @APIResponse(responseCode = "200", description = "Zip with <day>.json")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match / If-Modified-Since)")
    @APIResponse(responseCode = "404", description = "No releases that day")
    @APIResponse(responseCode = "422", description = "Not a date")
    public Response day(@PathParam("day") String day, @Context Request request) {
        BulkFiles.File f = bulk.day(Bounds.date("day", day));
        return conditional(request, f.etag(), f.lastModified(), f.bytes(), "application/zip");
    }

    @GET
    @Path("/bulk/{table}.csv")
    @Produces("text/csv;charset=UTF-8")
    @Operation(summary = "CSV of tenders, lots, awards or contracts (compiled releases), UTF-8")
    @APIResponse(responseCode = "200", description = "CSV")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match / If-Modified-Since)")
    @APIResponse(responseCode = "404", description = "No such table")
    public Response csv(@PathParam("table") String table, @Context Request request) {
        BulkFiles.Table t = switch (table) {
            case "tenders" -> BulkFiles.Table.TENDERS;
            case "lots" -> BulkFiles.Table.LOTS;
            case "awards" -> BulkFiles.Table.AWARDS;
            case "contracts" -> BulkFiles.Table.CONTRACTS;
            default -> throw cn.sunlight.common.ProblemException.notFound("CSV file", table.length() > 40 ? table.substring(0, 40) : table);
        };
        BulkFiles.Validators v = bulk.csvValidators(t);
        return conditional(request, v.etag(), v.lastModified(), () -> bulk.csv(t).bytes(), "text/csv;charset=UTF-8");
    }

    private static String checked(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw Bounds.refusal(400, field, "format", Text.of("标识只能由字母、数字、“-”“_”“.”组成（至多 160 个字符）",
                    "an identifier is letters, digits, '-', '_' and '.' (at most 160 characters)"));
        }
        return id;
    }

    private static String tag(List<OcdsRelease> rows) {
        return cn.sunlight.common.CanonicalJson.sha256Hex(String.join(",", rows.stream().map(r -> r.bodySha256).toList())).substring(0, 32);
    }

    private static Instant last(List<OcdsRelease> rows) {
        return rows.stream().map(r -> r.releasedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** 304 when the client's copy is current (If-None-Match, else If-Modified-Since), else the entity with its validators. */
    private static Response conditional(Request request, String etag, Instant lastModified, Object entity, String type) {
        return conditional(request, etag, lastModified, () -> entity, type);
    }

    private static Response conditional(Request request, String etag, Instant lastModified, java.util.function.Supplier<Object> entity,
                                        String type) {
        EntityTag tag = new EntityTag(etag);
        Date modified = Date.from(Instant.ofEpochSecond(lastModified.getEpochSecond()));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(modified, tag);
        if (notModified != null) {
            return notModified.tag(tag).lastModified(modified).build();
        }
        return Response.ok(entity.get(), type).tag(tag).lastModified(modified).header("Cache-Control", "public, max-age=60").build();
    }
}
