package cn.sunlight.auction.rest;

import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionBid;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.auction.Visibility;
import cn.sunlight.auction.service.AuctionExport;
import cn.sunlight.auction.service.AuctionGate;
import cn.sunlight.auction.service.AuctionService;
import cn.sunlight.auction.service.AuctionViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Auction", description = "Blind online bidding (网上竞价); live at ws /ws/tenders/{id}/auction (bearer token on the upgrade)")
@SecurityRequirement(name = "jwt")
public class AuctionResource {

    private final AuctionService auctions;
    private final AuctionGate gate;

    public AuctionResource(AuctionService auctions, AuctionGate gate) {
        this.auctions = auctions;
        this.gate = gate;
    }

    public record SetupInput(BigDecimal startPrice, BigDecimal minDecrementAmount, BigDecimal minDecrementPercent,
                             @NotNull Instant startsAt, @NotNull Instant endsAt,
                             @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(1440) Integer extensionWindowMinutes,
                             @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(1440) Integer extensionMinutes,
                             @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(1000) Integer maxExtensions,
                             Visibility visibility) {
    }

    public record SetupView(long auctionId, long tenderId, String startPrice, String minDecrement, Instant startsAt, Instant endsAt,
                            int extensionWindowSeconds, int extensionSeconds, int maxExtensions, String visibility) {
        static SetupView of(Auction a) {
            return new SetupView(a.id, a.tender.id, AuctionStatement.canonical(a.startPrice), AuctionStatement.canonical(a.minDecrement),
                    a.startsAt, a.endsAt, a.extensionWindowSeconds, a.extensionSeconds, a.maxExtensions, a.visibility.name());
        }
    }

    /** The quote and the bidder's signature over {@link AuctionStatement#text}; no client time is accepted. */
    public record BidInput(@NotNull BigDecimal price, @NotNull Integer round, @NotBlank String signature) {
    }

    /** What the bidder learns of its accepted quote: only its own figures. */
    public record BidReceipt(long sequence, String alias, String price, int round, Instant acceptedAt, Instant endsAt) {
        public static BidReceipt of(AuctionBid b) {
            return new BidReceipt(b.sequence, b.participant.alias, AuctionStatement.canonical(b.price), b.round, b.acceptedAt, b.endsAtAfter);
        }
    }

    @PUT
    @Path("/tenders/{id}/auction")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Set up the auction of an online-bidding tender (before it starts); missing figures come from the tender's rules")
    @APIResponse(responseCode = "200", description = "The auction's settings")
    @APIResponse(responseCode = "409", description = "Not an online-bidding tender, wrong state, or already started")
    @APIResponse(responseCode = "422", description = "Invalid settings")
    public SetupView configure(@PathParam("id") long id, @Valid @NotNull SetupInput in) {
        return SetupView.of(auctions.configure(id, new AuctionService.Setup(in.startPrice(), in.minDecrementAmount(),
                in.minDecrementPercent(), in.startsAt(), in.endsAt(), in.extensionWindowMinutes(), in.extensionMinutes(),
                in.maxExtensions(), in.visibility())));
    }

    @GET
    @Path("/tenders/{id}/auction")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "The auction as the caller may see it: a bidder its own rank (and the best price if shown), the buyer aliases, the supervisor everything")
    @APIResponse(responseCode = "200", description = "The caller's view")
    public AuctionViews.View view(@PathParam("id") long id) {
        AuctionService.Viewer v = auctions.viewer(id);
        return AuctionViews.of(auctions.snapshot(id), v);
    }

    @POST
    @Path("/tenders/{id}/auction/bids")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Place a signed quote; decided by server time in the auction's total order")
    @APIResponse(responseCode = "201", description = "Accepted")
    @APIResponse(responseCode = "409", description = "Refused (problem+json): not started, ended, not below your last quote, decrement too small, wrong round")
    @APIResponse(responseCode = "422", description = "Bad signature or price")
    @APIResponse(responseCode = "503", description = "The auction is busy: not processed, retry")
    public Response bid(@PathParam("id") long id, @Valid @NotNull BidInput in) {
        return Response.status(201).entity(BidReceipt.of(gate.serialised(id, () -> auctions.bid(id, in.price(), in.round(), in.signature())))).build();
    }

    @POST
    @Path("/tenders/{id}/auction/close")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Close the auction after its (extended) end: final ranking, identities revealed to the buyer, signed result record")
    @APIResponse(responseCode = "200", description = "The buyer's final view")
    @APIResponse(responseCode = "409", description = "Not ended yet or already closed")
    public AuctionViews.View close(@PathParam("id") long id) {
        auctions.close(id);
        return AuctionViews.of(auctions.snapshot(id), auctions.viewer(id));
    }

    @GET
    @Path("/tenders/{id}/auction/export")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Accepted bids with signatures and certificates, for the offline replay (cn.sunlight.auction.verify.AuctionReplay)")
    @APIResponse(responseCode = "200", description = "The export")
    @APIResponse(responseCode = "409", description = "Not closed yet")
    public AuctionExport export(@PathParam("id") long id) {
        return auctions.export(id);
    }

    @GET
    @Path("/tenders/{id}/auction/result.pdf")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces("application/pdf")
    @Operation(summary = "The signed result record (PAdES B-T)")
    @APIResponse(responseCode = "200", description = "PDF")
    @APIResponse(responseCode = "409", description = "Not closed yet")
    public Response result(@PathParam("id") long id) {
        return Response.ok(auctions.resultPdf(id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"auction-result-" + id + ".pdf\"").build();
    }
}
