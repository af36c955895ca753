package cn.sunlight.bid.rest;

import cn.sunlight.bid.service.BidService;
import cn.sunlight.bid.service.BidUploads;
import cn.sunlight.bid.service.Receipts;
import cn.sunlight.common.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api")
@Tag(name = "Sealed bids", description = "Encrypted bid submission, withdrawal and signed receipts")
@SecurityRequirement(name = "jwt")
public class BidResource {

    public static final String PKCS7_MIME = "application/pkcs7-mime";

    private final BidService bids;
    private final BidUploads uploads;

    public BidResource(BidService bids, BidUploads uploads) {
        this.bids = bids;
        this.uploads = uploads;
    }

    @GET
    @Path("/tenders/{id}/opening-certificate.pem")
    @PermitAll
    @Produces("application/x-pem-file")
    @Operation(summary = "The tender's opening certificate: encrypt bids to it (openssl cms -encrypt -aes-256-gcm -recip)")
    @APIResponse(responseCode = "200", description = "PEM certificate binding tender and deadline")
    public String openingCertificate(@PathParam("id") long id) {
        return bids.openingCertificate(id);
    }

    @POST
    @Path("/tenders/{id}/lots/{lot}/bids")
    @RolesAllowed(Role.Names.BIDDER)
    @Consumes({PKCS7_MIME, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Submit (or replace) a sealed bid: DER CMS AuthEnvelopedData to the opening certificate, streamed",
            description = "X-Bid-Signature: base64 signature with the bidder's signing key over "
                    + "\"sunlight-bid/2\\ntender=<code>\\nlot=<n>\\norg=<your organisation's credit code>\\nsha256=<hex>\\nsize=<bytes>\\n\"; "
                    + "X-Bid-Fingerprint: base64 JSON {hostHash, macHash, fileCreationCode, tool} (optional); "
                    + "X-Bond-Payer-Account (optional). The deadline is judged when the last byte arrives. The body is received without"
                    + " holding a worker thread; the right to bid is checked before it is read.")
    @RequestBody(required = true, description = "The sealed bid (DER), streamed; at most sunlight.bids.max-bytes",
            content = {@Content(mediaType = PKCS7_MIME, schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "Accepted: signed receipt with RFC 3161 time stamp")
    @APIResponse(responseCode = "403", description = "Not registered for the tender (refused before the body is read)")
    @APIResponse(responseCode = "409", description = "The tender does not accept bids now")
    @APIResponse(responseCode = "413", description = "Too large")
    @APIResponse(responseCode = "422", description = "Refused: not CMS, wrong algorithm, not for this tender, unsigned, late")
    public Uni<Response> submit(@PathParam("id") long id, @PathParam("lot") int lot, @HeaderParam("X-Bid-Signature") String signature,
                                @HeaderParam("X-Bid-Fingerprint") String fingerprint,
                                @HeaderParam("X-Bond-Payer-Account") String bondPayer, @Context HttpServerRequest body) {
        return uploads.submit(id, lot, body, signature, fingerprint, bondPayer).map(r -> Response.status(201).entity(r).build());
    }

    @DELETE
    @Path("/tenders/{id}/lots/{lot}/bids")
    @RolesAllowed(Role.Names.BIDDER)
    @Operation(summary = "Withdraw the bid for a lot before the deadline (X-Bid-Signature over"
            + " \"sunlight-withdrawal/3\\ntender=<code>\\nlot=<n>\\norg=<your credit code>\\nversion=<withdrawn version>\\nsha256=<its hex>\\n\")")
    @APIResponse(responseCode = "201", description = "Withdrawn: signed receipt")
    @APIResponse(responseCode = "422", description = "Late or badly signed")
    public Response withdraw(@PathParam("id") long id, @PathParam("lot") int lot, @HeaderParam("X-Bid-Signature") String signature) {
        return Response.status(201).entity(bids.withdraw(id, lot, signature)).build();
    }

    @GET
    @Path("/tenders/{id}/lots/{lot}/bids/mine/envelope")
    @RolesAllowed(Role.Names.BIDDER)
    @Produces(PKCS7_MIME)
    @Operation(summary = "Your own standing sealed bid for a lot, as stored (ciphertext): what your tool unwraps its key from")
    @APIResponse(responseCode = "200", description = "DER AuthEnvelopedData")
    @APIResponse(responseCode = "404", description = "No standing bid of yours for this lot")
    public Response ownEnvelope(@PathParam("id") long id, @PathParam("lot") int lot) {
        var bid = bids.ownStanding(id, lot);
        return Response.ok(bids.envelope(bid), PKCS7_MIME).header("X-Content-SHA256", bid.envelopeSha256).build();
    }

    @GET
    @Path("/tenders/{id}/bids/mine")
    @RolesAllowed(Role.Names.BIDDER)
    @Operation(summary = "The caller's own bid versions and their receipts (nobody else can see that they exist)")
    @APIResponse(responseCode = "200", description = "Receipts, by lot and version")
    public List<Receipts.Receipt> mine(@PathParam("id") long id) {
        return bids.mine(id);
    }
}
