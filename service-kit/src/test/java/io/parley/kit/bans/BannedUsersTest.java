package io.parley.kit.bans;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BannedUsersTest {

    private final BannedUsers banned = new BannedUsers();

    @Test
    void theLatestRecordOfAUserIsTheirBanState() {
        UUID user = UUID.randomUUID();
        banned.apply(record(user, "user.banned", true));
        assertTrue(banned.isBanned(user));
        assertTrue(banned.isBanned(user.toString()));
        banned.apply(record(user, "user.unbanned", false));
        assertFalse(banned.isBanned(user));
    }

    @Test
    void aSubjectThatIsNoUserIdIsNeverBanned() {
        assertFalse(banned.isBanned("not-a-uuid"));
        assertFalse(banned.isBanned((String) null));
    }

    @Test
    void aValueThatIsNoEnvelopeIsSkipped() {
        assertNull(BannedUsers.read("{not json"));
        assertNull(BannedUsers.read(null));
    }

    @Test
    void tokensIssuedBeforeTheBoundAreRefusedAndTheBoundOnlyMovesLater() {
        UUID bot = UUID.randomUUID();
        long bound = Instant.parse("2026-11-25T12:30:00Z").getEpochSecond();
        assertFalse(banned.refusesToken(bot, bound - 60));
        assertTrue(banned.apply(record(bot, "user.updated", false, "2026-11-25T12:30:00.000Z")));
        assertTrue(banned.refusesToken(bot, bound - 1));
        assertTrue(banned.refusesToken(bot.toString(), bound - 1));
        assertFalse(banned.refusesToken(bot, bound));
        assertFalse(banned.refusesToken(UUID.randomUUID(), bound - 1));
        assertFalse(banned.refusesToken("not-a-uuid", bound - 1));
        assertFalse(banned.isBanned(bot));
        // the same bound again (a rename re-publishes it): nothing new was revoked
        assertFalse(banned.apply(record(bot, "user.updated", false, "2026-11-25T12:30:00.000Z")));
        // an older bound or none does not lift it
        assertFalse(banned.apply(record(bot, "user.updated", false, "2026-11-25T12:00:00.000Z")));
        assertFalse(banned.apply(record(bot, "user.updated", false, null)));
        assertTrue(banned.refusesToken(bot, bound - 1));
        // inside a second: that whole second's tokens are refused too
        assertTrue(banned.apply(record(bot, "user.banned", true, "2026-11-25T12:31:00.250Z")));
        assertTrue(banned.refusesToken(bot, bound + 60));
        assertFalse(banned.refusesToken(bot, bound + 61));
        assertTrue(banned.isBanned(bot));
        assertFalse(banned.apply(record(bot, "user.banned", true, "not a time")));
    }

    private static Envelope record(UUID user, String type, boolean isBanned) {
        return record(user, type, isBanned, null);
    }

    private static Envelope record(UUID user, String type, boolean isBanned, String tokensNotBefore) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.putObject("user").put("id", user.toString());
        data.put("banned", isBanned);
        if (tokensNotBefore != null) {
            data.put("tokensNotBefore", tokensNotBefore);
        }
        return Envelope.of(type, "auth-service/test", user.toString(), data);
    }
}
