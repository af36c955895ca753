package cn.sunlight.portal.rest;

import cn.sunlight.bid.service.Receipts;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.Role;
import cn.sunlight.portal.HallLabels;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import cn.sunlight.portal.service.BidderPortal;
import cn.sunlight.portal.service.ReceiptCheck;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The bidder's workspace: registered tenders, per tender the documents, clarifications, objections, own bids and
 * receipts and how to submit with the bidder tool; a receipt's verify view; the live opening and the live auction.
 * Pages only read; every action is a call of the JSON API from the page (static/sunlight.js, static/bidder.js).
 */
@Path("/bidder")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.BIDDER)
public class BidderPages {

    @CheckedTemplate(basePath = "portal/bidder", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance home(BidderPortal.Home home, cn.sunlight.distribution.ToolsJar.Facts tools);

        static native TemplateInstance tender(BidderPortal.TenderPage page, String server, String username);

        static native TemplateInstance receipt(cn.sunlight.tender.rest.TenderViews.TenderView tender, ReceiptCheck.Report report,
                                               String fileName, String server);

        static native TemplateInstance opening(BidderPortal.OpeningPage page, cn.sunlight.tender.rest.TenderViews.TenderView tender,
                                               String hallLabels, String server, String username);

        static native TemplateInstance auction(BidderPortal.AuctionPage page);
    }

    private final BidderPortal bidder;
    private final ReceiptCheck receipts;
    private final PortalContext portal;
    private final cn.sunlight.distribution.ToolsJar tools;

    public BidderPages(BidderPortal bidder, ReceiptCheck receipts, PortalContext portal, cn.sunlight.distribution.ToolsJar tools) {
        this.bidder = bidder;
        this.receipts = receipts;
        this.portal = portal;
        this.tools = tools;
    }

    @GET
    public TemplateInstance home(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page) {
        return PortalPages.page(Templates.home(bidder.home(page.request()), tools.facts().orElse(null)), portal);
    }

    @GET
    @Path("tenders/{id}")
    public TemplateInstance tender(@PathParam("id") long id, @Context UriInfo uri) {
        return PortalPages.page(Templates.tender(bidder.tender(id), server(uri), portal.username()), portal);
    }

    @GET
    @Path("tenders/{id}/receipts/{bidId}")
    public TemplateInstance receipt(@PathParam("id") long id, @PathParam("bidId") long bidId, @Context UriInfo uri) {
        Receipts.Receipt r = bidder.receipt(id, bidId);
        var page = bidder.tender(id);
        return PortalPages.page(Templates.receipt(page.tender(), receipts.check(r), fileName(r), server(uri)), portal);
    }

    /** The receipt exactly as the API returned it, to keep and to check offline with the bidder tool. */
    @GET
    @Path("tenders/{id}/receipts/{bidId}/receipt.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response receiptFile(@PathParam("id") long id, @PathParam("bidId") long bidId) {
        Receipts.Receipt r = bidder.receipt(id, bidId);
        return Response.ok(CanonicalJson.write(r), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + fileName(r) + "\"").build();
    }

    @GET
    @Path("tenders/{id}/opening")
    public TemplateInstance opening(@PathParam("id") long id, @Context UriInfo uri) {
        var page = bidder.opening(id);
        return PortalPages.page(Templates.opening(page, page.tender(), HallLabels.json(portal.locale()), server(uri),
                portal.username()), portal);
    }

    @GET
    @Path("tenders/{id}/auction")
    public TemplateInstance auction(@PathParam("id") long id) {
        return PortalPages.page(Templates.auction(bidder.auction(id)), portal);
    }

    /** The same name the bidder tool gives a receipt it saves. */
    static String fileName(Receipts.Receipt r) {
        return "receipt-" + r.content().tenderId() + "-" + r.content().lot() + "-v" + r.content().version() + ".json";
    }

    private static String server(UriInfo uri) {
        String s = uri.getBaseUri().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
