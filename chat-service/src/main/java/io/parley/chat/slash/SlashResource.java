package io.parley.chat.slash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.service.PayloadReader;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Slash command routes of bots: registration and removal, and the answer to an invocation. */
@Path("/api/commands")
@Authenticated
public class SlashResource {

    static final String BOT_ROLE = "bot";

    private final SlashCommandRegistry registry;
    private final SlashResponder responder;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final PayloadReader bodies;

    public SlashResource(SlashCommandRegistry registry, SlashResponder responder, CallerResolver callers,
            SecurityIdentity identity, PayloadReader bodies) {
        this.registry = registry;
        this.responder = responder;
        this.callers = callers;
        this.identity = identity;
        this.bodies = bodies;
    }

    public record RegisterCommand(String channelId, String name, String description, String usage) {
    }

    public record Answer(String text, Boolean ephemeral) {
    }

    /** 201 {command} when new, 200 when the bot replaced its own. */
    @PUT
    public Uni<Response> register(JsonNode json) {
        RegisterCommand body = bodies.read(json, RegisterCommand.class);
        var channelId = QueryParams.uuid("channelId", body.channelId());
        String name = SlashText.name(body.name());
        String description = SlashFields.description(body.description());
        String usage = SlashFields.usage(body.usage());
        return registry.register(caller(), identity.hasRole(BOT_ROLE), channelId, name, description, usage)
                .map(done -> Response.status(done.created() ? 201 : 200)
                        .entity(Map.of("command", done.command())).build());
    }

    @DELETE
    @Path("/{channelId}/{name}")
    public Uni<Response> unregister(@PathParam("channelId") String channelId, @PathParam("name") String name) {
        return registry.unregister(caller(), QueryParams.pathId(channelId, "channel"), name.toLowerCase())
                .map(x -> Response.noContent().build());
    }

    /** The invoked bot's answer: {@code ephemeral} (default true) to the caller only, else posted in the channel. */
    @POST
    @Path("/invocations/{id}/response")
    public Uni<ObjectNode> respond(@PathParam("id") String id, JsonNode json) {
        Answer body = bodies.read(json, Answer.class);
        String text = FieldRules.text(body.text(), false);
        boolean ephemeral = body.ephemeral() == null || body.ephemeral();
        return responder.respond(caller(), QueryParams.pathId(id, "invocation"), text, ephemeral);
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
