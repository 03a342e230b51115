package io.parley.chat.slash;

import io.parley.chat.domain.Membership;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.slash.SlashRepository.CommandRow;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Registration of slash commands: a bot member of a channel registers and removes its commands; members list them. */
@ApplicationScoped
public class SlashCommandRegistry {

    private final UnitOfWork work;
    private final AccessPolicy access;
    private final SlashRepository commands;
    private final int maxPerBot;

    public SlashCommandRegistry(UnitOfWork work, AccessPolicy access, SlashRepository commands, SlashConfig config) {
        this.work = work;
        this.access = access;
        this.commands = commands;
        this.maxPerBot = config.maxCommandsPerBot();
    }

    /** A command as members see it. */
    public record CommandView(String name, String description, String usage, UUID botId, String botUsername) {

        static CommandView of(CommandRow row) {
            return new CommandView(row.name(), row.description(), row.usage(), row.botId(), row.botUsername());
        }
    }

    public record Registered(CommandView command, boolean created) {
    }

    /** Registers or replaces {@code /name} of the calling bot in a channel it is a member of. */
    public Uni<Registered> register(Caller caller, boolean callerIsBot, UUID channelId, String name, String description,
            String usage) {
        if (!callerIsBot) {
            throw new ForbiddenException("only a bot may register slash commands");
        }
        return work.commit(tx -> access.member(tx, channelId, caller)
                .chain(() -> commands.find(tx, channelId, name))
                .chain(existing -> {
                    boolean replacing = existing.isPresent() && existing.get().botId().equals(caller.userId());
                    return replacing ? Uni.createFrom().voidItem() : commands.countOfBot(tx, channelId, caller.userId())
                            .invoke(n -> {
                                if (n >= maxPerBot) {
                                    throw new InvalidException("a bot may register at most " + maxPerBot
                                            + " commands in a channel");
                                }
                            }).replaceWithVoid();
                })
                .chain(() -> commands.upsert(tx, channelId, name, caller.userId(), description, usage))
                .map(created -> new Registered(new CommandView(name, description, usage, caller.userId(),
                        caller.username()), created.orElseThrow(() -> new ConflictException(
                        "/" + name + " is registered by another bot in this channel")))));
    }

    /** Removes a command: its bot, or the channel's owner or moderator, or an admin. */
    public Uni<Void> unregister(Caller caller, UUID channelId, String name) {
        return work.commit(tx -> access.visible(tx, channelId, caller)
                .chain(membership -> commands.find(tx, channelId, name).chain(found -> {
                    CommandRow command = found.orElseThrow(() -> new NotFoundException("no such command"));
                    if (!command.botId().equals(caller.userId())) {
                        requireModerator(membership, caller);
                    }
                    return commands.delete(tx, channelId, name);
                }))
                .replaceWithVoid());
    }

    /** The channel's live commands: for its members (and admins, who see every integration). */
    public Uni<List<CommandView>> list(Caller caller, UUID channelId) {
        return work.read(db -> access.visible(db, channelId, caller)
                .invoke(membership -> {
                    if (!membership.isMember() && !caller.admin()) {
                        throw new ForbiddenException("join the channel first");
                    }
                })
                .chain(() -> commands.live(db, channelId))
                .map(rows -> rows.stream().map(CommandView::of).toList()));
    }

    private void requireModerator(Membership membership, Caller caller) {
        if (!membership.isMember() && !caller.admin()) {
            // a public channel's outsider sees the channel, not its integrations
            throw new NotFoundException("no such command");
        }
        access.requireModerator(membership, caller);
    }
}
