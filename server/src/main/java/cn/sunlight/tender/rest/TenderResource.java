package cn.sunlight.tender.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.tender.service.ObjectionService;
import cn.sunlight.tender.service.RegistrationService;
import cn.sunlight.tender.service.ClarificationService;
import cn.sunlight.tender.service.ProjectService;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Role;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.TenderDocument;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.rest.TenderViews.*;
import cn.sunlight.tender.service.PublicationCheck;
import cn.sunlight.tender.service.TenderDocuments;
import cn.sunlight.tender.service.TenderSearch;
import cn.sunlight.tender.service.TenderService;
import cn.sunlight.common.page.PageParams;
import cn.sunlight.common.page.PagedResponse;
import cn.sunlight.rules.TenderMethod;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Tenders", description = "Projects, tenders and their lifecycle up to the bid deadline")
@SecurityRequirement(name = "jwt")
public class TenderResource {

    private final TenderService tenders;
    private final ObjectionService objections;
    private final RegistrationService registrations;
    private final ClarificationService clarifications;
    private final ProjectService projects;
    private final TenderDocuments documents;
    private final cn.sunlight.sandbox.service.SandboxClocks sandboxClocks;
    private final TenderSearch search;

    public TenderResource(TenderService tenders, ObjectionService objections, RegistrationService registrations,
                          ClarificationService clarifications, ProjectService projects, TenderDocuments documents,
                          cn.sunlight.sandbox.service.SandboxClocks sandboxClocks, TenderSearch search) {
        this.tenders = tenders;
        this.objections = objections;
        this.registrations = registrations;
        this.clarifications = clarifications;
        this.projects = projects;
        this.search = search;
        this.documents = documents;
        this.sandboxClocks = sandboxClocks;
    }

    // ------------------------------------------------------------ projects

    @POST
    @Path("/projects")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Create a project for the caller's tendering unit (an agent names the unit)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Invalid fields (problem+json)")
    public RestResponse<ProjectView> createProject(@Valid @NotNull NewProject request) {
        var p = projects.createProject(request.name(), request.region(), request.tenderingUnitId());
        return Created.at("/api/projects", ProjectView.of(p));
    }

    @GET
    @Path("/projects")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Projects the caller's organisation hosts, newest first, one page at a time")
    @APIResponse(responseCode = "200", description = "Projects (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = ProjectView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response projects(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                                                @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        return cn.sunlight.common.page.PagedResponse.of(projects.projectsOfCaller(page.request()).map(ProjectView::of), uri);
    }

    // ------------------------------------------------------------ tenders

