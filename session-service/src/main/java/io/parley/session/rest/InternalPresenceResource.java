package io.parley.session.rest;

import io.parley.session.config.SessionsConfig;
import io.parley.session.service.PresenceService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The gateway's presence query for {@code presence.watch} (docs/internal-contract.md): the same answer as
 * {@code GET /api/presence}, with no client token. The gateway admitted the socket and keeps checking its token's
 * expiry, so it need not keep each socket's token only to forward it here. Reachable only on the cluster network,
 * never proxied to clients.
 */
@Path("/internal/presence")
@Produces(MediaType.APPLICATION_JSON)
public class InternalPresenceResource {

    private final PresenceService presence;
    private final SessionsConfig config;

    public InternalPresenceResource(PresenceService presence, SessionsConfig config) {
        this.presence = presence;
        this.config = config;
    }

    /** {@code userIds} comma-separated (the parameter may also repeat); duplicates count once. */
    @GET
    public Uni<PresenceResource.Answer> get(@QueryParam("userIds") List<String> userIds) {
        return PresenceResource.answer(presence, config, userIds);
    }
}
