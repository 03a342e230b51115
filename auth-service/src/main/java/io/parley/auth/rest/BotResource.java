package io.parley.auth.rest;

import io.parley.auth.domain.BotView;
import io.parley.auth.service.BotService;
import io.parley.auth.service.CallerAccounts;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * Bot accounts (docs/bots.md). A bot is visible to its owner and to admins; anyone else gets 404 for it. A caller
 * that is itself a bot cannot create bots (403).
 */
@Path("/api/bots")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class BotResource {

    private final SecurityIdentity identity;
    private final CallerAccounts callers;
    private final BotService bots;

    public BotResource(SecurityIdentity identity, CallerAccounts callers, BotService bots) {
        this.identity = identity;
        this.callers = callers;
        this.bots = bots;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull(message = AuthResource.BODY_REQUIRED) Requests.CreateBot body) {
        return callers.current(identity)
                .chain(caller -> bots.create(caller, body.username(), body.displayName()))
                .map(created -> Response.status(Response.Status.CREATED)
                        .entity(Responses.BotWithToken.of(created)).build());
    }

    /** Parameters arrive as text so that a bad one is a 400 naming it. */
    @GET
    public Uni<Responses.Bots> list(@QueryParam("all") String all) {
        boolean every = flag(all);
        return callers.current(identity).chain(caller -> bots.list(caller, every)).map(Responses.Bots::of);
    }

    @GET
    @Path("/{id}")
    public Uni<BotView> get(@PathParam("id") String id) {
        UUID botId = QueryParams.pathId(id, "bot");
        return callers.current(identity).chain(caller -> bots.get(caller, botId)).map(BotView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BotView> update(@PathParam("id") String id,
            @Valid @NotNull(message = AuthResource.BODY_REQUIRED) Requests.UpdateBot body) {
        UUID botId = QueryParams.pathId(id, "bot");
        return callers.current(identity)
                .chain(caller -> bots.update(caller, botId, body.displayName(), body.disabled()))
                .map(BotView::of);
    }

    @POST
    @Path("/{id}/token")
    public Uni<Responses.BotWithToken> rotateToken(@PathParam("id") String id) {
        UUID botId = QueryParams.pathId(id, "bot");
        return callers.current(identity).chain(caller -> bots.rotateToken(caller, botId))
                .map(Responses.BotWithToken::of);
    }

    @DELETE
    @Path("/{id}/token")
    public Uni<Response> revokeToken(@PathParam("id") String id) {
        UUID botId = QueryParams.pathId(id, "bot");
        return callers.current(identity).chain(caller -> bots.revokeToken(caller, botId))
                .map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID botId = QueryParams.pathId(id, "bot");
        return callers.current(identity).chain(caller -> bots.delete(caller, botId))
                .map(ignored -> Response.noContent().build());
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidException("all: must be true or false");
    }
}
