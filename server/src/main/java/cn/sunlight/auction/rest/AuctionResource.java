package cn.sunlight.auction.rest;

import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionBid;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.auction.Visibility;
import cn.sunlight.auction.service.AuctionExport;
import cn.sunlight.auction.service.Answer;
import cn.sunlight.auction.service.AuctionQuotes;
import cn.sunlight.auction.service.AuctionService;
import cn.sunlight.auction.service.AuctionViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Auction", description = "Blind online bidding (网上竞价), one auction per lot (?lot=n, default 1); live at ws /ws/tenders/{id}/auction?lot=n (bearer token on the upgrade)")
@SecurityRequirement(name = "jwt")
public class AuctionResource {

    private final AuctionService auctions;
    private final AuctionQuotes quotes;

    public AuctionResource(AuctionService auctions, AuctionQuotes quotes) {
        this.auctions = auctions;
        this.quotes = quotes;
    }

    public record SetupInput(BigDecimal startPrice, BigDecimal minDecrementAmount, BigDecimal minDecrementPercent,
                             @NotNull Instant startsAt, @NotNull Instant endsAt,
                             @Min(0) @Max(1440) Integer extensionWindowMinutes,
                             @Min(0) @Max(1440) Integer extensionMinutes,
                             @Min(0) @Max(1000) Integer maxExtensions, Visibility visibility,
                             @Min(0) @Max(20) Integer rounds) {
    }

    public record SetupView(long auctionId, long tenderId, int lot, String mode, int rounds, String startPrice, String minDecrement,
                            Instant startsAt, Instant endsAt, int extensionWindowSeconds, int extensionSeconds, int maxExtensions,
                            String visibility) {
        static SetupView of(Auction a) {
            return new SetupView(a.id, a.tender.id, a.lotNumber, a.mode.name(), a.rounds, AuctionStatement.canonical(a.startPrice),
                    AuctionStatement.canonical(a.minDecrement), a.startsAt, a.endsAt, a.extensionWindowSeconds, a.extensionSeconds,
                    a.maxExtensions, a.visibility.name());
        }
    }

    /** The quote and the bidder's signature over {@link AuctionStatement#text}; no client time is accepted. */
    public record BidInput(@NotNull BigDecimal price, @NotNull Integer round, @NotBlank String signature) {
    }

    /** What the bidder learns of its accepted quote: only its own figures. */
    public record BidReceipt(long sequence, String alias, String price, int round, Instant acceptedAt, Instant endsAt) {
        public static BidReceipt of(Answer.Accepted a) {
            return new BidReceipt(a.sequence(), a.alias(), a.price(), a.round(), a.acceptedAt(), a.endsAt());
        }
    }

    @PUT
    @Path("/tenders/{id}/auction")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Set up the auction of an online-bidding tender (before it starts); missing figures come from the tender's rules")
    @APIResponse(responseCode = "200", description = "The auction's settings")
    @APIResponse(responseCode = "409", description = "Not an online-bidding tender, wrong state, or already started")
    @APIResponse(responseCode = "422", description = "Invalid settings")
    public SetupView configure(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot,
                               @Valid @NotNull SetupInput in) {
        return SetupView.of(auctions.configure(id, lot, new AuctionService.Setup(in.startPrice(), in.minDecrementAmount(),
                in.minDecrementPercent(), in.startsAt(), in.endsAt(), in.extensionWindowMinutes(), in.extensionMinutes(),
                in.maxExtensions(), in.visibility(), in.rounds())));
    }

    @GET
    @Path("/tenders/{id}/auction")
    @RolesAllowed({BIDDER, TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "The auction as the caller may see it: a bidder its own rank (and the best price if shown), the buyer aliases, the supervisor everything")
    @APIResponse(responseCode = "200", description = "The caller's view")
    public AuctionViews.View view(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot) {
        AuctionService.Viewer v = auctions.viewer(id);
        return AuctionViews.of(auctions.snapshot(id, lot), v);
    }

    @POST
    @Path("/tenders/{id}/auction/bids")
    @RolesAllowed(BIDDER)
    @Operation(summary = "Place a signed quote; checked, then decided by the auction's sequencer at server time and answered once committed")
    @APIResponse(responseCode = "201", description = "Accepted")
    @APIResponse(responseCode = "409", description = "Refused (problem+json): not started, ended, not below your last quote, decrement too small, wrong round")
    @APIResponse(responseCode = "422", description = "Bad signature or price")
    @APIResponse(responseCode = "503", description = "The auction is busy: not processed, retry")
    public Response bid(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot,
                        @Valid @NotNull BidInput in) {
        return Response.status(201).entity(BidReceipt.of(quotes.quote(id, lot, in.price(), in.round(), in.signature()))).build();
    }

    @POST
    @Path("/tenders/{id}/auction/close")
    @RolesAllowed({TENDERER, AGENT})
    @Operation(summary = "Close the auction after its (extended) end: final ranking, identities revealed to the buyer, signed result record")
    @APIResponse(responseCode = "200", description = "The buyer's final view")
    @APIResponse(responseCode = "409", description = "Not ended yet or already closed")
    public AuctionViews.View close(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot) {
        auctions.close(id, lot);
        return AuctionViews.of(auctions.snapshot(id, lot), auctions.viewer(id));
    }

    @GET
    @Path("/tenders/{id}/auction/export")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "Accepted bids with signatures and certificates, for the offline replay (cn.sunlight.auction.verify.AuctionReplay)")
    @APIResponse(responseCode = "200", description = "The export")
    @APIResponse(responseCode = "409", description = "Not closed yet")
    public AuctionExport export(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot) {
        return auctions.export(id, lot);
    }

    @GET
    @Path("/tenders/{id}/auction/result.pdf")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Produces("application/pdf")
    @Operation(summary = "The signed result record (PAdES B-T)")
    @APIResponse(responseCode = "200", description = "PDF")
    @APIResponse(responseCode = "409", description = "Not closed yet")
    public Response result(@PathParam("id") long id, @QueryParam("lot") @DefaultValue("1") @Min(1) @Max(999) int lot) {
        return Response.ok(auctions.resultPdf(id, lot), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"auction-result-" + id + "-" + lot + ".pdf\"").build();
    }
}
