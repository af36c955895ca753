package cn.sunlight.entrustment.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.entrustment.Entrustment;
import cn.sunlight.entrustment.service.EntrustmentService;
import cn.sunlight.rules.TradeType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static cn.sunlight.common.Role.Names.*;

@Path("/api/entrustments")
@Tag(name = "Entrustments", description = "Tendering units entrust agents (委托代理): scope and period")
@SecurityRequirement(name = "jwt")
public class EntrustmentResource {

    private final EntrustmentService entrustments;
    private final PlatformClock clock;

    public EntrustmentResource(EntrustmentService entrustments, PlatformClock clock) {
        this.entrustments = entrustments;
        this.clock = clock;
    }

    /** {@code tenderingUnitId}: only the operator names it (a tenderer entrusts for its own unit). */
    public record NewEntrustment(Long tenderingUnitId, @NotNull @Size(min = 18, max = 18) String agentCreditCode,
                                 Long projectId, @Size(max = 3) Set<TradeType> tradeTypes, Instant validFrom,
                                 @NotNull Instant validUntil) {
    }

    public record EntrustmentView(Long id, Long tenderingUnitId, String tenderingUnit, Long agentId, String agent,
                                  String agentCreditCode, Long projectId, String projectCode, Set<TradeType> tradeTypes,
                                  Instant validFrom, Instant validUntil, Instant grantedAt, Instant revokedAt, boolean inForce) {
        public static EntrustmentView of(Entrustment e, Instant now) {
            return new EntrustmentView(e.id, e.tenderingUnit.id, e.tenderingUnit.name, e.agent.id, e.agent.name,
                    e.agent.creditCode, e.project == null ? null : e.project.id, e.project == null ? null : e.project.code,
                    e.tradeTypeSet(), e.validFrom, e.validUntil, e.grantedAt, e.revokedAt, e.inForceAt(now));
        }
    }

    @POST
    @RolesAllowed({TENDERER, OPERATOR})
    @Operation(summary = "Entrust an agent with the unit's projects (all, or one project; all or some trade types) for a period")
    @APIResponse(responseCode = "201", description = "Recorded (audited)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EntrustmentView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "403", description = "Not the unit's tenderer nor an operator (problem+json)")
    @APIResponse(responseCode = "422", description = "Unknown agent or unit, foreign project, bad period (problem+json naming the field)")
    public RestResponse<EntrustmentView> grant(@Valid @NotNull NewEntrustment r) {
        Entrustment e = entrustments.grant(new EntrustmentService.Grant(r.tenderingUnitId(), r.agentCreditCode(),
                r.projectId(), r.tradeTypes(), r.validFrom(), r.validUntil()));
        return Created.at("/api/entrustments", EntrustmentView.of(e, clock.now()));
    }

    @GET
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Entrustments: a unit's own, those naming the agent, or all (operators, supervisors)")
    @APIResponse(responseCode = "200", description = "Entrustments, newest first (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = EntrustmentView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response list(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                                            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        Instant now = clock.now();
        return cn.sunlight.common.page.PagedResponse.of(entrustments.visible(page.request()).map(e -> EntrustmentView.of(e, now)), uri);
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed({TENDERER, OPERATOR})
    @Operation(summary = "Revoke an entrustment; the agent is stopped at its next request")
    @APIResponse(responseCode = "200", description = "Revoked (audited)")
    @APIResponse(responseCode = "404", description = "No such entrustment of the caller's unit (problem+json)")
    @APIResponse(responseCode = "409", description = "Already revoked (problem+json)")
    public EntrustmentView revoke(@PathParam("id") long id) {
        return EntrustmentView.of(entrustments.revoke(id), clock.now());
    }
}
