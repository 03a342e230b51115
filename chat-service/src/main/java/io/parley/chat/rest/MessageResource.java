package io.parley.chat.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.service.CommandProcessor;
import io.parley.chat.service.HistoryService;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** A channel's messages: history pages, and send through the very command path of the WebSocket {@code send}. */
@Path("/api/channels/{id}/messages")
@Authenticated
public class MessageResource {

    private final HistoryService history;
    private final CommandProcessor processor;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public MessageResource(HistoryService history, CommandProcessor processor,
            CallerResolver callers, SecurityIdentity identity) {
        this.history = history;
        this.processor = processor;
        this.callers = callers;
        this.identity = identity;
    }

    @GET
    public Uni<HistoryService.Page> page(@PathParam("id") String id, @QueryParam("before") String before,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        int size = QueryParams.limit(limit, 50, 100);
        return history.page(caller(), QueryParams.pathId(id, "resource"), QueryParams.optionalLong("before", before),
                QueryParams.optionalLong("after", after), size);
    }

    /** 201 with the new message; 200 with the first one for a retried clientMsgId. */
    @POST
    public Uni<Response> send(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidException("the body must be a JSON object");
        }
        ObjectNode d = ((ObjectNode) body).deepCopy();
        d.put("channelId", QueryParams.pathId(id, "resource").toString());
        return processor.processNow(new Command(null, ChatCommands.SEND, caller(), d, null)).map(outcome -> {
            if (outcome.error() != null) {
                throw outcome.error();
            }
            return Response.status(outcome.created() ? 201 : 200).entity(outcome.message()).build();
        });
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
