package cn.sunlight.portal.rest;

import cn.sunlight.portal.HallLabels;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.portal.service.PublicPortal;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The public portal: anyone may search the trades and read what the law makes public. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class PublicPages {

    @CheckedTemplate(basePath = "portal/public", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance home(PublicPortal.Results results, PublicPortal.Query query, List<String> regions,
                                            TradeType[] tradeTypes, TenderStatus[] statuses);

        static native TemplateInstance tender(PublicPortal.TenderPage page);

        static native TemplateInstance opening(TenderView tender, String hallLabels);
    }

    public static class SearchForm {
        @QueryParam("tradeType") String tradeType;
        @QueryParam("status") String status;
        @QueryParam("region") String region;
        @QueryParam("from") String from;
        @QueryParam("to") String to;
        @QueryParam("q") String q;
        @QueryParam("limit") String limit;
        @QueryParam("cursor") String cursor;

        PublicPortal.Query query() {
            return new PublicPortal.Query(tradeType, status, region, from, to, q);
        }
    }

    private final PublicPortal portalService;
    private final PortalContext portal;

    public PublicPages(PublicPortal portalService, PortalContext portal) {
        this.portalService = portalService;
        this.portal = portal;
    }

    @GET
    public TemplateInstance home(@BeanParam SearchForm form) {
        var query = form.query();
        return PortalPages.page(Templates.home(portalService.search(query, PageRequest.of(form.limit, form.cursor), portal.locale()),
                query, portalService.regions(),
                TradeType.values(), TenderStatus.values()), portal);
    }

    @GET
    @Path("tenders/{id}")
    public TemplateInstance tender(@PathParam("id") long id) {
        return PortalPages.page(Templates.tender(portalService.tender(id, portal.now())), portal);
    }

    /** The opening hall as anyone may follow it live: stage, counts, and from the read-out the lines. */
    @GET
    @Path("tenders/{id}/opening")
    public TemplateInstance opening(@PathParam("id") long id) {
        return PortalPages.page(Templates.opening(portalService.tenderView(id), HallLabels.json(portal.locale())), portal);
    }
}
