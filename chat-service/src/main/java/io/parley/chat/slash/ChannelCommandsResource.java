package io.parley.chat.slash;

import io.parley.chat.slash.SlashCommandRegistry.CommandView;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** A channel's slash commands, for its members: what the composer offers after {@code /}. */
@Path("/api/channels/{id}/commands")
@Authenticated
public class ChannelCommandsResource {

    private final SlashCommandRegistry registry;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public ChannelCommandsResource(SlashCommandRegistry registry, CallerResolver callers, SecurityIdentity identity) {
        this.registry = registry;
        this.callers = callers;
        this.identity = identity;
    }

    public record CommandList(List<CommandView> commands) {
    }

    @GET
    public Uni<CommandList> list(@PathParam("id") String id) {
        return registry.list(callers.resolve(identity), QueryParams.pathId(id, "channel")).map(CommandList::new);
    }
}
