package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/** Channel set-up through the public REST API, and the seq bookkeeping the guarantee tests assert on. */
final class Chat {

    private Chat() {
    }

    static String createChannel(Rest rest, TestUser owner, String visibility) {
        Rest.Response created = rest.post("/api/channels", owner.token(),
                Map.of("name", "st-" + UUID.randomUUID().toString().substring(0, 8), "visibility", visibility));
        if (created.status() != 201) {
            throw new AssertionError("create channel → " + created.status() + " " + created.raw());
        }
        return created.body().path("id").asText();
    }

    static void join(Rest rest, TestUser user, String channelId) {
        Rest.Response joined = rest.post("/api/channels/" + channelId + "/join", user.token(), Map.of());
        if (joined.status() != 204) {
            throw new AssertionError("join → " + joined.status() + " " + joined.raw());
        }
    }

    static void invite(Rest rest, TestUser owner, String channelId, TestUser user) {
        Rest.Response invited = rest.post("/api/channels/" + channelId + "/members", owner.token(),
                Map.of("userId", user.id()));
        if (invited.status() != 204) {
            throw new AssertionError("invite → " + invited.status() + " " + invited.raw());
        }
    }

    static Map<String, Object> message(String channelId, String text, String clientMsgId) {
        return Map.of("channelId", channelId, "text", text, "clientMsgId", clientMsgId);
    }

    /** Every message in the channel's history (paged by seq over REST). */
    static List<JsonNode> history(Rest rest, TestUser reader, String channelId) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            Rest.Response page = rest.get("/api/channels/" + channelId + "/messages?after=" + after + "&limit=100",
                    reader.token());
            if (page.status() != 200) {
                throw new AssertionError("history → " + page.status() + " " + page.raw());
            }
            page.body().path("messages").forEach(all::add);
            if (!page.body().path("hasMore").asBoolean() || all.isEmpty()) {
                return all;
            }
            after = all.get(all.size() - 1).path("seq").asLong();
        }
    }

    /**
     * Fails with the missing and duplicated seq numbers unless {@code seqs} is exactly from+1 … to, in order.
     */
    static void assertExactlyOnceInOrder(String who, List<Long> seqs, long from, long to) {
        SortedSet<Long> missing = new TreeSet<>();
        for (long s = from + 1; s <= to; s++) {
            missing.add(s);
        }
        SortedSet<Long> seen = new TreeSet<>();
        List<Long> duplicated = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        long previous = from;
        for (long seq : seqs) {
            if (!seen.add(seq)) {
                duplicated.add(seq);
            }
            if (seq <= previous) {
                outOfOrder.add(previous + "→" + seq);
            }
            previous = Math.max(previous, seq);
            missing.remove(seq);
        }
        if (!missing.isEmpty() || !duplicated.isEmpty() || !outOfOrder.isEmpty()) {
            throw new AssertionError(who + ": expected seq " + (from + 1) + ".." + to + " exactly once in order; missing "
                    + missing + ", duplicated " + duplicated + ", out of order " + outOfOrder);
        }
    }

    static List<Long> seqs(List<JsonNode> events) {
        return events.stream().map(e -> e.path("d").path("seq").asLong()).toList();
    }
}
