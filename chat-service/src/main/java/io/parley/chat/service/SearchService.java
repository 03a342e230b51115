package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.repository.MessageRepository;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Full-text search over the messages of the caller's channels (membership is enforced in the SQL itself). */
@ApplicationScoped
public class SearchService {

    private static final int MAX_QUERY = 256;

    private final UnitOfWork work;
    private final MessageRepository messages;

    public SearchService(UnitOfWork work, MessageRepository messages) {
        this.work = work;
        this.messages = messages;
    }

    public Uni<List<ObjectNode>> search(Caller caller, String query, UUID channelId, int limit) {
        if (query == null || query.isBlank() || query.codePointCount(0, query.length()) > MAX_QUERY) {
            throw new InvalidException("q must be 1–" + MAX_QUERY + " characters");
        }
        return work.read(db -> messages.search(db, caller.userId(), query, channelId, limit));
    }
}
