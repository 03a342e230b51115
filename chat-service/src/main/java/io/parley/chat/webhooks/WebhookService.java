package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.Membership;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.UserRepository;
import io.parley.chat.repository.UserRepository.BotRow;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.webhooks.WebhookRepository.WebhookRow;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Managing incoming webhooks: channel owners and moderators (and admins) create them for a bot they own that is a
 * member of the channel (a bot caller: for itself); the creator, the channel's owners and moderators and admins list
 * and delete them. The posts themselves are {@link WebhookPosts}.
 */
@ApplicationScoped
public class WebhookService {

    private final UnitOfWork work;
    private final AccessPolicy access;
    private final ChannelRepository channels;
    private final UserRepository users;
    private final WebhookRepository webhooks;
    private final WebhookConfig config;

    public WebhookService(UnitOfWork work, AccessPolicy access, ChannelRepository channels, UserRepository users,
            WebhookRepository webhooks, WebhookConfig config) {
        this.work = work;
        this.access = access;
        this.channels = channels;
        this.users = users;
        this.webhooks = webhooks;
        this.config = config;
    }

    /** The request body of {@code POST /api/channels/{id}/webhooks}. */
    public record CreateWebhook(String name, String botId) {
    }

    /** @return {@code {webhook: {..., url}}}: the URL holds the secret, shown only here */
    public Uni<ObjectNode> create(Caller caller, UUID channelId, CreateWebhook body) {
        if (body == null) {
            throw new InvalidException("a JSON object is required");
        }
        String name = WebhookFields.name(body.name());
        UUID requestedBot = WebhookFields.optionalUuid("botId", body.botId());
        return work.commit(tx -> access.moderator(tx, channelId, caller)
                .chain(() -> users.bot(tx, caller.userId()))
                .chain(callerBot -> botFor(tx, caller, callerBot, requestedBot))
                .call(botId -> channels.membership(tx, channelId, botId).invoke(m -> {
                    if (m.isEmpty() || !m.get().isMember()) {
                        throw new InvalidException("the bot must be a member of the channel (invite it first)");
                    }
                }))
                .call(() -> webhooks.countInChannel(tx, channelId).invoke(n -> {
                    if (n >= config.maxPerChannel()) {
                        throw new InvalidException("a channel has at most " + config.maxPerChannel() + " webhooks");
                    }
                }))
                .chain(botId -> {
                    String secret = WebhookSecrets.generate();
                    WebhookRow row = new WebhookRow(UUID.randomUUID(), channelId, botId, name,
                            WebhookSecrets.hash(secret), caller.userId(), WireTime.now());
                    return webhooks.insert(tx, row).replaceWith(() -> {
                        ObjectNode view = view(row);
                        view.put("url", "/api/hooks/" + row.id() + "/" + secret);
                        ObjectNode answer = Json.object();
                        answer.set("webhook", view);
                        return answer;
                    });
                }));
    }

    /**
     * The bot the webhook posts as. A bot caller: itself ({@code botId} optional, another bot's INVALID). A person:
     * {@code botId} required, a bot they own that is not disabled; anything else is one INVALID answer, so a
     * stranger's bot ids are not told from unknown ones.
     */
    private Uni<UUID> botFor(SqlConnection tx, Caller caller, Optional<BotRow> callerBot, UUID requested) {
        if (callerBot.isPresent()) {
            if (requested != null && !requested.equals(caller.userId())) {
                throw new InvalidException("a bot creates webhooks for itself only (botId: omit it or give your own id)");
            }
            return Uni.createFrom().item(caller.userId());
        }
        if (requested == null) {
            throw new InvalidException("botId is required: the bot the webhook posts as");
        }
        return users.bot(tx, requested).map(bot -> {
            if (bot.isEmpty() || !caller.userId().equals(bot.get().ownerId())) {
                throw new InvalidException("botId must be one of your bots");
            }
            if (bot.get().banned()) {
                throw new InvalidException("the bot is disabled");
            }
            return requested;
        });
    }

    /** A channel's webhooks, for its owners, moderators and admins. */
    public Uni<List<ObjectNode>> list(Caller caller, UUID channelId) {
        return work.read(db -> access.moderator(db, channelId, caller)
                .chain(() -> webhooks.byChannel(db, channelId))
                .map(rows -> rows.stream().map(WebhookService::view).toList()));
    }

    /** The webhooks the caller created; with {@code all}, every webhook (admins only, others FORBIDDEN). */
    public Uni<List<ObjectNode>> listOwn(Caller caller, boolean all) {
        if (all && !caller.admin()) {
            throw new ForbiddenException("only an admin may list every webhook");
        }
        return work.read(db -> (all ? webhooks.all(db, Integer.MAX_VALUE) : webhooks.byCreator(db, caller.userId()))
                .map(rows -> rows.stream().map(WebhookService::view).toList()));
    }

    /**
     * Deletes the webhook at once (its URL answers 404 from the commit on): its creator, the channel's owners and
     * moderators, admins. Anyone else gets the 404 of an unknown webhook.
     */
    public Uni<Void> delete(Caller caller, UUID webhookId) {
        return work.commit(tx -> webhooks.find(tx, webhookId).chain(found -> {
            WebhookRow row = found.orElseThrow(WebhookService::noSuchWebhook);
            if (caller.admin() || caller.userId().equals(row.createdBy())) {
                return webhooks.delete(tx, webhookId).replaceWithVoid();
            }
            return channels.membership(tx, row.channelId(), caller.userId()).chain(m -> {
                if (m.isEmpty() || !moderates(m.get())) {
                    throw noSuchWebhook();
                }
                return webhooks.delete(tx, webhookId).replaceWithVoid();
            });
        }));
    }

    private static boolean moderates(Membership m) {
        return m.role() != null && m.role().moderates();
    }

    static NotFoundException noSuchWebhook() {
        return new NotFoundException("no such webhook");
    }

    /** The webhook view: never the secret nor its hash. */
    static ObjectNode view(WebhookRow row) {
        ObjectNode json = Json.object();
        json.put("id", row.id().toString());
        json.put("channelId", row.channelId().toString());
        json.put("botId", row.botId().toString());
        json.put("name", row.name());
        json.put("createdBy", row.createdBy().toString());
        json.put("createdAt", WireTime.format(row.createdAt()));
        return json;
    }
}
