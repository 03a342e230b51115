package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The JDK's WebSocket client sends a long text message as 16 KiB fragments: the size limit applies to the whole
 * message, and a message within it is served like any other.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class FragmentedMessageTest extends GatewayTest {

    @Test
    void fragmentedMessageWithinTheLimitIsServed() throws Exception {
        JdkSocket socket = new JdkSocket(port(), Tokens.valid(newId()));
        socket.ws.sendText("{\"op\":\"ping\",\"id\":\"frag\",\"pad\":\"" + "x".repeat(60_000) + "\"}", true).join();
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> socket.texts.stream()
                .anyMatch(t -> t.contains("\"pong\"") && t.contains("\"frag\"")));
        socket.ws.abort();
    }

    @Test
    void fragmentedMessageOverTheLimitCloses1009() throws Exception {
        JdkSocket socket = new JdkSocket(port(), Tokens.valid(newId()));
        socket.ws.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}", true).join();
        assertThat(socket.closed.get(30, TimeUnit.SECONDS), is(1009));
    }

    /** A plain JDK WebSocket client (not the gateway's classes). */
    private static final class JdkSocket {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket ws;

        JdkSocket(int port, String token) throws Exception {
            StringBuilder partial = new StringBuilder();
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                texts.add(partial.toString());
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket w, Throwable error) {
                            closed.complete(-1);
                        }
                    }).get(30, TimeUnit.SECONDS);
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> texts.stream()
                    .anyMatch(t -> t.contains("\"hello\"")));
        }
    }
}
