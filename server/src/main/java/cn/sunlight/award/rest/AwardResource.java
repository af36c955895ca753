package cn.sunlight.award.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.award.Award;
import cn.sunlight.award.BondRefund;
import cn.sunlight.award.Publicity;
import cn.sunlight.award.service.AwardService;
import cn.sunlight.tender.Objection;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
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
import java.util.List;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Award", description = "Candidate publicity, award notice and result announcement, contract and bid-bond refunds")
@SecurityRequirement(name = "jwt")
public class AwardResource {

    private final AwardService awards;
    private final cn.sunlight.award.service.AwardFallback fallback;

    public AwardResource(AwardService awards, cn.sunlight.award.service.AwardFallback fallback) {
        this.awards = awards;
        this.fallback = fallback;
    }

    public record FailureInput(@NotNull Award.Failure reason, @NotBlank @jakarta.validation.constraints.Size(max = 2000) String note,
                               @jakarta.validation.constraints.Size(max = 700_000) String evidence,
                               cn.sunlight.award.service.AwardFallback.Next next) {
    }

    public record HistoryView(long id, int lot, int rank, long bidId, long winnerId, String winner, BigDecimal price, Instant awardedAt,
                              String noticeSha256, Instant contractedAt, Instant failedAt, Award.Failure failureReason,
                              String failureNote, String failureEvidenceSha256) {
        static HistoryView of(Award a) {
            return new HistoryView(a.id, a.lotNumber, a.candidateRank, a.bidId, a.winner.id, a.winner.name, a.price, a.awardedAt,
                    a.noticeSha256, a.contractedAt, a.failedAt, a.failureReason, a.failureNote, a.failureEvidenceSha256);
        }
    }

    public record FallbackView(HistoryView failed, AwardView next, Long rerunTenderId, String rerunCode) {
    }

    public record PublicityState(long tenderId, Instant reportAt, Instant publishDueAt, Instant publishedAt, Instant endsAt) {
        static PublicityState of(Publicity p) {
            return new PublicityState(p.tenderId, p.reportAt, p.publishDueAt, p.publishedAt, p.endsAt);
        }
    }

    public record ObjectionInput(@NotBlank String subject, @NotBlank String text) {
    }

    public record ObjectionView(long id, String subject, Instant raisedAt, Instant answerDueAt) {
        static ObjectionView of(Objection o) {
            return new ObjectionView(o.id, o.subject, o.raisedAt, o.answerDueAt);
        }
    }

    public record AwardView(long id, int lot, long bidId, long winnerId, String winner, BigDecimal price, Instant awardedAt,
                            String noticeSha256, Instant contractDueAt, BigDecimal contractAmount, BigDecimal performanceBond,
                            Instant contractedAt) {
        public static AwardView of(Award a) {
            return new AwardView(a.id, a.lotNumber, a.bidId, a.winner.id, a.winner.name, a.price, a.awardedAt, a.noticeSha256,
                    a.contractDueAt, a.contractAmount, a.performanceBond, a.contractedAt);
        }
    }

    public record ContractInput(@NotNull @Positive BigDecimal amount, BigDecimal performanceBond) {
    }

    public record BondView(long organisationId, String organisation, BigDecimal amount, Instant paidAt, Instant dueAt,
                           Instant refundedAt, BigDecimal interest) {
    }

    @POST
    @Path("/tenders/{id}/publicity")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Publish the ranked candidates (公示); the publicity lasts at least publicity-min-duration")
    @APIResponse(responseCode = "200", description = "Published")
    @APIResponse(responseCode = "409", description = "No evaluation report yet, or already published")
    public PublicityState publish(@PathParam("id") long id) {
        return PublicityState.of(awards.publish(id));
    }

    @GET
    @Path("/tenders/{id}/publicity")
    @PermitAll
    @Operation(summary = "The candidate publicity: period and ranked candidates (top 3 per lot)")
    @APIResponse(responseCode = "200", description = "Publicity")
    @APIResponse(responseCode = "404", description = "Not published")
    public AwardService.PublicityView publicity(@PathParam("id") long id) {
        return awards.publicity(id);
    }

