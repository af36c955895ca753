package cn.sunlight.supervision.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.common.Role;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.Complaint;
import cn.sunlight.supervision.service.SupervisionService;
import cn.sunlight.tender.TenderStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import cn.sunlight.common.page.PageParams;
import cn.sunlight.common.page.PagedResponse;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Path("/api")
@Tag(name = "Supervision", description = "The supervision authority's desk: trades, alerts, complaints, time travel")
@SecurityRequirement(name = "jwt")
public class SupervisionResource {

    private final SupervisionService supervision;
    private final cn.sunlight.common.RequestActor actor;

    public SupervisionResource(SupervisionService supervision, cn.sunlight.common.RequestActor actor) {
        this.supervision = supervision;
        this.actor = actor;
    }

    public record ComplaintInput(@NotBlank @Size(max = 200) String subject, @NotBlank String text) {
    }

    public record DecisionInput(@NotBlank String decision) {
    }

    public record ComplaintView(Long id, Long tenderId, String tenderCode, String organisation, String subject, String text,
                                Instant receivedAt, Instant acceptDueAt, Instant acceptedAt, Instant decideDueAt,
                                String decision, Instant decidedAt) {
        static ComplaintView of(Complaint c) {
            return new ComplaintView(c.id, c.tender.id, c.tender.code, c.organisation.name, c.subject, c.text, c.receivedAt,
                    c.acceptDueAt, c.acceptedAt, c.decideDueAt, c.decision, c.decidedAt);
        }
    }

    public record AlertView(Alert.Level level, String kind, Long tenderId, String tenderCode, String message, Instant due,
                            String rule, String citation, Map<String, Object> evidence) {
        static AlertView of(Alert a, Locale locale) {
            return new AlertView(a.level(), a.kind(), a.tenderId(), a.tenderCode(), a.message().in(locale), a.due(), a.rule(),
                    a.citation(), a.evidence());
        }
    }

    public record TradeView(Long tenderId, String code, String title, TradeType tradeType, TenderMethod method,
                            TenderStatus stage, String stageLabel, Instant bidDeadline, long openObjections,
                            long openComplaints, List<AlertView> alerts) {
    }

    public record EventView(Long id, Instant occurredAt, String actor, String role, String organisation, String clientAddress,
                            String action, String stateHash) {
        static EventView of(AuditEvent e) {
            return new EventView(e.id, e.occurredAt, e.actor, e.actorRole, e.organisation, e.clientAddress, e.action, e.stateHash);
        }
    }

    public record MomentView(long tenderId, Instant at, Map<String, Object> state, List<EventView> events) {
    }

    @POST
    @Path("/tenders/{id}/complaints")
    @RolesAllowed(Role.Names.BIDDER)
    @Operation(summary = "File a complaint with the supervision authority (投诉)")
    @APIResponse(responseCode = "201", description = "Received; the acceptance deadline is set from the rules",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ComplaintView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    public RestResponse<ComplaintView> complain(@PathParam("id") long id, @Valid @NotNull ComplaintInput input) {
        return Created.at("/api/supervision/complaints", ComplaintView.of(supervision.complain(id, input.subject(), input.text())));
    }

    @GET
    @Path("/supervision/complaints")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "Complaints received and their handling, one page at a time")
    @APIResponse(responseCode = "200", description = "Complaints, newest first (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = ComplaintView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public Response complaints(@BeanParam PageParams page, @Context UriInfo uri) {
        return PagedResponse.of(supervision.complaints(page.request()).map(ComplaintView::of), uri);
    }

    @POST
    @Path("/supervision/complaints/{id}/accept")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "Accept a complaint (受理); the decision deadline is set from the rules")
    @APIResponse(responseCode = "200", description = "Accepted")
    public ComplaintView accept(@PathParam("id") long id) {
        return ComplaintView.of(supervision.accept(id));
    }

    @POST
    @Path("/supervision/complaints/{id}/decide")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "Decide an accepted complaint")
    @APIResponse(responseCode = "200", description = "Decided")
    public ComplaintView decide(@PathParam("id") long id, @Valid @NotNull DecisionInput input) {
        return ComplaintView.of(supervision.decide(id, input.decision()));
    }

    @GET
    @Path("/supervision/trades")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "The trades in progress with their stage and alerts, one page at a time (newest first)")
    @APIResponse(responseCode = "200", description = "Trades (a JSON array; paging in the Link, X-Next-Cursor and X-Total-Count headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = TradeView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public Response trades(@BeanParam PageParams page, @Context UriInfo uri) {
        Locale locale = actor.locale();
        return PagedResponse.of(supervision.trades(page.request()).map(tr -> new TradeView(tr.tender().id, tr.tender().code, tr.tender().title,
                tr.tender().tradeType, tr.tender().method, tr.tender().status, tr.tender().status.label().zh(),
                tr.tender().schedule.bidDeadline, tr.openObjections(), tr.openComplaints(),
                tr.alerts().stream().map(a -> AlertView.of(a, locale)).toList())), uri);
    }

    @GET
    @Path("/supervision/alerts")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "Yellow/red alerts: legal time limits near or past, collusion signals with evidence, one page at a time")
    @APIResponse(responseCode = "200", description = "Alerts, red first, then the nearest limit first (a JSON array; paging in the"
            + " Link and X-Next-Cursor headers; X-Red-Count and X-Yellow-Count: how many stand in all, X-Counts-Exact false"
            + " when they stopped at " + SupervisionService.COUNT_CAP + ")",
            content = @Content(mediaType = "application/json", schema = @Schema(
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "limit, cursor or tender refused (problem+json naming it)")
    public Response alerts(@BeanParam PageParams page,
                           @QueryParam("tender") @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(
                                   description = "only this tender's alerts") String tender, @Context UriInfo uri) {
        Locale locale = actor.locale();
        var found = supervision.alerts(page.request(), tender == null || tender.isBlank() ? null
                : cn.sunlight.common.input.Bounds.integer("tender", tender, 1, Long.MAX_VALUE));
        return Response.fromResponse(PagedResponse.of(found.page().map(a -> AlertView.of(a, locale)), uri))
                .header("X-Red-Count", found.red()).header("X-Yellow-Count", found.yellow())
                .header("X-Counts-Exact", found.countsExact()).build();
    }

    @GET
    @Path("/supervision/tenders/{id}/as-of")
    @RolesAllowed(Role.Names.SUPERVISOR)
    @Operation(summary = "Time travel: the tender as it stood at an instant, rebuilt from its audit events")
    @APIResponse(responseCode = "200", description = "State and events up to the instant")
    @APIResponse(responseCode = "404", description = "The tender did not exist yet")
    public MomentView asOf(@PathParam("id") long id, @QueryParam("at") @NotNull Instant at) {
        var m = supervision.asOf(id, at);
        return new MomentView(m.tenderId(), m.at(), m.state(), m.events().stream().map(EventView::of).toList());
    }
}
