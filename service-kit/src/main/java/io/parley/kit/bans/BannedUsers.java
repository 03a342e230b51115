package io.parley.kit.bans;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users banned right now, projected from the compacted {@code auth.users} topic (its latest record per user is
 * the user's state). Every service keeps it and refuses a banned user's still-valid token.
 */
@ApplicationScoped
public class BannedUsers {

    private final Set<UUID> banned = ConcurrentHashMap.newKeySet();

    /** Records the state an {@code auth.users} record carries; a record without {@code banned: true} lifts a ban. */
    public void apply(Envelope record) {
        UUID userId = userIdOf(record);
        if (userId != null) {
            record(userId, record.data() != null && record.data().path("banned").asBoolean(false));
        }
    }

    public void record(UUID userId, boolean isBanned) {
        if (isBanned) {
            banned.add(userId);
        } else {
            banned.remove(userId);
        }
    }

    public boolean isBanned(UUID userId) {
        return userId != null && banned.contains(userId);
    }

    /** For callers that hold a token's subject as text; a subject that is no user id is never banned. */
    public boolean isBanned(String userId) {
        UUID id = parse(userId);
        return id != null && banned.contains(id);
    }

    public int size() {
        return banned.size();
    }

    /** The user an {@code auth.users} record is about: its subject (the record key), else {@code data.user.id}. */
    public static UUID userIdOf(Envelope record) {
        UUID id = parse(record.subject());
        if (id == null && record.data() != null) {
            id = parse(record.data().path("user").path("id").asText(null));
        }
        return id;
    }

    /** Reads an {@code auth.users} record value; null for a tombstone or a value that is no envelope. */
    public static Envelope read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
