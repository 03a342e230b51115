package io.parley.gateway.support;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Common ground of the gateway's tests: the doubles of the other services, a ready gateway, fresh ids. */
public abstract class GatewayTest {

    @TestHTTPResource("/")
    protected URI base;

    protected ServiceDoubles doubles;

    @BeforeEach
    void gatewayAndDoublesReady() {
        doubles = ServiceDoubles.current();
        await().atMost(Duration.ofSeconds(60)).until(() -> doubles.chat.isAssigned()
                && given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeLeftoverSockets() {
        TestSocket.closeAll();
    }

    protected int port() {
        return base.getPort();
    }

    protected static String newId() {
        return UUID.randomUUID().toString();
    }

    protected TestSocket connect(String userId) {
        return TestSocket.open(port(), Tokens.valid(userId));
    }

    /** A member of the channel on a fresh socket, subscribed to it (no sinceSeq). */
    protected TestSocket subscribedMember(String userId, String channelId) {
        doubles.grant(channelId, userId, "member");
        TestSocket socket = connect(userId);
        JsonObject ok = socket.request("subscribe", TestSocket.d("channelId", channelId));
        if (!"ok".equals(ok.getString("op"))) {
            throw new IllegalStateException("subscribe refused: " + ok.encode());
        }
        return socket;
    }
}
