package cn.sunlight.sandbox.rest;

import cn.sunlight.sandbox.service.SandboxClocks;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

import static cn.sunlight.common.Role.Names.*;

@Path("/api/sandbox")
@Tag(name = "Sandbox", description = "Sandbox tenders: the same platform on an accelerated clock, for training and integration")
@SecurityRequirement(name = "jwt")
public class SandboxResource {

    private final SandboxClocks sandbox;

    public SandboxResource(SandboxClocks sandbox) {
        this.sandbox = sandbox;
    }

    public record FactorInput(@NotNull @Min(1) @Max(1_000_000) Long factor) {
    }

    public record ResetView(int reset) {
    }

    @GET
    @Path("/tenders")
    @PermitAll
    @Operation(summary = "The sandbox's own list of tenders (never mixed into the public lists)")
    @APIResponse(responseCode = "200", description = "Sandbox tenders not reset, newest first (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = TenderView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response list(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                              @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        return cn.sunlight.common.page.PagedResponse.of(sandbox.list(page.request()).map(TenderView::of), uri);
    }

    @GET
    @Path("/tenders/{id}/clock")
    @PermitAll
    @Operation(summary = "A sandbox tender's clock: its speed and its current time")
    @APIResponse(responseCode = "200", description = "The clock")
    @APIResponse(responseCode = "404", description = "No such sandbox tender")
    public SandboxClocks.ClockView clock(@PathParam("id") long id) {
        return sandbox.clock(id);
    }

    @PUT
    @Path("/tenders/{id}/clock")
    @RolesAllowed({TENDERER, AGENT, OPERATOR})
    @Operation(summary = "Change a sandbox tender's speed (continuous: sandbox time neither jumps nor runs back)")
    @APIResponse(responseCode = "200", description = "The clock at its new speed")
    @APIResponse(responseCode = "422", description = "Factor missing or out of range (problem+json naming the field)")
    @APIResponse(responseCode = "403", description = "Not the host nor an operator")
    @APIResponse(responseCode = "404", description = "No such sandbox tender")
    public SandboxClocks.ClockView setClock(@PathParam("id") long id, @Valid @NotNull FactorInput input) {
        return sandbox.setFactor(id, input.factor());
    }

    @POST
    @Path("/reset")
    @RolesAllowed(OPERATOR)
    @Operation(summary = "Reset the sandbox: every sandbox tender is hidden and its timer removed; its audit events stay")
    @APIResponse(responseCode = "200", description = "How many sandbox tenders were reset")
    public ResetView reset() {
        return new ResetView(sandbox.reset());
    }
}
