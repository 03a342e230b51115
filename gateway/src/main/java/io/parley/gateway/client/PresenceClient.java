package io.parley.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** session-service's presence query, called with the watching client's own token (the service checks it too). */
@RegisterRestClient(configKey = "session")
@Path("/api/presence")
public interface PresenceClient {

    @GET
    Uni<JsonNode> presence(@QueryParam("userIds") String commaSeparatedUserIds,
            @HeaderParam("Authorization") String authorization);
}
