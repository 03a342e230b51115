package io.parley.kit.bans;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.junit.jupiter.api.Test;

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

    private static Envelope record(UUID user, String type, boolean isBanned) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.putObject("user").put("id", user.toString());
        data.put("banned", isBanned);
        return Envelope.of(type, "auth-service/test", user.toString(), data);
    }
}
