package io.parley.session.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kit.caller.CallerResolver;
import io.parley.session.service.IceServers;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The ICE servers a client uses for calls (docs/calls.md): STUN as configured, TURN with fresh credentials. */
@Path("/api/calls")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    private final IceServers ice;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public CallResource(IceServers ice, CallerResolver callers, SecurityIdentity identity) {
        this.ice = ice;
        this.callers = callers;
        this.identity = identity;
    }

    /** {@code {iceServers, ttlSeconds}}; {@code iceServers} is {@code []} when none are configured. */
    @GET
    @Path("/ice-servers")
    public ObjectNode iceServers() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("iceServers", ice.forUser(callers.resolve(identity).userId()));
        body.put("ttlSeconds", ice.ttlSeconds());
        return body;
    }
}
