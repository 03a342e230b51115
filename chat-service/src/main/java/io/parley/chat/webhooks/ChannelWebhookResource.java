package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.webhooks.WebhookService.CreateWebhook;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** A channel's incoming webhooks: create (owners, moderators, admins; the secret URL shown once) and list. */
@Path("/api/channels/{id}/webhooks")
@Authenticated
public class ChannelWebhookResource {

    private final WebhookService webhooks;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public ChannelWebhookResource(WebhookService webhooks, CallerResolver callers, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.callers = callers;
        this.identity = identity;
    }

    /** 201 {@code {webhook: {id, channelId, botId, name, createdBy, createdAt, url}}}. */
    @POST
    public Uni<Response> create(@PathParam("id") String id, CreateWebhook body) {
        return webhooks.create(callers.resolve(identity), QueryParams.pathId(id, "channel"), body)
                .map(created -> Response.status(201).entity(created).build());
    }

    /** {@code {webhooks: [...]}}, oldest first, without secrets. */
    @GET
    public Uni<Map<String, List<ObjectNode>>> list(@PathParam("id") String id) {
        return webhooks.list(callers.resolve(identity), QueryParams.pathId(id, "channel"))
                .map(list -> Map.of("webhooks", list));
    }
}
