package cn.sunlight.distribution.rest;

import cn.sunlight.distribution.ToolsJar;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The bidder's tools for download, open to anyone (they hold no secret; the bidder's keys stay on its machine):
 * {@code curl -O .../api/tools/sunlight-tools.jar && curl .../api/tools/sunlight-tools.jar.sha256 | sha256sum -c}.
 * The response is one fixed file with its digest ({@code Repr-Digest}, RFC 9530) and an entity tag.
 */
@Path("/api/tools")
@Tag(name = "Tools", description = "The bidder's standalone tools (sunlight-tools.jar) and its SHA-256")
@PermitAll
public class ToolsResource {

    static final String JAR = "application/java-archive";

    private final ToolsJar jar;

    public ToolsResource(ToolsJar jar) {
        this.jar = jar;
    }

    @GET
    @Path(ToolsJar.FILE_NAME)
    @Produces(JAR)
    @Operation(summary = "The bidder's tools: one jar, run with java -jar (keys, submit, withdraw, receipts, decrypt, verify-receipt, verify-log, replay-auction)")
    @APIResponse(responseCode = "200", description = "The jar; Repr-Digest and ETag carry its SHA-256")
    @APIResponse(responseCode = "304", description = "The copy named by If-None-Match is current")
    @APIResponse(responseCode = "404", description = "This platform build carries no tools jar (problem+json)")
    public Response download(@Context Request request) {
        ToolsJar.Facts facts = jar.require();
        EntityTag tag = new EntityTag(facts.sha256Hex());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.build();
        }
        return Response.ok(jar.open(), JAR)
                .header("Content-Length", facts.size())
                .header("Content-Disposition", "attachment; filename=\"" + ToolsJar.FILE_NAME + "\"")
                .header("Repr-Digest", facts.reprDigest())
                .header("Cache-Control", "no-cache")
                .tag(tag)
                .build();
    }

    @GET
    @Path(ToolsJar.FILE_NAME + ".sha256")
    @Produces("text/plain")
    @Operation(summary = "The jar's SHA-256 as sha256sum prints it (check with sha256sum -c)")
    @APIResponse(responseCode = "200", description = "One line: hex digest, two spaces, file name")
    @APIResponse(responseCode = "404", description = "This platform build carries no tools jar (problem+json)")
    public String checksum() {
        return jar.require().checksumLine();
    }
}
