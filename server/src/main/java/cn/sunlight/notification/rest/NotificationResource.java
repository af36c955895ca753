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
    @Operation(summary = "The calling organisation's inbox, newest first, one page at a time")
    @APIResponse(responseCode = "200", description = "Notifications (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = NotificationView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    @jakarta.transaction.Transactional
    public jakarta.ws.rs.core.Response inbox(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                                             @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        var locale = actor.locale();
        return cn.sunlight.common.page.PagedResponse.of(Notification.inbox(actor.requireOrganisation(), page.request())
                .map(n -> new NotificationView(n.id, n.tenderId, n.kind, n.message().in(locale), n.createdAt)), uri);
    }
}
