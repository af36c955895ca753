package cn.sunlight.portal.rest;

import cn.sunlight.common.Role;
import cn.sunlight.common.page.PageParams;
import cn.sunlight.ocds.service.OutboxQueue;
import cn.sunlight.portal.Pager;
import cn.sunlight.portal.PortalContext;
import cn.sunlight.portal.PortalPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * The trading centre operators' page of the data exchange (电子招标投标办法 第五十六条): the outbox queue, its receipts
 * and the "send now" nudge. The roles follow the outbox API it shows: operators and supervisors read, operators send.
 */
@Path("/exchange")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.Names.OPERATOR, Role.Names.SUPERVISOR})
public class ExchangePages {

    @CheckedTemplate(basePath = "portal/exchange", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance queue(OutboxQueue.Board board, Pager pager);
    }

    private final OutboxQueue queue;
    private final PortalContext portal;

    public ExchangePages(OutboxQueue queue, PortalContext portal) {
        this.queue = queue;
        this.portal = portal;
    }

    @GET
    public TemplateInstance queue(@BeanParam PageParams page) {
        var request = page.request();
        var board = queue.board(request);
        return PortalPages.page(Templates.queue(board, Pager.of("/exchange", Map.of(), board.pendingItems(), request)), portal);
    }
}
