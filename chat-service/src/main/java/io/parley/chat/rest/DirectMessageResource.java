package io.parley.chat.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.rest.ChannelRequests.OpenDm;
import io.parley.chat.service.DirectMessageService;
import io.parley.chat.service.PayloadReader;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Opens the DM of the caller and another user: 201 when created, 200 when it existed. */
@Path("/api/dms")
@Authenticated
public class DirectMessageResource {

    private final DirectMessageService dms;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final PayloadReader bodies;

    public DirectMessageResource(DirectMessageService dms, CallerResolver callers, SecurityIdentity identity,
            PayloadReader bodies) {
        this.dms = dms;
        this.callers = callers;
        this.identity = identity;
        this.bodies = bodies;
    }

    @POST
    public Uni<Response> open(JsonNode json) {
        OpenDm body = bodies.read(json, OpenDm.class);
        var other = FieldRules.uuid("userId", FieldRules.required("userId", body.userId()));
        return dms.open(caller(), other)
                .map(opened -> Response.status(opened.created() ? 201 : 200).entity(opened.channel()).build());
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
