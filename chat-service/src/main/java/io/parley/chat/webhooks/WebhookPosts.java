package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.webhooks.WebhookRepository.WebhookRow;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.ApiException;
import io.parley.kit.error.ErrorCode;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.RateLimitedException;
import io.parley.kit.error.TooLargeException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.UUID;

/**
 * {@code POST /api/hooks/{id}/{secret}}: checks, in this order, the body's size (413), the webhook and its secret
 * (one 404 for an unknown id, a deleted webhook and a wrong secret; the secret's hash compared in constant time),
 * its bot (403 when disabled), the webhook's rate (429 with Retry-After), the body's fields (400), then posts
 * through {@link BotPoster} as the webhook's bot, once per idempotency key ({@code hook:<id>:<key>}).
 */
@ApplicationScoped
public class WebhookPosts {

    /** The largest body a webhook takes (16 KiB: a 4000-character text in any script as UTF-8, with room for JSON). */
    public static final int MAX_BODY = 16 * 1024;

    private final UnitOfWork work;
    private final WebhookRepository webhooks;
    private final BotPoster poster;
    private final BannedUsers banned;
    private final WebhookRateLimiter limiter;
    private final WebhookMetrics metrics;
    private final ObjectMapper mapper;

    public WebhookPosts(UnitOfWork work, WebhookRepository webhooks, BotPoster poster, BannedUsers banned,
            WebhookRateLimiter limiter, WebhookMetrics metrics, ObjectMapper mapper) {
        this.work = work;
        this.webhooks = webhooks;
        this.poster = poster;
        this.banned = banned;
        this.limiter = limiter;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    /** @return {@code {messageId, seq, createdAt}}, the same for every post with the same idempotency key */
    public Uni<ObjectNode> post(String id, String secret, byte[] body) {
        return Uni.createFrom().deferred(() -> attempt(id, secret, body))
                .onItemOrFailure().invoke((answer, failure) -> metrics.post(outcome(answer, failure)))
                .map(answer -> {
                    answer.remove("created");
                    return answer;
                });
    }

    /** The body's declared size was over {@link #MAX_BODY}: refused before it is read. */
    public TooLargeException tooLarge() {
        metrics.post(WebhookMetrics.TOO_LARGE);
        return new TooLargeException("the body must be at most " + MAX_BODY + " bytes");
    }

    private Uni<ObjectNode> attempt(String id, String secret, byte[] body) {
        if (body != null && body.length > MAX_BODY) {
            throw new TooLargeException("the body must be at most " + MAX_BODY + " bytes");
        }
        UUID webhookId;
        try {
            webhookId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw WebhookService.noSuchWebhook();
        }
        byte[] presented = WebhookSecrets.hash(secret == null ? "" : secret);
        return work.read(db -> webhooks.find(db, webhookId)).chain(found -> {
            WebhookRow row = found.filter(w -> WebhookSecrets.matches(w.secretHash(), presented))
                    .orElseThrow(WebhookService::noSuchWebhook);
            if (banned.isBanned(row.botId())) {
                throw new ForbiddenException("the webhook's bot is disabled");
            }
            long retryAfter = limiter.take(row.id());
            if (retryAfter > 0) {
                throw new RateLimitedException("too many posts to this webhook", retryAfter);
            }
            JsonNode json = parse(body);
            String text = WebhookFields.text(json);
            String displayName = WebhookFields.optional(json, "displayName", WebhookFields.MAX_DISPLAY_NAME);
            String key = WebhookFields.optional(json, "idempotencyKey", WebhookFields.MAX_IDEMPOTENCY_KEY);
            String clientMsgId = "hook:" + row.id() + ":" + (key == null ? UUID.randomUUID().toString() : key);
            ObjectNode extras = Json.object();
            extras.putObject("webhook").put("id", row.id().toString())
                    .put("displayName", displayName == null ? row.name() : displayName);
            return poster.post(row.channelId(), row.botId(), text, clientMsgId, extras)
                    .onFailure(e -> e instanceof ApiException api && (api.errorCode() == ErrorCode.NOT_FOUND
                            || api.errorCode() == ErrorCode.FORBIDDEN))
                    .transform(e -> new ForbiddenException("the webhook's bot is not a member of the channel"))
                    .map(posted -> {
                        ObjectNode answer = Json.object();
                        answer.put("messageId", posted.messageId().toString());
                        answer.put("seq", posted.seq());
                        answer.put("createdAt", posted.createdAt());
                        answer.put("created", posted.created());
                        return answer;
                    });
        });
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidException("a JSON object is required");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidException("the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidException("the body must be a JSON object");
        }
        return json;
    }

    private static String outcome(ObjectNode answer, Throwable failure) {
        if (failure == null) {
            return answer.path("created").asBoolean() ? WebhookMetrics.POSTED : WebhookMetrics.REPLAYED;
        }
        if (!(failure instanceof ApiException api)) {
            return WebhookMetrics.ERROR;
        }
        return switch (api.errorCode()) {
            case NOT_FOUND -> WebhookMetrics.NOT_FOUND;
            case RATE_LIMITED -> WebhookMetrics.RATE_LIMITED;
            case INVALID -> WebhookMetrics.INVALID;
            case TOO_LARGE -> WebhookMetrics.TOO_LARGE;
            case FORBIDDEN -> WebhookMetrics.FORBIDDEN;
            case UNAVAILABLE -> WebhookMetrics.UNAVAILABLE;
            default -> WebhookMetrics.ERROR;
        };
    }
}
