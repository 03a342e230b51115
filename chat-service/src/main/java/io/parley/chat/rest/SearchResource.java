package io.parley.chat.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.service.SearchService;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.rest.QueryParams;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;

/** Full-text search over what the caller may read, best first. */
@Path("/api/search")
@Authenticated
public class SearchResource {

    private final SearchService search;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public SearchResource(SearchService search, CallerResolver callers, SecurityIdentity identity) {
        this.search = search;
        this.callers = callers;
        this.identity = identity;
    }

    public record Hits(List<ObjectNode> messages) {
    }

    @GET
    public Uni<Hits> search(@QueryParam("q") String query, @QueryParam("channelId") String channelId,
            @QueryParam("limit") String limit) {
        int size = QueryParams.limit(limit, 20, 100);
        return search.search(caller(), query, QueryParams.optionalUuid("channelId", channelId), size).map(Hits::new);
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
