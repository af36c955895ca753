package cn.sunlight.evaluation.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.Criterion;
import cn.sunlight.evaluation.EvaluationClarification;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.evaluation.OfBidder;
import cn.sunlight.evaluation.service.CommitteeService;
import cn.sunlight.evaluation.service.EvaluationReport;
import cn.sunlight.evaluation.service.EvaluationScoring;
import cn.sunlight.evaluation.service.ExpertRegistry;
import cn.sunlight.opening.OpenedBid;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.util.Map;
import java.util.Set;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Evaluation", description = "Expert registry, committee draw, online evaluation and the evaluation report (评标)")
@SecurityRequirement(name = "jwt")
public class EvaluationResource {

    private final ExpertRegistry registry;
    private final CommitteeService committees;
    private final EvaluationScoring scoring;
    private final EvaluationReport reports;

    public EvaluationResource(ExpertRegistry registry, CommitteeService committees, EvaluationScoring scoring,
                              EvaluationReport reports) {
        this.registry = registry;
        this.committees = committees;
        this.scoring = scoring;
        this.reports = reports;
    }

    public record ExpertInput(@NotBlank String specialty, Set<Long> linkedOrganisations) {
    }

    public record ExpertView(long userId, String username, String name, Long organisationId, String specialty, Set<Long> linkedOrganisations) {
        static ExpertView of(ExpertRegistry.Expert e) {
            var u = e.account();
            return new ExpertView(e.profile().userId, u.username, u.displayName, u.organisation == null ? null : u.organisation.id,
                    e.profile().specialty, e.profile().linkedOrganisations);
        }
    }

    public record DrawInput(@NotBlank String specialty, Integer size) {
    }

    public record MemberView(long expertId, String name, int drawPosition, boolean active, String replacedReason, Instant replacedAt) {
        static MemberView of(CommitteeMember m) {
            return new MemberView(m.expert.id, m.expert.displayName, m.drawPosition, m.active, m.replacedReason, m.replacedAt);
        }
    }

    public record CommitteeView(long tenderId, String specialty, int size, String serverRandom, String seed, List<Long> candidates,
                                Instant drawnAt, List<Criterion> criteria, Instant concludedAt, String reportSha256,
                                List<MemberView> members) {
        static CommitteeView of(CommitteeService.Seated s) {
            EvaluationCommittee c = s.committee();
            return new CommitteeView(c.tenderId, c.specialty, c.size, c.serverRandom, c.seed, c.candidateIds(), c.drawnAt,
                    s.criteria(), c.concludedAt, c.reportSha256, s.members().stream().map(MemberView::of).toList());
        }
    }

    public record ReasonInput(@NotBlank String reason) {
    }

    public record CriteriaInput(@NotEmpty List<Criterion> criteria) {
    }

    /** {@code bond}: the check made before decryption (PAID, GUARANTEED, MISSING), null when no bond was required. */
    public record BidView(long bidId, int lot, String bidder, BigDecimal price, String openingForm, String bond) {
        static BidView of(OpenedBid o) {
            return new BidView(o.bidId, o.bid.lot.number, o.bid.organisation.name, o.price, o.openingForm,
                    cn.sunlight.bond.BondCheck.ofBid(o.bidId).map(c -> c.outcome.name()).orElse(null));
        }
    }

    public record QualificationInput(@NotNull Boolean passed, @NotBlank String reason) {
    }

    public record ScoresInput(@NotEmpty @cn.sunlight.common.input.DecimalBounds(integer = 5, fraction = 4) Map<String, BigDecimal> scores) {
    }

    public record QuestionInput(@NotBlank String question) {
    }

    public record AnswerInput(@NotBlank String answer) {
    }

    public record ClarificationView(long id, long bidId, String bidder, String question, Instant askedAt, String answer, Instant answeredAt) {
        static ClarificationView of(OfBidder<EvaluationClarification> o) {
            EvaluationClarification c = o.row();
            return new ClarificationView(c.id, c.bidId, o.bidder(), c.question, c.askedAt, c.answer, c.answeredAt);
        }
    }

