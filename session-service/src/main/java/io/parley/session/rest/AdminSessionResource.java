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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

/** Admins see and revoke anyone's live sessions; everyone else gets 403. */
@Path("/api/admin/sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminSessionResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final SessionRegistry registry;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public AdminSessionResource(SessionRegistry registry, CallerResolver callers, SecurityIdentity identity) {
        this.registry = registry;
        this.callers = callers;
        this.identity = identity;
    }

    /** Live sessions, newest first: one user's with {@code userId}, else everyone's; {@code limit} 1–500. */
    @GET
    public Uni<SessionViews.AdminList> list(@QueryParam("userId") String userId, @QueryParam("limit") String limit) {
        callers.resolveAdmin(identity);
        UUID user = QueryParams.optionalUuid("userId", userId);
        return registry.live(user, QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))
                .map(sessions -> new SessionViews.AdminList(sessions.stream().map(SessionViews.Admin::of).toList()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id) {
        callers.resolveAdmin(identity);
        return registry.revoke(QueryParams.uuid("id", id), null).map(done -> RestResponse.noContent());
    }
}
