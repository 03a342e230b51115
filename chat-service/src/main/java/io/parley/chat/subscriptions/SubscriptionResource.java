package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.PayloadReader;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Outgoing event subscriptions of bots and their delivery logs (docs/subscriptions.md). */
@Path("/api/subscriptions")
@Authenticated
public class SubscriptionResource {

    private final SubscriptionService service;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final PayloadReader bodies;

    public SubscriptionResource(SubscriptionService service, CallerResolver callers, SecurityIdentity identity,
            PayloadReader bodies) {
        this.service = service;
        this.callers = callers;
        this.identity = identity;
        this.bodies = bodies;
    }

    public record SubscriptionList(List<ObjectNode> subscriptions) {
    }

    public record DeliveryLog(List<ObjectNode> deliveries) {
    }

    @POST
    public Uni<Response> create(JsonNode json) {
        Caller caller = caller();
        SubscriptionRequests.Create request = bodies.read(json, SubscriptionRequests.Create.class);
        return service.create(caller, request).map(created -> {
            ObjectNode body = Json.object();
            body.set("subscription", created.subscription().toJson());
            body.put("secret", created.secret());
            return Response.status(201).entity(body).build();
        });
    }

    @GET
    public Uni<SubscriptionList> list(@QueryParam("all") String all) {
        Caller caller = caller();
        if (all != null && !all.equals("true") && !all.equals("false")) {
            throw new io.parley.kit.error.InvalidException("all: true or false");
        }
        return service.list(caller, "true".equals(all))
                .map(rows -> new SubscriptionList(rows.stream().map(SubscriptionRow::toJson).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        return service.get(caller(), QueryParams.pathId(id, "subscription")).map(SubscriptionRow::toJson);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(caller(), QueryParams.pathId(id, "subscription"))
                .map(done -> Response.noContent().build());
    }

    /** Active again after an automatic disable (the URL is checked again first). */
    @POST
    @Path("/{id}/enable")
    public Uni<ObjectNode> enable(@PathParam("id") String id) {
        return service.enable(caller(), QueryParams.pathId(id, "subscription")).map(SubscriptionRow::toJson);
    }

    @GET
    @Path("/{id}/deliveries")
    public Uni<DeliveryLog> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit) {
        Caller caller = caller();
        int size = QueryParams.limit(limit, 50, 200);
        return service.deliveries(caller, QueryParams.pathId(id, "subscription"), size).map(DeliveryLog::new);
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
