package io.parley.session.rest;

import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.parley.session.service.SessionRegistry;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** The caller's own live sessions: list them, revoke one (its socket closes with 4009). */
@Path("/api/sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionRegistry registry;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public SessionResource(SessionRegistry registry, CallerResolver callers, SecurityIdentity identity) {
        this.registry = registry;
        this.callers = callers;
        this.identity = identity;
    }

    @GET
    public Uni<SessionViews.OwnList> list() {
        return registry.liveOf(callers.resolve(identity).userId())
                .map(sessions -> new SessionViews.OwnList(sessions.stream().map(SessionViews.Own::of).toList()));
    }

    /** Someone else's session answers 404, exactly like a session that does not exist. */
    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id) {
        return registry.revoke(QueryParams.uuid("id", id), callers.resolve(identity).userId())
                .map(done -> RestResponse.noContent());
    }
}
