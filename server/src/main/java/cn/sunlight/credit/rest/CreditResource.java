package cn.sunlight.credit.rest;

import cn.sunlight.account.Organisation;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.page.PageParams;
import cn.sunlight.common.page.PagedResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.credit.CreditRecord;
import cn.sunlight.credit.service.CreditEntries;
import cn.sunlight.credit.service.CreditEvidence;
import cn.sunlight.credit.service.CreditImport;
import cn.sunlight.credit.service.CreditRegistry;
import cn.sunlight.rules.TradeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static cn.sunlight.common.Role.Names.OPERATOR;
import static cn.sunlight.common.Role.Names.SUPERVISOR;
import static cn.sunlight.common.Role.Names.TENDERER;
import static cn.sunlight.common.Role.Names.AGENT;

@Path("/api")
@Tag(name = "Credit", description = "Credit records and the blacklist (信用记录、禁止参加名单); the checks stored with each tender")
@SecurityRequirement(name = "jwt")
public class CreditResource {

    private final CreditRegistry registry;
    private final CreditImport imports;
    private final CreditEvidence evidence;
    private final PlatformClock clock;

    public CreditResource(CreditRegistry registry, CreditImport imports, CreditEvidence evidence, PlatformClock clock) {
        this.registry = registry;
        this.imports = imports;
        this.evidence = evidence;
        this.clock = clock;
    }

    /** {@code validFrom}/{@code validUntil}: first and last day (Beijing dates, inclusive) of a debarment. */
    public record RecordInput(@Size(max = 128) String sourceRef, @Size(max = 18) String creditCode, @Size(max = 200) String organisationName,
                              CreditRecord.Kind kind, @Size(max = 128) String decisionNo, @Size(max = 10) String decisionDate,
                              @Size(max = 200) String authority, @Size(max = 200) String legalBasis, @Size(max = 2000) String summary,
                              @Size(max = 10) String validFrom, @Size(max = 10) String validUntil, @Size(max = 3) Set<TradeType> scope) {
        CreditEntries.Entry entry() {
            return new CreditEntries.Entry(sourceRef, creditCode, organisationName, kind, decisionNo, decisionDate, authority,
                    legalBasis, summary, validFrom, validUntil, scope);
        }
    }

    public record ImportInput(@Size(max = 64) String source, @Size(max = 5000) List<RecordInput> records) {
    }

    public record LiftInput(@NotNull @Size(max = 500) String reason) {
    }

    public record RecordView(Long id, String creditCode, String organisationName, CreditRecord.Kind kind, String source,
                             String sourceRef, String decisionNo, LocalDate decisionDate, String authority, String legalBasis,
                             String summary, LocalDate validFrom, LocalDate validUntil, Set<TradeType> scope, boolean inForce,
                             Instant recordedAt, Instant updatedAt, Instant liftedAt, String liftReason, String contentSha256) {
        static RecordView of(CreditRecord r, Instant now) {
            java.time.ZoneId bj = java.time.ZoneId.of("Asia/Shanghai");
            boolean debarment = r.kind == CreditRecord.Kind.DEBARMENT;
            return new RecordView(r.id, r.creditCode, r.organisationName, r.kind, r.source, r.sourceRef, r.decisionNo, r.decisionDate,
                    r.authority, r.legalBasis, r.summary, debarment ? r.validFrom.atZone(bj).toLocalDate() : null,
                    debarment ? r.validUntil.atZone(bj).toLocalDate().minusDays(1) : null, debarment ? r.scopeSet() : null,
                    debarment && !r.lifted() && !now.isBefore(r.validFrom) && now.isBefore(r.validUntil),
                    r.recordedAt, r.updatedAt, r.liftedAt, r.liftReason, r.contentSha256);
        }
    }

    public record CheckView(Long id, Long tenderId, Long organisationId, String organisation, String creditCode,
                            CreditCheck.Stage stage, Instant checkedAt, String checkedBy, CreditCheck.Result result,
                            Long decisiveRecordId, JsonNode consulted) {
        static CheckView of(CreditCheck c) {
            JsonNode consulted;
            try {
                consulted = CanonicalJson.mapper().readTree(c.consulted);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored evidence of check " + c.id + " is not JSON", e);
            }
            return new CheckView(c.id, c.tenderId, c.organisationId, Organisation.<Organisation>findById(c.organisationId).name,
                    c.creditCode, c.stage, c.checkedAt, c.checkedBy, c.result, c.decisiveRecordId, consulted);
        }
    }

