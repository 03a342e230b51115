package io.parley.chat.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.service.GatewayQueries;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * The gateway's internal routes (docs/internal-contract.md): no client token, reachable only on the cluster network,
 * never proxied to clients.
 */
@Path("/internal/channels/{id}")
public class InternalChannelResource {

    private final GatewayQueries queries;

    public InternalChannelResource(GatewayQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/access")
    public Uni<ObjectNode> access(@PathParam("id") String id, @QueryParam("userId") String userId) {
        var user = QueryParams.optionalUuid("userId", userId);
        if (user == null) {
            throw new InvalidException("userId is required");
        }
        return queries.access(QueryParams.pathId(id, "resource"), user);
    }

    @GET
    @Path("/events")
    public Uni<ObjectNode> events(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        Long from = QueryParams.optionalLong("after", after);
        if (from != null && from < 0) {
            throw new InvalidException("after must not be negative");
        }
        int size = QueryParams.limit(limit, 1000, 1000);
        return queries.eventsAfter(QueryParams.pathId(id, "resource"), from == null ? 0 : from, size);
    }
}