    public record ResultView(long bidId, int lot, String bidder, boolean qualified, String reasons, BigDecimal price,
                             BigDecimal score, boolean abnormallyLow, Integer rank) {
        public static ResultView of(OfBidder<EvaluationResult> o) {
            EvaluationResult r = o.row();
            return new ResultView(r.bidId, r.lotNumber, o.bidder(), r.qualified, r.reasons, r.price, r.score, r.abnormallyLow, r.rank);
        }
    }

    // ---------------------------------------------------------------- registry

    @PUT
    @Path("/experts/{userId}")
    @RolesAllowed(OPERATOR)
    @Operation(summary = "Set an expert's specialty and the organisations it is linked to (conflicts of interest)")
    @APIResponse(responseCode = "200", description = "Expert profile")
    @APIResponse(responseCode = "404", description = "No such expert account")
    public ExpertView describe(@PathParam("userId") long userId, @Valid @NotNull ExpertInput input) {
        return ExpertView.of(registry.describe(userId, input.specialty(),
                input.linkedOrganisations() == null ? Set.of() : input.linkedOrganisations()));
    }

    @GET
    @Path("/experts")
    @RolesAllowed({OPERATOR, SUPERVISOR})
    @Operation(summary = "The expert registry")
    @APIResponse(responseCode = "200", description = "Experts with their specialty, newest first (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = ExpertView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response experts(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                                               @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        return cn.sunlight.common.page.PagedResponse.of(registry.experts(page.request()).map(ExpertView::of), uri);
    }

    // ---------------------------------------------------------------- committee

