package cn.sunlight.tender.rest;

import cn.sunlight.tender.Invitation;
import cn.sunlight.tender.service.InvitationService;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

import static cn.sunlight.common.Role.Names.AGENT;
import static cn.sunlight.common.Role.Names.BIDDER;
import static cn.sunlight.common.Role.Names.TENDERER;

@Path("/api")
@Tag(name = "Invitations", description = "邀请招标: invitees, their signed invitation letters, public after the award")
@SecurityRequirement(name = "jwt")
public class InvitationResource {

    private final InvitationService invitations;

    public InvitationResource(InvitationService invitations) {
        this.invitations = invitations;
    }

    public record InviteesInput(@NotNull @Size(max = 100) List<@Size(max = 18) String> creditCodes) {
    }

    public record InvitationView(Long organisationId, String organisation, String creditCode, Instant namedAt, Instant letterIssuedAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(i.organisation.id, i.organisation.name, i.organisation.creditCode, i.namedAt, i.letterIssuedAt);
        }
    }

    @PUT
    @Path("/tenders/{id}/invitations")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Name the invitees of a draft of an inviting method (replaces the list; at least min-invitees to publish)")
    @APIResponse(responseCode = "200", description = "The invitees (audited by number only)")
    @APIResponse(responseCode = "403", description = "Not the tender's host (problem+json)")
    @APIResponse(responseCode = "409", description = "Not a draft (problem+json)")
    @APIResponse(responseCode = "422", description = "Not an inviting method, an unknown or repeated supplier (problem+json naming creditCodes[i])")
    public List<InvitationView> name(@PathParam("id") long id, @Valid @NotNull InviteesInput input) {
        return invitations.name(id, input.creditCodes()).stream().map(InvitationView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/invitations")
    @PermitAll
    @Operation(summary = "Who was invited: the host, operators and supervisors at any time, everyone once the tender is awarded")
    @APIResponse(responseCode = "200", description = "The invitees with the time their letter was issued")
    @APIResponse(responseCode = "404", description = "No such tender (problem+json)")
    @APIResponse(responseCode = "409", description = "Confidential until the award (problem+json)")
    public List<InvitationView> list(@PathParam("id") long id) {
        return invitations.list(id).stream().map(InvitationView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/invitation.pdf")
    @RolesAllowed(BIDDER)
    @Produces("application/pdf")
    @Operation(summary = "The caller's own signed invitation letter (投标邀请书)")
    @APIResponse(responseCode = "200", description = "PDF signed PAdES B-T")
    @APIResponse(responseCode = "404", description = "Not invited, or not issued yet (problem+json)")
    public Response letter(@PathParam("id") long id) {
        return Response.ok(invitations.ownLetter(id), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"invitation-" + id + ".pdf\"").build();
    }
}
