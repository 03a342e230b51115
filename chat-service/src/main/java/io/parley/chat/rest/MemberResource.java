package io.parley.chat.rest;

import io.parley.chat.domain.FieldRules;
import io.parley.chat.repository.MemberRepository.MemberEntry;
import io.parley.chat.rest.ChannelRequests.AddMember;
import io.parley.chat.rest.ChannelRequests.SetRole;
import io.parley.chat.service.MembershipService;
import io.parley.chat.service.PayloadReader;
import io.quarkus.security.Authenticated;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** A channel's members: list, invite, remove, set role. */
@Path("/api/channels/{id}/members")
@Authenticated
public class MemberResource {

    private final MembershipService membership;
    private final CurrentCaller caller;
    private final PayloadReader bodies;

    public MemberResource(MembershipService membership, CurrentCaller caller,
            PayloadReader bodies) {
        this.membership = membership;
        this.caller = caller;
        this.bodies = bodies;
    }

    public record MemberPage(List<MemberEntry> members, boolean hasMore) {
    }

    @GET
    public Uni<MemberPage> list(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        int size = FieldRules.limit(Params.queryInt("limit", limit), 100, 500);
        return membership.page(caller.get(), Params.pathId(id), Params.queryId("after", after), size + 1)
                .map(rows -> new MemberPage(rows.subList(0, Math.min(size, rows.size())), rows.size() > size));
    }

    @POST
    public Uni<Response> invite(@PathParam("id") String id, JsonNode json) {
        AddMember body = bodies.read(json, AddMember.class);
        var userId = FieldRules.uuid("userId", FieldRules.required("userId", body.userId()));
        return membership.invite(caller.get(), Params.pathId(id), userId).map(x -> Response.noContent().build());
    }

    @DELETE
    @Path("/{userId}")
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        return membership.remove(caller.get(), Params.pathId(id), Params.pathId(userId))
                .map(x -> Response.noContent().build());
    }

    @PATCH
    @Path("/{userId}")
    public Uni<Response> setRole(@PathParam("id") String id, @PathParam("userId") String userId, JsonNode json) {
        SetRole body = bodies.read(json, SetRole.class);
        return membership.setRole(caller.get(), Params.pathId(id), Params.pathId(userId), body.role())
                .map(x -> Response.noContent().build());
    }
}
