package cn.sunlight.portal.rest;

import cn.sunlight.common.Role;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import cn.sunlight.portal.service.SupervisorDesk;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import cn.sunlight.common.page.PageParams;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The supervision authority's desk. The pages follow the role annotations of the API they show: the supervision API
 * is for supervisors only, so are these pages; the audit log API is public, so is the log page (anyone may check the
 * platform's history).
 */
@Path("/desk")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.SUPERVISOR)
public class DeskPages {

    @CheckedTemplate(basePath = "portal/desk", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance home(SupervisorDesk.Overview overview);

        static native TemplateInstance alert(long tenderId, String kind, SupervisorDesk.AlertItem alert);

        static native TemplateInstance alerts(SupervisorDesk.AlertList list);

        static native TemplateInstance complaints(List<SupervisorDesk.ComplaintRow> complaints, cn.sunlight.portal.Pager pager);

        static native TemplateInstance log(SupervisorDesk.LogPage log);

        static native TemplateInstance travel(List<SupervisorDesk.Choice> choices, Long tender, String at, boolean badInput,
                                              SupervisorDesk.Moment moment, boolean notYet);
    }

    private final SupervisorDesk desk;
    private final PortalContext portal;

    public DeskPages(SupervisorDesk desk, PortalContext portal) {
        this.desk = desk;
        this.portal = portal;
    }

    @GET
    public TemplateInstance home(@BeanParam PageParams page) {
        return PortalPages.page(Templates.home(desk.overview(portal.locale(), page.request())), portal);
    }

    /** Every alert, one page at a time (the desk shows the first page). */
    @GET
    @Path("alerts")
    public TemplateInstance alerts(@BeanParam PageParams page) {
        return PortalPages.page(Templates.alerts(desk.alerts(portal.locale(), page.request())), portal);
    }

    /** One alert with its evidence; 404 once the alert no longer stands (the page says so). */
    @GET
    @Path("alerts/{tenderId}/{kind}/{n}")
    public Response alert(@PathParam("tenderId") long tenderId, @PathParam("kind") String kind, @PathParam("n") int n) {
        var alert = desk.alert(tenderId, kind, n, portal.locale());
        return Response.status(alert.isPresent() ? 200 : 404)
                .entity(PortalPages.page(Templates.alert(tenderId, kind, alert.orElse(null)), portal)).build();
    }

    @GET
    @Path("complaints")
    public TemplateInstance complaints(@BeanParam PageParams page) {
        var found = desk.complaints(portal.locale(), page.request());
        return PortalPages.page(Templates.complaints(found.rows(), found.pager()), portal);
    }

    @GET
    @Path("log")
    @PermitAll
    public TemplateInstance log() {
        return PortalPages.page(Templates.log(desk.logPage()), portal);
    }

    /** A GET form: the tender and a Beijing-time instant; the answer is the tender as it stood then. */
    @GET
    @Path("time-travel")
    public TemplateInstance travel(@QueryParam("tender") Long tender, @QueryParam("at") String at) {
        Optional<Instant> instant = SupervisorDesk.beijing(at);
        boolean bad = tender != null && instant.isEmpty();
        SupervisorDesk.Moment moment = null;
        boolean notYet = false;
        if (tender != null && instant.isPresent()) {
            moment = desk.asOf(tender, instant.get(), portal.locale()).orElse(null);
            notYet = moment == null;
        }
        String shownAt = at == null || at.isBlank() ? cn.sunlight.portal.PortalFormats.beijingInputSeconds(portal.now()) : at;
        return PortalPages.page(Templates.travel(desk.tenderChoices(), tender, shownAt, bad, moment, notYet), portal);
    }
}
