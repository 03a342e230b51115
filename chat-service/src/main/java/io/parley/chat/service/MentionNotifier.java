package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.MemberRepository;
import io.parley.events.EventTypes.UserEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code @username} of a channel member in a new message → a {@code mention} user event for that member. */
@ApplicationScoped
public class MentionNotifier {

    /** Usernames are 3–32 of [A-Za-z0-9_.-]; a trailing dot is punctuation, not part of the name. */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.-])@([A-Za-z0-9_.-]{3,32})");
    private static final int MAX_MENTIONS = 50;

    private final MemberRepository members;
    private final ChannelEventLog log;

    public MentionNotifier(MemberRepository members, ChannelEventLog log) {
        this.members = members;
        this.log = log;
    }

    public Uni<Void> notify(SqlClient tx, UUID channelId, long seq, UUID messageId, UUID senderId, String text) {
        List<String> names = mentionedNames(text);
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return members.membersNamed(tx, channelId, names).chain(userIds -> Multi.createFrom().iterable(userIds)
                .filter(userId -> !userId.equals(senderId))
                .onItem().transformToUniAndConcatenate(userId -> {
                    ObjectNode d = Json.object();
                    d.put("channelId", channelId.toString());
                    d.put("seq", seq);
                    d.put("messageId", messageId.toString());
                    d.put("by", senderId.toString());
                    return log.toUser(tx, userId, UserEvents.MENTION, d);
                })
                .collect().last().replaceWithVoid());
    }

    /** The distinct lower-case names after an {@code @}, trailing dots dropped. */
    static List<String> mentionedNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find() && names.size() < MAX_MENTIONS) {
            String name = matcher.group(1).replaceAll("\\.+$", "").toLowerCase();
            if (name.length() >= 3) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }
}
