package cn.sunlight.opening.rest;

import cn.sunlight.opening.OpenedBid;
import cn.sunlight.opening.OpeningConfirmation;
import cn.sunlight.opening.OpeningSession;
import cn.sunlight.opening.service.OpeningRecords;
import cn.sunlight.opening.service.OpeningService;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Opening", description = "The online bid opening (不见面开标); live view at ws /ws/tenders/{id}/opening")
@SecurityRequirement(name = "jwt")
public class OpeningResource {

    private final OpeningService openings;
    private final OpeningRecords records;
    public OpeningResource(OpeningService openings, OpeningRecords records) {
        this.openings = openings;
        this.records = records;
    }

    public record SessionView(long tenderId, String stage, Instant startedAt, Instant decryptionEndsAt, Instant readAt,
                              Instant confirmationEndsAt, Instant closedAt, String recordSha256) {
        static SessionView of(OpeningSession s) {
            return new SessionView(s.tenderId, s.stage.name(), s.startedAt, s.decryptionEndsAt, s.readAt, s.confirmationEndsAt,
                    s.closedAt, s.recordSha256);
        }
    }

    public record KeyInput(@NotBlank String contentKey) {
    }

    public record ShareInput(@NotBlank String share) {
    }

    public record ConfirmInput(@NotNull OpeningConfirmation.Kind kind, String text) {
    }

    public record AnswerInput(@NotBlank String answer) {
    }

    public record OpenedView(long bidId, String status, BigDecimal price, String failure, String consequence) {
        static OpenedView of(OpenedBid o) {
            return new OpenedView(o.bidId, o.status.name(), o.price, o.failureReason, o.consequence == null ? null : o.consequence.name());
        }
    }

    @GET
    @Path("/tenders/{id}/opening")
    @PermitAll
    @Operation(summary = "The opening hall: stage, server time, progress and (after reading) the lines read out")
    @APIResponse(responseCode = "200", description = "Hall state")
    @APIResponse(responseCode = "404", description = "No opening yet")
    public OpeningService.HallView hall(@PathParam("id") long id) {
        return openings.hall(id);
    }

    @POST
    @Path("/tenders/{id}/opening/sign-in")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Sign in to the opening hall")
    @APIResponse(responseCode = "200", description = "Signed in")
    public Response signIn(@PathParam("id") long id) {
        openings.signIn(id);
        return Response.ok().build();
    }

    @POST
    @Path("/tenders/{id}/opening/start")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Start the opening: the decryption window opens, or the tender fails with fewer than the minimum bids")
    @APIResponse(responseCode = "200", description = "Started (stage DECRYPTION) or failed (stage FAILED)")
    public SessionView start(@PathParam("id") long id) {
        return SessionView.of(openings.start(id));
    }

    @POST
    @Path("/tenders/{id}/opening/lots/{lot}/key")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Decrypt your bid: hand over the content key your tool unwrapped from your own copy (path 1)")
    @APIResponse(responseCode = "200", description = "Opened or failed (with reason and legal consequence)")
    public OpenedView decrypt(@PathParam("id") long id, @PathParam("lot") int lot, @Valid @NotNull KeyInput input) {
        return OpenedView.of(openings.decryptWithContentKey(id, lot, input.contentKey()));
    }

    @POST
    @Path("/tenders/{id}/opening/shares")
    @RolesAllowed({OPERATOR, SUPERVISOR, TENDERER, AGENT})
    @Operation(summary = "Release your share of the opening key (path 2); at the threshold the key is rebuilt, used and destroyed")
    @APIResponse(responseCode = "200", description = "Shares released so far")
    public Response releaseShare(@PathParam("id") long id, @Valid @NotNull ShareInput input) {
        return Response.ok(java.util.Map.of("released", openings.releaseShare(id, input.share()))).build();
    }

    @POST
    @Path("/tenders/{id}/opening/read-out")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Read out (唱标) after the decryption window or once every bid is opened")
    @APIResponse(responseCode = "200", description = "Stage READING")
    public SessionView readOut(@PathParam("id") long id) {
        return SessionView.of(openings.readOut(id));
    }

    @POST
    @Path("/tenders/{id}/opening/confirmation")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Open the bidders' confirmation window")
    @APIResponse(responseCode = "200", description = "Stage CONFIRMATION")
    public SessionView confirmation(@PathParam("id") long id) {
        return SessionView.of(openings.startConfirmation(id));
    }

    @POST
    @Path("/tenders/{id}/opening/lots/{lot}/confirm")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Confirm your read-out line or object to it")
    @APIResponse(responseCode = "200", description = "Recorded")
    public Response confirm(@PathParam("id") long id, @PathParam("lot") int lot, @Valid @NotNull ConfirmInput input) {
        openings.confirm(id, lot, input.kind(), input.text());
        return Response.ok().build();
    }

    @POST
    @Path("/tenders/{id}/opening/objections/{bidId}/answer")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Answer a bidder's objection at the opening")
    @APIResponse(responseCode = "200", description = "Answered")
    public Response answer(@PathParam("id") long id, @PathParam("bidId") long bidId, @Valid @NotNull AnswerInput input) {
        openings.answerObjection(id, bidId, input.answer());
        return Response.ok().build();
    }

    @POST
    @Path("/tenders/{id}/opening/close")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Close the opening and publish the signed opening record; evaluation follows")
    @APIResponse(responseCode = "200", description = "Stage CLOSED")
    public SessionView close(@PathParam("id") long id) {
        return SessionView.of(openings.close(id));
    }

    @GET
    @Path("/tenders/{id}/opening/record.pdf")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces("application/pdf")
    @Operation(summary = "The signed opening record (participants and supervisors)")
    @APIResponse(responseCode = "200", description = "PDF signed PAdES B-T")
    @APIResponse(responseCode = "403", description = "Not a participant of the tender")
    @APIResponse(responseCode = "404", description = "No record yet")
    public Response record(@PathParam("id") long id) {
        OpeningRecords.Copy copy = records.forParticipant(id);
        return Response.ok(copy.pdf(), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"opening-record-" + copy.tenderCode() + ".pdf\"").build();
    }
}