    @POST
    @Path("/tenders/{id}/committee")
    @RolesAllowed({OPERATOR, TENDERER, AGENT})
    @Operation(summary = "Draw the evaluation committee at random by specialty, conflicts excluded; the seed is logged")
    @APIResponse(responseCode = "201", description = "Committee drawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CommitteeView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "409", description = "Not in evaluation, already drawn, or not enough experts")
    @APIResponse(responseCode = "422", description = "Size below the rules (cites the rule)")
    public RestResponse<CommitteeView> draw(@PathParam("id") long id, @Valid @NotNull DrawInput input) {
        return Created.at("/api/tenders/" + id + "/committee", CommitteeView.of(committees.draw(id, input.specialty(), input.size())));
    }

    @GET
    @Path("/tenders/{id}/committee")
    @RolesAllowed({OPERATOR, TENDERER, AGENT, EXPERT, SUPERVISOR})
    @Operation(summary = "The committee: draw inputs (server random, seed, candidates) and members, replacements included")
    @APIResponse(responseCode = "200", description = "Committee")
    public CommitteeView committee(@PathParam("id") long id) {
        return CommitteeView.of(committees.committeeFor(id));
    }

    @POST
    @Path("/tenders/{id}/committee/members/{expertId}/replace")
    @RolesAllowed({OPERATOR, TENDERER, AGENT})
    @Operation(summary = "Replace a member by the next eligible expert in the seeded order; logged with the reason")
    @APIResponse(responseCode = "200", description = "The new member")
    public MemberView replace(@PathParam("id") long id, @PathParam("expertId") long expertId, @Valid @NotNull ReasonInput input) {
        return MemberView.of(committees.replace(id, expertId, input.reason()));
    }

    @GET
    @Path("/tenders/{id}/committee/draw-check")
    @RolesAllowed({SUPERVISOR, OPERATOR})
    @Operation(summary = "Re-run the draw from the seed and candidates in the audit log and compare with the committee")
    @APIResponse(responseCode = "200", description = "Comparison")
    public CommitteeService.DrawCheck drawCheck(@PathParam("id") long id) {
        return committees.verifyDraw(id);
    }

    // ---------------------------------------------------------------- evaluation

    @PUT
    @Path("/tenders/{id}/evaluation/criteria")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Set the weighted scoring criteria (comprehensive scoring; weights add up to 100) before scoring starts")
    @APIResponse(responseCode = "200", description = "Committee with criteria")
    public CommitteeView criteria(@PathParam("id") long id, @Valid @NotNull CriteriaInput input) {
        return CommitteeView.of(scoring.setCriteria(id, input.criteria()));
    }

    @GET
    @Path("/tenders/{id}/evaluation/bids")
    @RolesAllowed({EXPERT, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "The decrypted bids under evaluation, with their opening forms")
    @APIResponse(responseCode = "200", description = "Bids")
    public List<BidView> bids(@PathParam("id") long id) {
        return scoring.bidsForCommittee(id).stream().map(BidView::of).toList();
    }

    @POST
    @Path("/tenders/{id}/evaluation/bids/{bidId}/qualification")
    @RolesAllowed(EXPERT)
    @Operation(summary = "Your qualification verdict on a bid: pass or fail, with the reason")
    @APIResponse(responseCode = "200", description = "Recorded")
    public Response qualification(@PathParam("id") long id, @PathParam("bidId") long bidId, @Valid @NotNull QualificationInput input) {
        scoring.review(id, bidId, input.passed(), input.reason());
        return Response.ok(Map.of("bidId", bidId, "passed", input.passed())).build();
    }

    @POST
    @Path("/tenders/{id}/evaluation/bids/{bidId}/scores")
    @RolesAllowed(EXPERT)
    @Operation(summary = "Your individual scores of a bid, per criterion (0–100); the weighted total is computed")
    @APIResponse(responseCode = "200", description = "Recorded")
    public Response scores(@PathParam("id") long id, @PathParam("bidId") long bidId, @Valid @NotNull ScoresInput input) {
        var s = scoring.score(id, bidId, input.scores());
        return Response.ok(Map.of("bidId", bidId, "total", s.total)).build();
    }

    @POST
    @Path("/tenders/{id}/evaluation/bids/{bidId}/clarifications")
    @RolesAllowed(EXPERT)
    @Operation(summary = "Ask the bidder to clarify its bid through the platform")
    @APIResponse(responseCode = "201", description = "Requested; the bidder is notified",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ClarificationView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    public RestResponse<ClarificationView> ask(@PathParam("id") long id, @PathParam("bidId") long bidId, @Valid @NotNull QuestionInput input) {
        return Created.at("/api/tenders/" + id + "/evaluation/clarifications", ClarificationView.of(scoring.ask(id, bidId, input.question())));
    }

    @GET
    @Path("/tenders/{id}/evaluation/clarifications")
    @RolesAllowed({EXPERT, BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Clarification requests and answers (a bidder sees only its own)")
    @APIResponse(responseCode = "200", description = "Clarifications")
    public List<ClarificationView> clarifications(@PathParam("id") long id) {
        return scoring.clarifications(id).stream().map(ClarificationView::of).toList();
    }

    @POST
    @Path("/tenders/{id}/evaluation/clarifications/{clarificationId}/answer")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Answer the committee's clarification request")
    @APIResponse(responseCode = "200", description = "Answered")
    public ClarificationView answer(@PathParam("id") long id, @PathParam("clarificationId") long clarificationId,
                                    @Valid @NotNull AnswerInput input) {
        return ClarificationView.of(scoring.answerClarification(id, clarificationId, input.answer()));
    }

    @POST
    @Path("/tenders/{id}/evaluation/conclude")
    @RolesAllowed(EXPERT)
    @Operation(summary = "Conclude: majority qualification, abnormally-low flags, ranking per lot, signed evaluation report")
    @APIResponse(responseCode = "200", description = "Results, ranked")
    @APIResponse(responseCode = "409", description = "Reviews or scores missing, or already concluded")
    public List<ResultView> conclude(@PathParam("id") long id) {
        return reports.conclude(id).stream().map(ResultView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/evaluation/results")
    @RolesAllowed({EXPERT, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "The committee's results: qualification, scores, flags and the ranked candidates")
    @APIResponse(responseCode = "200", description = "Results")
    public List<ResultView> results(@PathParam("id") long id) {
        return reports.resultsFor(id).stream().map(ResultView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/evaluation/report.pdf")
    @RolesAllowed({EXPERT, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces("application/pdf")
    @Operation(summary = "The signed evaluation report (评标报告)")
    @APIResponse(responseCode = "200", description = "PDF signed PAdES B-T")
    public Response report(@PathParam("id") long id) {
        return Response.ok(reports.report(id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"evaluation-report-" + id + ".pdf\"").build();
    }
}
