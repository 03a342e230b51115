package io.parley.auth.rest;

import io.parley.auth.service.AccountService;
import io.parley.auth.service.CallerAccounts;
import io.parley.auth.service.ModerationService;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** The user directory (any signed-in user) and the admin-only ban and unban. */
@Path("/api/auth/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY = 64;

    private final SecurityIdentity identity;
    private final CallerAccounts callers;
    private final AccountService accounts;
    private final ModerationService moderation;

    public UserResource(SecurityIdentity identity, CallerAccounts callers, AccountService accounts,
            ModerationService moderation) {
        this.identity = identity;
        this.callers = callers;
        this.accounts = accounts;
        this.moderation = moderation;
    }

    /** Parameters arrive as text so that a bad one is a 400 naming it, not JAX-RS's 404 for unconvertible ones. */
    @GET
    public Uni<Responses.Users> search(@QueryParam("q") String q, @QueryParam("limit") String limit) {
        String prefix = q == null ? "" : q;
        if (prefix.codePointCount(0, prefix.length()) > MAX_QUERY || prefix.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidException("q: must be at most " + MAX_QUERY + " characters, without control characters");
        }
        int size = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return callers.current(identity)
                .chain(caller -> accounts.search(prefix, size))
                .map(Responses.Users::of);
    }

    @POST
    @Path("/{id}/ban")
    public Uni<Response> ban(@PathParam("id") String id) {
        UUID userId = QueryParams.pathId(id, "user");
        return callers.currentAdmin(identity)
                .chain(admin -> moderation.ban(admin, userId))
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/unban")
    public Uni<Response> unban(@PathParam("id") String id) {
        UUID userId = QueryParams.pathId(id, "user");
        return callers.currentAdmin(identity)
                .chain(admin -> moderation.unban(userId))
                .map(ignored -> Response.noContent().build());
    }
}
