package cn.sunlight.notification.rest;

import cn.sunlight.common.RequestActor;
import cn.sunlight.notification.Notification;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api/notifications")
@Tag(name = "Notifications")
public class NotificationResource {

    private final RequestActor actor;

    public NotificationResource(RequestActor actor) {
        this.actor = actor;
    }

    public record NotificationView(Long id, Long tenderId, String kind, String message, Instant createdAt) {
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The calling organisation's inbox, newest first")
    @APIResponse(responseCode = "200", description = "Notifications")
    public List<NotificationView> inbox() {
        return Notification.inbox(actor.requireOrganisation()).stream()
                .map(n -> new NotificationView(n.id, n.tenderId, n.kind, n.message().in(actor.locale()), n.createdAt))
                .toList();
    }
}
