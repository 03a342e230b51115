package io.parley.gateway.ws;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.RawSockets;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonArray;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;

/**
 * An open socket keeps no request header it does not need: websockets-next and Vert.x would otherwise hold the
 * upgrade request's headers (a bearer token, cookies, a browser's user agent) for the socket's whole life.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class HandshakeHeadersTest extends GatewayTest {

    private static final List<String> HANDSHAKE_HEADERS = List.of("host", "connection", "upgrade", "origin",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    @Inject
    OpenConnections openConnections;
    @Inject
    SocketRegistry registry;

    @Test
    void anOpenSocketKeepsOnlyTheHandshakesHeadersAndStillKnowsItsClient() {
        String token = Tokens.valid(newId());
        TestSocket socket = TestSocket.open(port(), Map.of("Authorization", "Bearer " + token,
                "X-Forwarded-For", TestSocket.randomIp(), "Cookie", "theme=dark; tracking=" + "x".repeat(400),
                "User-Agent", "parley-test/1.0", "Accept-Language", "en"), "/ws");
        String sessionId = socket.frames.get(0).getJsonObject("d").getString("sessionId");
        WebSocketConnection connection = openConnections.findByConnectionId(sessionId).orElseThrow();

        // websockets-next's copy: only what Vert.x and Netty read to complete the upgrade
        assertThat(connection.handshakeRequest().headers().keySet(), everyItem(is(in(HANDSHAKE_HEADERS))));
        assertThat(connection.handshakeRequest().headers(), hasKey("sec-websocket-key"));
        // Vert.x's own: none once the socket is open
        await().atMost(Duration.ofSeconds(10)).until(() -> RawSockets.of(connection).headers().isEmpty());

        // what the gateway needs of the dropped headers is kept: the user agent; the socket works as any other
        ClientSocket client = await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.byId(sessionId), found -> found != null);
        assertThat(client.userAgent(), is("parley-test/1.0"));
        assertThat(socket.request("presence.watch", TestSocket.d("userIds", new JsonArray().add(newId())))
                .getString("op"), is("ok"));
        socket.close();
    }
}
