package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.ChannelLog;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static io.parley.gateway.support.TestSocket.d;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** sinceSeq recovery and gap filling: every event exactly once, in seq order, replayed ones marked. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class ReplayTest extends GatewayTest {

    private static JsonObject message(int i) {
        return new JsonObject().put("message", new JsonObject().put("text", "m" + i));
    }

    private static List<Long> seqs(TestSocket socket, String channel) {
        return socket.events(channel).stream().map(e -> e.getJsonObject("d").getLong("seq")).toList();
    }

    @Test
    void sinceSeqRecoveryRacingLiveTrafficHasNoGapAndNoDuplicate() throws Exception {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        ChannelLog log = doubles.log(channel);
        for (int i = 0; i < 200; i++) {
            log.append("message.created", message(i));
        }
        TestSocket socket = connect(user);
        // live traffic keeps committing and publishing while the socket recovers from seq 50
        CompletableFuture<Void> live = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                doubles.commitAndPublish(channel, "message.created", message(1000 + i));
            }
        });
        JsonObject ok = socket.request("subscribe", d("channelId", channel, "sinceSeq", 50));
        assertThat(ok.getString("op"), is("ok"));
        assertThat(ok.getJsonObject("d").containsKey("truncated"), is(false));
        live.get();
        long last = log.lastSeq();
        await().atMost(Duration.ofSeconds(60)).until(() -> seqs(socket, channel).size() >= last - 50);
        assertThat(seqs(socket, channel), is(LongStream.rangeClosed(51, last).boxed().toList()));
        // the ok came before any event of the channel, and the recovered events are marked as replay
        assertThat(socket.frames.indexOf(ok), lessThan(socket.frames.indexOf(socket.events(channel).get(0))));
        assertThat(socket.events(channel).get(0).getBoolean("replay"), is(true));
        socket.close();
    }

    @Test
    void liveEventThatSkipsAheadFetchesTheGapFirst() {
        String user = newId();
        String channel = newId();
        TestSocket socket = subscribedMember(user, channel);
        doubles.commitAndPublish(channel, "message.created", message(1));
        socket.awaitFrame(f -> "event".equals(f.getString("op")) && channel.equals(f.getJsonObject("d").getString("channelId")));
        // seq 2 and 3 are committed but their live records never arrive; seq 4 does
        doubles.log(channel).append("message.created", message(2));
        doubles.log(channel).append("message.created", message(3));
        doubles.commitAndPublish(channel, "message.created", message(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> seqs(socket, channel).size() >= 4);
        assertThat(seqs(socket, channel), is(List.of(1L, 2L, 3L, 4L)));
        assertThat(socket.events(channel).get(1).getBoolean("replay"), is(true));
        // seq 1 came live; 2 and 3 could only come from the log
        assertThat(socket.events(channel).get(0).containsKey("replay"), is(false));
        assertThat(socket.events(channel).get(2).getBoolean("replay"), is(true));
        socket.close();
    }

    @Test
    void moreThanAThousandMissedIsTruncatedAndLiveEventsContinue() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        for (int i = 0; i < 1100; i++) {
            doubles.log(channel).append("message.created", message(i));
        }
        TestSocket socket = connect(user);
        JsonObject ok = socket.request("subscribe", d("channelId", channel, "sinceSeq", 10));
        assertThat(ok.getJsonObject("d").getBoolean("truncated"), is(true));
        assertThat(ok.getJsonObject("d").getLong("lastSeq"), is(1100L));
        doubles.commitAndPublish(channel, "message.created", message(1101));
        await().atMost(Duration.ofSeconds(30)).until(() -> !socket.events(channel).isEmpty());
        assertThat(seqs(socket, channel), is(List.of(1101L)));
        socket.close();
    }

    @Test
    void duplicateLiveRecordsAreDeliveredOnce() {
        String user = newId();
        String channel = newId();
        TestSocket socket = subscribedMember(user, channel);
        JsonObject first = doubles.commitAndPublish(channel, "message.created", message(1));
        doubles.publishEvent(channel, first);
        doubles.commitAndPublish(channel, "message.created", message(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> seqs(socket, channel).contains(2L));
        assertThat(seqs(socket, channel), is(List.of(1L, 2L)));
        socket.close();
    }
}
