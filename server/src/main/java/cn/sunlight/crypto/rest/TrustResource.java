package cn.sunlight.crypto.rest;

import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.crypto.TimeStampAuthority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform's trust anchors and its RFC 3161 time-stamping authority, open to anyone:
 * {@code openssl ts -query -data f -sha256 -cert | curl --data-binary @- -H 'Content-Type: application/timestamp-query' .../api/tsa}
 * then {@code openssl ts -verify -data f -in reply.tsr -CAfile ca.pem}.
 */
@Path("/api")
@Tag(name = "Trust", description = "Platform CA certificate and RFC 3161 time-stamping authority")
@PermitAll
public class TrustResource {

    public static final String TIMESTAMP_QUERY = "application/timestamp-query";
    public static final String TIMESTAMP_REPLY = "application/timestamp-reply";

    private final PlatformCa ca;
    private final TimeStampAuthority tsa;

    public TrustResource(PlatformCa ca, TimeStampAuthority tsa) {
        this.ca = ca;
        this.tsa = tsa;
    }

    @GET
    @Path("/pki/ca.pem")
    @Produces("application/x-pem-file")
    @Operation(summary = "The platform root CA certificate (trust anchor for receipts, time stamps, opening certificates)")
    @APIResponse(responseCode = "200", description = "PEM")
    public String caCertificate() {
        return Pem.write(ca.certificate());
    }

    @GET
    @Path("/pki/tsa.pem")
    @Produces("application/x-pem-file")
    @Operation(summary = "The time-stamping authority's certificate chain")
    @APIResponse(responseCode = "200", description = "PEM, TSA certificate first")
    public String tsaCertificates() {
        return Pem.write(tsa.chain());
    }

    @POST
    @Path("/tsa")
    @Consumes(TIMESTAMP_QUERY)
    @Produces(TIMESTAMP_REPLY)
    @Operation(summary = "RFC 3161 time-stamp protocol over HTTP (SHA-256/384/512 imprints)")
    @APIResponse(responseCode = "200", description = "A TimeStampResp (granted, or rejected with its failure info)")
    public Response timestamp(byte[] query) {
        return Response.ok(tsa.respond(query), TIMESTAMP_REPLY).build();
    }
}
