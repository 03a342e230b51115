package io.parley.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * chat-service's internal routes (docs/internal-contract.md), called with the gateway's service credential; timeouts
 * in application.properties.
 */
@RegisterRestClient(configKey = "chat")
@RegisterClientHeaders(InternalCredentialHeaders.Chat.class)
@Path("/internal/channels")
public interface ChatInternalClient {

    @GET
    @Path("/{id}/access")
    Uni<ChannelAccess> access(@PathParam("id") String channelId, @QueryParam("userId") String userId);

    @GET
    @Path("/{id}/events")
    Uni<ChannelEventsPage> events(@PathParam("id") String channelId, @QueryParam("after") long after,
            @QueryParam("limit") int limit);
}
