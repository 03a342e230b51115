package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Webhooks across channels: the caller's own (admins: {@code ?all=true}, every one), and deletion. */
@Path("/api/webhooks")
@Authenticated
public class WebhookResource {

    private final WebhookService webhooks;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public WebhookResource(WebhookService webhooks, CallerResolver callers, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.callers = callers;
        this.identity = identity;
    }

    /** {@code {webhooks: [...]}}: those the caller created; {@code ?all=true} every webhook (admins only). */
    @GET
    public Uni<Map<String, List<ObjectNode>>> list(@QueryParam("all") String all) {
        if (all != null && !all.equals("true") && !all.equals("false")) {
            throw new InvalidException("all must be true or false");
        }
        return webhooks.listOwn(callers.resolve(identity), "true".equals(all)).map(list -> Map.of("webhooks", list));
    }

    /** 204; its URL answers 404 from now on. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return webhooks.delete(callers.resolve(identity), QueryParams.pathId(id, "webhook"))
                .map(ignored -> Response.noContent().build());
    }
}
