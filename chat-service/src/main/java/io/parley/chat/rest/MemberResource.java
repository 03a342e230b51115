package io.parley.chat.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.repository.MemberRepository.MemberEntry;
import io.parley.chat.rest.ChannelRequests.AddMember;
import io.parley.chat.rest.ChannelRequests.SetRole;
import io.parley.chat.service.MembershipService;
import io.parley.chat.service.PayloadReader;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
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
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final PayloadReader bodies;

    public MemberResource(MembershipService membership,
            CallerResolver callers, SecurityIdentity identity, PayloadReader bodies) {
        this.membership = membership;
        this.callers = callers;
        this.identity = identity;
        this.bodies = bodies;
    }

    public record MemberPage(List<MemberEntry> members, boolean hasMore) {
    }

    @GET
    public Uni<MemberPage> list(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        int size = QueryParams.limit(limit, 100, 500);
        return membership.page(caller(), QueryParams.pathId(id, "resource"), QueryParams.optionalUuid("after", after), size + 1)
                .map(rows -> new MemberPage(rows.subList(0, Math.min(size, rows.size())), rows.size() > size));
    }

    @POST
    public Uni<Response> invite(@PathParam("id") String id, JsonNode json) {
        AddMember body = bodies.read(json, AddMember.class);
        var userId = FieldRules.uuid("userId", FieldRules.required("userId", body.userId()));
        return membership.invite(caller(), QueryParams.pathId(id, "resource"), userId)
                .map(x -> Response.noContent().build());
    }

    @DELETE
    @Path("/{userId}")
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        return membership.remove(caller(), QueryParams.pathId(id, "resource"), QueryParams.pathId(userId, "resource"))
                .map(x -> Response.noContent().build());
    }

    @PATCH
    @Path("/{userId}")
    public Uni<Response> setRole(@PathParam("id") String id, @PathParam("userId") String userId, JsonNode json) {
        SetRole body = bodies.read(json, SetRole.class);
        return membership.setRole(caller(), QueryParams.pathId(id, "resource"), QueryParams.pathId(userId, "resource"),
                        body.role())
                .map(x -> Response.noContent().build());
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
