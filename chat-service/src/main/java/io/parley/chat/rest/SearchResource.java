package io.parley.chat.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.service.SearchService;
import io.quarkus.security.Authenticated;
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
    private final CurrentCaller caller;

    public SearchResource(SearchService search, CurrentCaller caller) {
        this.search = search;
        this.caller = caller;
    }

    public record Hits(List<ObjectNode> messages) {
    }

    @GET
    public Uni<Hits> search(@QueryParam("q") String query, @QueryParam("channelId") String channelId,
            @QueryParam("limit") String limit) {
        int size = FieldRules.limit(Params.queryInt("limit", limit), 20, 100);
        return search.search(caller.get(), query, Params.queryId("channelId", channelId), size).map(Hits::new);
    }
}
