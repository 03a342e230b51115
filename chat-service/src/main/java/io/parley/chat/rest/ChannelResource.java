package io.parley.chat.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.rest.ChannelRequests.CreateChannel;
import io.parley.chat.rest.ChannelRequests.UpdateChannel;
import io.parley.chat.service.ChannelService;
import io.parley.chat.service.MembershipService;
import io.parley.chat.service.PayloadReader;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Channels: create, list, discover, read, update, join, leave. */
@Path("/api/channels")
@Authenticated
public class ChannelResource {

    private final ChannelService channels;
    private final MembershipService membership;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final PayloadReader bodies;

    public ChannelResource(ChannelService channels, MembershipService membership,
            CallerResolver callers, SecurityIdentity identity, PayloadReader bodies) {
        this.channels = channels;
        this.membership = membership;
        this.callers = callers;
        this.identity = identity;
        this.bodies = bodies;
    }

    public record ChannelList(List<ObjectNode> channels) {
    }

    @POST
    public Uni<Response> create(JsonNode json) {
        CreateChannel body = bodies.read(json, CreateChannel.class);
        return channels.create(caller(), body.name(), body.topic(), body.visibility())
                .map(channel -> Response.status(201).entity(channel).build());
    }

    @GET
    public Uni<ChannelList> mine() {
        return channels.mine(caller()).map(list -> new ChannelList(list.stream().map(c -> {
            ObjectNode json = c.channel().toJson();
            json.put("readSeq", c.readSeq());
            json.put("unread", c.unread());
            json.put("role", c.role());
            return json;
        }).toList()));
    }

    @GET
    @Path("/public")
    public Uni<ChannelList> discoverable(@QueryParam("q") String query, @QueryParam("limit") String limit) {
        caller();
        int size = QueryParams.limit(limit, 50, 100);
        return channels.discoverable(query, size)
                .map(list -> new ChannelList(list.stream().map(c -> c.toJson()).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        return channels.get(caller(), QueryParams.pathId(id, "resource"));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ObjectNode> update(@PathParam("id") String id, JsonNode json) {
        UpdateChannel body = bodies.read(json, UpdateChannel.class);
        return channels.update(caller(), QueryParams.pathId(id, "resource"), body.name(), body.topic());
    }

    @POST
    @Path("/{id}/join")
    public Uni<Response> join(@PathParam("id") String id) {
        return membership.join(caller(), QueryParams.pathId(id, "resource")).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/leave")
    public Uni<Response> leave(@PathParam("id") String id) {
        return membership.leave(caller(), QueryParams.pathId(id, "resource")).map(x -> Response.noContent().build());
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
