package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.repository.MessageRepository;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Message history by seq, for members: the newest page, the newest below a seq, or the oldest above one. */
@ApplicationScoped
public class HistoryService {

    private final UnitOfWork work;
    private final AccessPolicy access;
    private final MessageRepository messages;

    public HistoryService(UnitOfWork work, AccessPolicy access, MessageRepository messages) {
        this.work = work;
        this.access = access;
        this.messages = messages;
    }

    public Uni<Page> page(Caller caller, UUID channelId, Long before, Long after, int limit) {
        if (before != null && after != null) {
            throw new InvalidException("give before or after, not both");
        }
        // one row more than asked tells whether there is more in the paging direction
        return work.read(db -> access.member(db, channelId, caller).chain(() -> after != null
                ? messages.oldestAbove(db, channelId, after, limit + 1)
                        .map(rows -> rows.size() > limit ? new Page(rows.subList(0, limit), true) : new Page(rows, false))
                : messages.newestBelow(db, channelId, before, limit + 1)
                        .map(rows -> rows.size() > limit ? new Page(rows.subList(1, rows.size()), true)
                                : new Page(rows, false))));
    }

    /** One page, ascending by seq. */
    public record Page(List<ObjectNode> messages, boolean hasMore) {
    }
}
