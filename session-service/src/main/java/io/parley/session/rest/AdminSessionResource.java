package io.parley.session.rest;

import io.parley.session.domain.InvalidException;
import io.parley.session.service.SessionRegistry;
import io.quarkus.security.Authenticated;
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
    private final Caller caller;

    public AdminSessionResource(SessionRegistry registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    /** Live sessions, newest first: one user's with {@code userId}, else everyone's; {@code limit} 1–500. */
    @GET
    public Uni<SessionViews.AdminList> list(@QueryParam("userId") String userId, @QueryParam("limit") String limit) {
        caller.adminId();
        UUID user = userId == null || userId.isEmpty() ? null : UuidParams.parse(userId, "userId");
        return registry.live(user, parseLimit(limit))
                .map(sessions -> new SessionViews.AdminList(sessions.stream().map(SessionViews.Admin::of).toList()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id) {
        caller.adminId();
        return registry.revoke(UuidParams.parse(id, "id"), null).map(done -> RestResponse.noContent());
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new InvalidException("limit must be a number from 1 to " + MAX_LIMIT);
    }
}
