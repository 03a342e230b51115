package io.parley.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * session-service's internal presence query (docs/internal-contract.md): the answer of {@code GET /api/presence},
 * asked on behalf of a socket the gateway admitted and whose token expiry it enforces, so no client token is passed
 * and no socket keeps its token for it; the gateway's service credential goes instead.
 */
@RegisterRestClient(configKey = "session")
@RegisterClientHeaders(InternalCredentialHeaders.Session.class)
@Path("/internal/presence")
public interface PresenceClient {

    @GET
    Uni<JsonNode> presence(@QueryParam("userIds") String commaSeparatedUserIds);
}