    @POST
    @Path("/projects/{projectId}/tenders")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Create a draft tender in a project")
    @APIResponse(responseCode = "201", description = "Draft created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenderView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Invalid fields or sandboxFactor out of range (problem+json naming the field)")
    public RestResponse<TenderView> createDraft(@PathParam("projectId") long projectId, @Valid @NotNull TenderInput request,
                                @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "create a sandbox tender (accelerated clock, never in the public lists)")
                                @QueryParam("sandbox") boolean sandbox,
                                @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "sandbox speed: sandbox seconds per real second (default sunlight.sandbox.factor)")
                                @QueryParam("sandboxFactor") Long sandboxFactor) {
        var t = tenders.createDraft(projectId, request.toDraft(), sandboxClocks.factorFor(sandbox, sandboxFactor));
        return Created.at("/api/tenders/" + t.id, TenderView.of(t));
    }

    @PUT
    @Path("/tenders/{id}")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Edit a draft tender")
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "409", description = "Not a draft any more")
    public TenderView updateDraft(@PathParam("id") long id, @Valid @NotNull TenderInput request) {
        return TenderView.of(tenders.updateDraft(id, request.toDraft()));
    }

    @GET
    @Path("/tenders")
    @PermitAll
    @Operation(summary = "Search published tenders, newest first, one page at a time (mine=true: the caller's own, drafts included)."
            + " q matches title, code, project, region and tendering unit (2 to 100 characters, Chinese substrings included)")
    @APIResponse(responseCode = "200", description = "A page of tenders (a JSON array); paging in the headers",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = TenderView.class)),
            headers = {@Header(name = "Link", description = "RFC 8288 rel=\"next\" / rel=\"prev\": this URL with the cursor of the neighbouring page"),
                    @Header(name = PagedResponse.NEXT, description = "cursor of the next page (absent on the last)"),
                    @Header(name = PagedResponse.PREV, description = "cursor of the previous page (absent on the first)"),
                    @Header(name = PagedResponse.TOTAL, description = "matching tenders, counted up to 1,000"),
                    @Header(name = PagedResponse.TOTAL_EXACT, description = "false when the count stopped at 1,000 (a lower bound)")})
    @APIResponse(responseCode = "400", description = "limit, cursor, q or a filter refused (problem+json naming it)")
    public Response search(@QueryParam("tradeType") TradeType tradeType, @QueryParam("method") TenderMethod method,
                           @QueryParam("status") TenderStatus status,
                           @QueryParam("region") String region, @QueryParam("from") Instant from,
                           @QueryParam("to") Instant to, @QueryParam("q") String q, @QueryParam("mine") boolean mine,
                           @BeanParam PageParams page, @Context UriInfo uri) {
        var filter = new TenderSearch.Filter(tradeType, method, status, region, from, to, q);
        var found = mine ? search.mine(filter, page.request()) : search.published(filter, page.request());
        return PagedResponse.of(found.map(TenderView::of), uri);
    }

    @GET
    @Path("/tenders/{id}")
    @PermitAll
    @Operation(summary = "One tender (drafts only for their host, operators and supervisors)")
    @APIResponse(responseCode = "200", description = "The tender")
    @APIResponse(responseCode = "404", description = "No such tender")
    public TenderView get(@PathParam("id") long id) {
        return TenderView.of(tenders.view(id));
    }

    @GET
    @Path("/tenders/{id}/publication-check")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Dry-run the legal checks: violations, earliest legal deadline and bond cap")
    @APIResponse(responseCode = "200", description = "The report")
    public PublicationCheck.Report check(@PathParam("id") long id) {
        return tenders.check(id);
    }

    @POST
    @Path("/tenders/{id}/publish")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Publish a draft after checking it against the bidding rules")
    @APIResponse(responseCode = "200", description = "Published (bidding starts when the documents are issued)")
    @APIResponse(responseCode = "409", description = "Illegal transition (problem+json)")
    @APIResponse(responseCode = "422", description = "A legal rule is broken: rule, figure and citation (problem+json)")
    public TenderView publish(@PathParam("id") long id) {
        return TenderView.of(tenders.publish(id));
    }

    @POST
    @Path("/tenders/{id}/start-bidding")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Start bidding once the documents' issue time has come")
    @APIResponse(responseCode = "200", description = "Bidding")
    @APIResponse(responseCode = "409", description = "Illegal transition or too early (problem+json)")
    public TenderView startBidding(@PathParam("id") long id) {
        return TenderView.of(tenders.startBidding(id));
    }

    @POST
    @Path("/tenders/{id}/cancel")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Cancel (terminate) a tender with a reason; registered bidders are notified")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "409", description = "Illegal transition (problem+json)")
    public TenderView cancel(@PathParam("id") long id, @Valid @NotNull CancelRequest request) {
        return TenderView.of(tenders.cancel(id, request.reason()));
    }

    // ------------------------------------------------------------ clarifications

    @GET
    @Path("/tenders/{id}/clarifications")
    @PermitAll
    @Operation(summary = "Published clarifications and amendments")
    @APIResponse(responseCode = "200", description = "In order")
    public List<ClarificationView> clarifications(@PathParam("id") long id) {
        return cn.sunlight.tender.Clarification.ofTender(tenders.publicTender(id).id).stream()
                .map(ClarificationView::of).toList();
    }

    @POST
    @Path("/tenders/{id}/clarifications")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Publish a clarification or amendment to every registered bidder (moves the deadline when the rules require)")
    @APIResponse(responseCode = "201", description = "Published",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ClarificationView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "The deadline must move (rule, figure, citation)")
    public RestResponse<ClarificationView> clarify(@PathParam("id") long id, @Valid @NotNull ClarificationInput request) {
        var c = clarifications.clarify(id, request.kind(), request.text(), request.affectsPreparation(), request.newDeadline());
        return Created.at("/api/tenders/" + id + "/clarifications", ClarificationView.of(c));
    }

    // ------------------------------------------------------------ bidders

    @POST
    @Path("/tenders/{id}/registrations")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Register the caller's organisation for a tender")
    @APIResponse(responseCode = "201", description = "Registered (idempotent)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RegistrationView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "409", description = "The tender does not accept bidders now")
    public RestResponse<RegistrationView> register(@PathParam("id") long id) {
        return Created.at("/api/tenders/" + id + "/registrations/mine", RegistrationView.of(registrations.register(id)));
    }

    @GET
    @Path("/tenders/{id}/registrations/mine")
    @RolesAllowed(BIDDER)
    @Operation(summary = "The caller's own registration")
    @APIResponse(responseCode = "200", description = "Registered")
    @APIResponse(responseCode = "404", description = "Not registered")
    public RegistrationView ownRegistration(@PathParam("id") long id) {
        return registrations.ownRegistration(id).map(RegistrationView::of)
                .orElseThrow(() -> ProblemException.notFound("registration of tender", id));
    }

    @GET
    @Path("/tenders/{id}/registrations")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Registered bidders; confidential (409) until the opening")
    @APIResponse(responseCode = "200", description = "After the opening")
    @APIResponse(responseCode = "409", description = "Before the opening")
    public List<RegistrationView> registrations(@PathParam("id") long id) {
        return registrations.registrations(id).stream().map(RegistrationView::of).toList();
    }

    // ------------------------------------------------------------ objections

    @POST
    @Path("/tenders/{id}/objections")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Object to the tender documents within the legal window; suspends the tender")
    @APIResponse(responseCode = "201", description = "Raised; tender suspended",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ObjectionView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Outside the legal window (rule, figure, citation)")
    public RestResponse<ObjectionView> object(@PathParam("id") long id, @Valid @NotNull ObjectionInput request) {
        return Created.at("/api/tenders/" + id + "/objections", ObjectionView.of(objections.object(id, request.subject(), request.text())));
    }

    @GET
    @Path("/tenders/{id}/objections")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Objections (a bidder sees only its own)")
    @APIResponse(responseCode = "200", description = "Objections")
    public List<ObjectionView> objections(@PathParam("id") long id) {
        return objections.objections(id).stream().map(ObjectionView::of).toList();
    }

    @POST
    @Path("/tenders/{id}/objections/{objectionId}/answer")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Answer an objection; the tender resumes when none is left open")
    @APIResponse(responseCode = "200", description = "Answered")
    public ObjectionView answer(@PathParam("id") long id, @PathParam("objectionId") long objectionId,
                                @Valid @NotNull AnswerInput request) {
        return ObjectionView.of(objections.answer(id, objectionId, request.answer()));
    }

    // ------------------------------------------------------------ documents

    @POST
    @Path("/tenders/{id}/documents")
    @RolesAllowed({TENDERER, AGENT})
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a file of the tender documents (raw body; file name in the fileName query parameter)")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DocumentView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "File name with control/bidi characters, a path, or a reserved name (problem+json naming fileName)")
    public RestResponse<DocumentView> upload(@PathParam("id") long id, @QueryParam("fileName") String fileName,
                           @HeaderParam("Content-Type") String mediaType, InputStream body) {
        var d = DocumentView.of(documents.upload(id, fileName, mediaType, body));
        return Created.at("/api/tenders/" + id + "/documents/" + d.id(), d);
    }

    @GET
    @Path("/tenders/{id}/documents")
    @PermitAll
    @Operation(summary = "The tender documents' files (metadata)")
    @APIResponse(responseCode = "200", description = "Files")
    public List<DocumentView> documents(@PathParam("id") long id) {
        return documents.list(id).stream().map(DocumentView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/documents/{documentId}")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a file of the tender documents (registered bidders; recorded); always an attachment,"
            + " typed by the platform (allow-list by extension and signature, else application/octet-stream)")
    @APIResponse(responseCode = "200", description = "The file")
    public Response download(@PathParam("id") long id, @PathParam("documentId") long documentId) {
        TenderDocument d = documents.download(id, documentId);
        return Response.ok(documents.content(d), documents.servedType(d.fileName, d.sha256))
                .header("Content-Disposition", cn.sunlight.common.web.Attachments.disposition(d.fileName))
                .header("X-Content-SHA256", d.sha256).build();
    }

    @GET
    @Path("/tenders/{id}/announcement.html")
    @PermitAll
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    @Operation(summary = "The tender announcement as HTML")
    @APIResponse(responseCode = "200", description = "HTML")
    public String announcementHtml(@PathParam("id") long id) {
        return documents.announcementHtml(id);
    }

    @GET
    @Path("/tenders/{id}/announcement.pdf")
    @PermitAll
    @Produces("application/pdf")
    @Operation(summary = "The tender announcement as PDF (Chinese, embedded font)")
    @APIResponse(responseCode = "200", description = "PDF")
    public Response announcementPdf(@PathParam("id") long id) {
        return Response.ok(documents.announcementPdf(id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"announcement-" + id + ".pdf\"").build();
    }
}
