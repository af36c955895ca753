package cn.sunlight.portal.rest;

import cn.sunlight.portal.HallLabels;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import cn.sunlight.portal.service.Workspace;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.rest.TenderViews.ProjectView;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

import static cn.sunlight.common.Role.Names.AGENT;
import static cn.sunlight.common.Role.Names.TENDERER;

/** The tendering unit's and agent's workspace: their tenders, the creation steps, and each tender's next actions. */
@Path("/workspace")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({TENDERER, AGENT})
public class WorkspacePages {

    @CheckedTemplate(basePath = "portal/workspace", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance home(Workspace.Home home);

        static native TemplateInstance edit(TenderView tender, List<ProjectView> projects, Long projectId,
                                            List<Workspace.TradeChoice> trades, List<Workspace.MethodChoice> methods, List<EvaluationMethod> evaluationMethods,
                                            List<CryptoSuite> suites);

        static native TemplateInstance tender(Workspace.TenderPage page);

        static native TemplateInstance opening(Workspace.OpeningPage page, TenderView tender, String hallLabels);

        static native TemplateInstance award(Workspace.AwardPage page);

        static native TemplateInstance auction(Workspace.AuctionPage page);
    }

    private final Workspace workspace;
    private final PortalContext portal;

    public WorkspacePages(Workspace workspace, PortalContext portal) {
        this.workspace = workspace;
        this.portal = portal;
    }

    @GET
    public TemplateInstance home(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page) {
        return PortalPages.page(Templates.home(workspace.home(portal.now(), page.request())), portal);
    }

    /** The creation steps for a new draft (in a chosen project, if the link names one). */
    @GET
    @Path("tenders/new")
    public TemplateInstance create(@QueryParam("project") Long projectId) {
        return PortalPages.page(Templates.edit(null, workspace.projects(), projectId, workspace.tradeChoices(),
                workspace.methodChoices(), workspace.evaluationMethods(), workspace.suites()), portal);
    }

    /** The same steps on a saved draft, ending in the publication check and the publish button. */
    @GET
    @Path("tenders/{id}/edit")
    public TemplateInstance edit(@PathParam("id") long id) {
        TenderView t = workspace.draft(id);
        return PortalPages.page(Templates.edit(t, workspace.projects(), t.projectId(), workspace.tradeChoices(),
                workspace.methodChoices(), workspace.evaluationMethods(), workspace.suites()), portal);
    }

    @GET
    @Path("tenders/{id}")
    public TemplateInstance tender(@PathParam("id") long id) {
        return PortalPages.page(Templates.tender(workspace.tender(id, portal.now())), portal);
    }

    @GET
    @Path("tenders/{id}/opening")
    public TemplateInstance opening(@PathParam("id") long id) {
        Workspace.OpeningPage page = workspace.opening(id);
        return PortalPages.page(Templates.opening(page, page.tender(), HallLabels.json(portal.locale())), portal);
    }

    /** The host's online bidding: set it up, follow it live (aliases only), close it and read the signed result. */
    @GET
    @Path("tenders/{id}/auction")
    public TemplateInstance auction(@PathParam("id") long id) {
        return PortalPages.page(Templates.auction(workspace.auction(id)), portal);
    }

    @GET
    @Path("tenders/{id}/award")
    public TemplateInstance award(@PathParam("id") long id) {
        return PortalPages.page(Templates.award(workspace.award(id, portal.now())), portal);
    }
}