    @POST
    @Path("/tenders/{id}/publicity/objections")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Object to the evaluation result during the publicity; the award is suspended until answered "
            + "(answer at POST /api/tenders/{id}/objections/{objectionId}/answer)")
    @APIResponse(responseCode = "201", description = "Raised; the tender is suspended",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ObjectionView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "409", description = "Not during the publicity")
    public RestResponse<ObjectionView> object(@PathParam("id") long id, @Valid @NotNull ObjectionInput input) {
        return Created.at("/api/tenders/" + id + "/objections", ObjectionView.of(awards.object(id, input.subject(), input.text())));
    }

    @POST
    @Path("/tenders/{id}/award")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Award each lot to its first-ranked candidate once the publicity has run without pending objections; "
            + "issues the signed award notices and the result announcement")
    @APIResponse(responseCode = "200", description = "Awards")
    @APIResponse(responseCode = "409", description = "Publicity running, tender suspended by an objection, or not in publicity")
    public List<AwardView> award(@PathParam("id") long id) {
        return awards.award(id).stream().map(AwardView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/award")
    @PermitAll
    @Operation(summary = "The awards of a tender: winners, contract deadlines and contracts")
    @APIResponse(responseCode = "200", description = "Awards (empty before the award)")
    public List<AwardView> awarded(@PathParam("id") long id) {
        return awards.awards(id).stream().map(AwardView::of).toList();
    }

    @POST
    @Path("/tenders/{id}/award/lots/{lot}/failure")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Record that the award of a lot failed (declined, not signed, no performance bond, disqualified) with "
            + "evidence (base64, optional); the next ranked candidate is awarded with a new signed notice, or (next=RERUN, or "
            + "no candidate left within award-fallback-max-rank) the tender fails and a linked re-run draft is created")
    @APIResponse(responseCode = "200", description = "The failed award and what followed")
    @APIResponse(responseCode = "400", description = "Evidence not base64")
    @APIResponse(responseCode = "404", description = "No standing award of the lot")
    @APIResponse(responseCode = "409", description = "Not awarded, contract already signed, or already failed")
    public FallbackView fail(@PathParam("id") long id, @PathParam("lot") int lot, @Valid @NotNull FailureInput input) {
        var o = fallback.fail(id, lot, input.reason(), input.note(), cn.sunlight.award.service.AwardFallback.evidence(input.evidence()),
                input.next() == null ? cn.sunlight.award.service.AwardFallback.Next.NEXT_CANDIDATE : input.next());
        return new FallbackView(HistoryView.of(o.failed()), o.next() == null ? null : AwardView.of(o.next()),
                o.rerun() == null ? null : o.rerun().id, o.rerun() == null ? null : o.rerun().code);
    }

    @GET
    @Path("/tenders/{id}/award/history")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Every award of the tender, failed ones with reason and evidence: host, operators and supervisors")
    @APIResponse(responseCode = "200", description = "Awards in the order made")
    @APIResponse(responseCode = "403", description = "Not the host or an overseer")
    public List<HistoryView> history(@PathParam("id") long id) {
        return fallback.history(id).stream().map(HistoryView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/award/lots/{lot}/notice.pdf")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces("application/pdf")
    @Operation(summary = "The signed award notice (中标通知书) of a lot: the winner, the host and supervisors")
    @APIResponse(responseCode = "200", description = "PDF signed PAdES B-T")
    public Response notice(@PathParam("id") long id, @PathParam("lot") int lot) {
        return Response.ok(awards.notice(id, lot), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"award-notice-" + id + "-" + lot + ".pdf\"").build();
    }

    @GET
    @Path("/tenders/{id}/award/announcement.pdf")
    @PermitAll
    @Produces("application/pdf")
    @Operation(summary = "The signed result announcement (中标结果公告)")
    @APIResponse(responseCode = "200", description = "PDF signed PAdES B-T")
    public Response announcement(@PathParam("id") long id) {
        return Response.ok(awards.announcement(id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"award-announcement-" + id + ".pdf\"").build();
    }

    @POST
    @Path("/tenders/{id}/award/lots/{lot}/contract")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Record the signed contract of a lot (within contract-within of the award notice); the bond refunds fall due")
    @APIResponse(responseCode = "200", description = "Recorded; the tender is CONTRACTED once every lot is")
    @APIResponse(responseCode = "422", description = "Performance bond above performance-bond-max-percent")
    public AwardView contract(@PathParam("id") long id, @PathParam("lot") int lot, @Valid @NotNull ContractInput input) {
        return AwardView.of(awards.contract(id, lot, input.amount(), input.performanceBond()));
    }

    @GET
    @Path("/tenders/{id}/bonds")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Bid bonds to refund: due dates against bond-refund-within and the interest due (a bidder sees its own)")
    @APIResponse(responseCode = "200", description = "Bonds")
    public List<BondView> bonds(@PathParam("id") long id) {
        return awards.bonds(id).stream().map(this::view).toList();
    }

    @POST
    @Path("/tenders/{id}/bonds/{organisationId}/refund")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Record the refund of a bidder's bond with the demand-deposit interest")
    @APIResponse(responseCode = "200", description = "Refunded")
    public BondView refund(@PathParam("id") long id, @PathParam("organisationId") long organisationId) {
        return view(awards.refund(id, organisationId));
    }

    private BondView view(BondRefund b) {
        return new BondView(b.organisation.id, b.organisation.name, b.amount, b.paidAt, b.dueAt, b.refundedAt,
                b.refunded() ? b.interest : awards.interestToDate(b));
    }
}