    @POST
    @Path("/credit/records")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Record a conduct record or a debarment (blacklist entry) of an organisation")
    @APIResponse(responseCode = "201", description = "Recorded (audited)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RecordView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "403", description = "Not a supervisor or operator (problem+json)")
    @APIResponse(responseCode = "409", description = "A record with this sourceRef exists (problem+json)")
    @APIResponse(responseCode = "422", description = "A field refused (problem+json naming it)")
    public RestResponse<RecordView> create(@Valid @NotNull RecordInput input) {
        RecordView v = RecordView.of(registry.create(input.entry()), clock.now());
        return Created.at("/api/credit/records/" + v.id(), v);
    }

    @GET
    @Path("/credit/records")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Credit records newest first, optionally of one credit code or kind, one page at a time")
    @APIResponse(responseCode = "200", description = "Records (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = RecordView.class)))
    @APIResponse(responseCode = "400", description = "limit, cursor or kind refused (problem+json naming it)")
    @APIResponse(responseCode = "403", description = "Not a supervisor or operator (problem+json)")
    public Response list(@QueryParam("creditCode") String creditCode, @QueryParam("kind") CreditRecord.Kind kind,
                         @BeanParam PageParams page, @Context UriInfo uri) {
        Instant now = clock.now();
        return PagedResponse.of(registry.page(page.request(), creditCode, kind).map(r -> RecordView.of(r, now)), uri);
    }

    @GET
    @Path("/credit/records/{id}")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "One credit record")
    @APIResponse(responseCode = "200", description = "The record")
    @APIResponse(responseCode = "404", description = "No such record (problem+json)")
    public RecordView one(@PathParam("id") long id) {
        return RecordView.of(registry.read(id), clock.now());
    }

    @POST
    @Path("/credit/records/{id}/lift")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Lift a record before its time (decision annulled or revoked), with the reason; the record stays")
    @APIResponse(responseCode = "200", description = "Lifted (audited)")
    @APIResponse(responseCode = "404", description = "No such record (problem+json)")
    @APIResponse(responseCode = "409", description = "Already lifted (problem+json)")
    @APIResponse(responseCode = "422", description = "No reason (problem+json naming reason)")
    public RecordView lift(@PathParam("id") long id, @Valid @NotNull LiftInput input) {
        return RecordView.of(registry.lift(id, input.reason()), clock.now());
    }

    @POST
    @Path("/credit/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Import external records (JSON: {source, records[]}); idempotent on (source, sourceRef)")
    @APIResponse(responseCode = "200", description = "Counts of created, updated and unchanged records, and their ids in order",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreditImport.Summary.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor or operator (problem+json)")
    @APIResponse(responseCode = "422", description = "A row refused: nothing imported (problem+json naming records[i].field)")
    public CreditImport.Summary importJson(@Valid @NotNull ImportInput input) {
        return imports.importRecords(input.source(), input.records() == null ? null
                : input.records().stream().map(r -> r == null ? null : r.entry()).toList());
    }

    @POST
    @Path("/credit/import")
    @Consumes("text/csv")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Import external records as CSV (header row; columns in README) from ?source=; idempotent on (source, sourceRef)")
    @APIResponse(responseCode = "200", description = "Counts of created, updated and unchanged records, and their ids in order",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreditImport.Summary.class)))
    @APIResponse(responseCode = "403", description = "Not a supervisor or operator (problem+json)")
    @APIResponse(responseCode = "422", description = "A row or the header refused: nothing imported (problem+json naming it)")
    public CreditImport.Summary importCsv(@QueryParam("source") String source, byte[] csv) {
        return imports.importCsv(source, csv);
    }

    @GET
    @Path("/tenders/{id}/credit-checks")
    @RolesAllowed({SUPERVISOR, OPERATOR, TENDERER, AGENT})
    @Operation(summary = "The credit checks of a tender (registration, submission, award) with the records consulted, newest first")
    @APIResponse(responseCode = "200", description = "Checks (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = CheckView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    @APIResponse(responseCode = "403", description = "Not the tender's host, a supervisor or operator (problem+json)")
    @APIResponse(responseCode = "404", description = "No such tender (problem+json)")
    @APIResponse(responseCode = "409", description = "The host asked before the opening: who tried to take part is confidential (problem+json)")
    public Response checks(@PathParam("id") long id, @BeanParam PageParams page, @Context UriInfo uri) {
        return PagedResponse.of(evidence.ofTender(id, page.request()).map(CheckView::of), uri);
    }
}
