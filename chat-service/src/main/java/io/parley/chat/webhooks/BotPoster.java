package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.config.ChatConfig;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.service.TransientFailures;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.service.commands.SendHandler;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Posts a message as a bot without a socket (incoming webhooks, public slash-command answers): the {@code send}
 * command's own code ({@link SendHandler#post}) in one transaction of {@link UnitOfWork}, so the seq, the dedupe on
 * (sender, clientMsgId), the mentions, the outbox row and its relay to {@code chat.events} are a send's.
 * <p>
 * Seq when a post and the {@code chat.commands} consumer (or another post) write the same channel at once: each
 * takes the channel's next seq with {@code ChannelRepository.nextSeq}, an {@code UPDATE channels ... RETURNING
 * last_seq} whose row lock its transaction keeps until it ends. The other writer waits on that lock and then reads
 * the committed {@code last_seq} (READ COMMITTED re-reads an updated row), so seqs follow commit order without gaps
 * (a transaction that rolls back gives its seq back with its update), and the relay, which reads committed outbox
 * rows, never sees seq n+1 before n. {@code BotPosterTest} checks it against a concurrent chat.commands load.
 * <p>
 * Exactly once per clientMsgId, concurrent duplicates too: both transactions may find no first message; the second
 * then waits on the channel row lock and, after the first commits, fails on {@code UNIQUE (sender_id,
 * client_msg_id)} and rolls back (its seq with it); it is tried once more and finds the first message (as
 * {@code CommandProcessor} does for a send).
 */
@ApplicationScoped
public class BotPoster {

    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final UnitOfWork work;
    private final SendHandler send;
    private final BannedUsers banned;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public BotPoster(UnitOfWork work, SendHandler send, BannedUsers banned, ChatConfig config) {
        this.work = work;
        this.send = send;
        this.banned = banned;
        this.minBackoff = config.retry().minBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    /**
     * What a post gave: the send's {@code ok} fields, whether this call created the message (false: the first one
     * for this clientMsgId again) and the message view.
     */
    public record Posted(UUID messageId, long seq, String createdAt, boolean created, ObjectNode message) {
    }

    /**
     * Posts {@code text} to {@code channelId} as {@code botUserId}, once per {@code clientMsgId} (callers namespace
     * it: {@code hook:<webhookId>:<key>}, at most 128 characters). The bot must be a member of the channel (FORBIDDEN
     * otherwise, NOT_FOUND for a channel it cannot see) and not banned (FORBIDDEN). {@code extras}: an object of
     * extra message view fields (e.g. {@code {"webhook": {...}}}), or null.
     *
     * @return after commit; the event follows on chat.events (the relay is asked at once)
     */
    public Uni<Posted> post(UUID channelId, UUID botUserId, String text, String clientMsgId, JsonNode extras) {
        if (clientMsgId == null || clientMsgId.isEmpty() || clientMsgId.length() > 128) {
            throw new IllegalArgumentException("clientMsgId must have 1 to 128 characters");
        }
        if (extras != null && !extras.isObject()) {
            throw new IllegalArgumentException("extras must be a JSON object");
        }
        if (banned.isBanned(botUserId)) {
            return Uni.createFrom().failure(new ForbiddenException("the user is banned"));
        }
        Caller bot = new Caller(botUserId, null, false);
        ObjectNode fields = extras == null ? null : (ObjectNode) extras;
        return Uni.createFrom().deferred(() -> work.commit(tx -> send.post(tx, channelId, bot, clientMsgId, text, fields)))
                // a concurrent duplicate lost the unique race: once more, it finds the first message
                .onFailure(BotPoster::uniqueViolation).retry().atMost(1)
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).atMost(2)
                .onFailure(TransientFailures::isTransient)
                .transform(e -> new UnavailableException("the database is unavailable"))
                .map(BotPoster::posted);
    }

    private static Posted posted(CommandOutcome outcome) {
        if (outcome.error() != null) {
            throw outcome.error();
        }
        JsonNode ok = outcome.reply().path("ok");
        if (outcome.message() == null || !ok.hasNonNull("messageId")) {
            throw new InvalidException("nothing was posted");
        }
        return new Posted(UUID.fromString(ok.path("messageId").asText()), ok.path("seq").asLong(),
                ok.path("createdAt").asText(), outcome.created(), outcome.message());
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return UNIQUE_VIOLATION.equals(pg.getSqlState());
            }
        }
        return false;
    }
}
