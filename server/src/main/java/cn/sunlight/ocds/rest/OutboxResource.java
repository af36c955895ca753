package cn.sunlight.ocds.rest;

import cn.sunlight.ocds.service.OutboxQueue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

import static cn.sunlight.common.Role.Names.OPERATOR;
import static cn.sunlight.common.Role.Names.SUPERVISOR;

/** The data-exchange outbox for the trading centre's operators (and supervisors, who get its alerts). */
@Path("/api/ocds/outbox")
@Tag(name = "Open data (OCDS)")
@SecurityRequirement(name = "jwt")
public class OutboxResource {

    private final OutboxQueue queue;

    public OutboxResource(OutboxQueue queue) {
        this.queue = queue;
    }

    @GET
    @RolesAllowed({OPERATOR, SUPERVISOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The queue: pending items (oldest first, with attempts and last error) and recent delivery receipts")
    @APIResponse(responseCode = "200", description = "Queue")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Not an operator or supervisor")
    public OutboxQueue.View queue() {
        return queue.view();
    }

    @POST
    @Path("/send")
    @RolesAllowed(OPERATOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send what is due now instead of at the next scheduled run (items in backoff stay in backoff)")
    @APIResponse(responseCode = "200", description = "How many items were delivered")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Not an operator")
    public Map<String, Integer> sendNow() {
        return Map.of("delivered", queue.sendNow());
    }
}
