package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RecordTail;
import io.parley.gateway.support.TestSocket;
import io.parley.kit.instance.InstanceIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.parley.gateway.support.TestSocket.d;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** What session-service learns from the gateway on session.events, and the gateway's own metrics. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class SessionEventsTest extends GatewayTest {

    @Inject
    InstanceIdentity instance;

    @Test
    void socketOpenPresenceAndCloseArePublishedWithTheSessionId() {
        try (RecordTail tail = new RecordTail(Topics.SESSION_EVENTS.name())) {
            String user = newId();
            TestSocket socket = connect(user);
            String sessionId = socket.frames.get(0).getJsonObject("d").getString("sessionId");
            Envelope opened = tail.await(e -> "session.opened".equals(e.type()) && sessionId.equals(e.data().path("sessionId").asText()));
            assertThat(opened.subject(), is(user));
            assertThat(opened.data().path("instance").asText(), is(instance.id()));
            assertThat(opened.data().path("connectedAt").asText(), not(emptyOrNullString()));
            // a token without sid (minted before auth-service wrote it): no family on the wire
            assertThat(opened.data().path("familyId").isMissingNode(), is(true));

            assertThat(socket.request("presence.set", d("status", "dnd", "text", "focus")).getString("op"), is("ok"));
            Envelope presence = tail.await(e -> "presence.set".equals(e.type()) && sessionId.equals(e.data().path("sessionId").asText()));
            assertThat(presence.data().path("status").asText(), is("dnd"));
            assertThat(presence.data().path("text").asText(), is("focus"));

            socket.close();
            Envelope closed = tail.await(e -> "session.closed".equals(e.type()) && sessionId.equals(e.data().path("sessionId").asText()));
            assertThat(closed.data().path("userId").asText(), is(user));
        }
    }

    @Test
    void sessionOpenedCarriesTheTokensRefreshTokenFamily() {
        try (RecordTail tail = new RecordTail(Topics.SESSION_EVENTS.name())) {
            String user = newId();
            String family = newId();
            TestSocket socket = TestSocket.open(port(), io.parley.gateway.support.Tokens.withSid(user, family));
            String sessionId = socket.frames.get(0).getJsonObject("d").getString("sessionId");
            Envelope opened = tail.await(e -> "session.opened".equals(e.type()) && sessionId.equals(e.data().path("sessionId").asText()));
            assertThat(opened.data().path("familyId").asText(), is(family));
            socket.close();
        }
    }

    @Test
    void instanceHeartbeatIsPublishedUnderTheInstanceId() {
        try (RecordTail tail = new RecordTail(Topics.SESSION_EVENTS.name())) {
            Envelope beat = tail.await(e -> "instance.heartbeat".equals(e.type()) && instance.id().equals(e.subject()));
            assertThat(beat.data().path("intervalMs").asLong(), is(5000L));
        }
    }

    @Test
    void metricsCountSocketsFramesAndErrors() {
        TestSocket socket = connect(newId());
        socket.sendText("not json");
        socket.awaitFrame(f -> "error".equals(f.getString("op")));
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("parley_gateway_sockets_active"));
        assertThat(metrics, containsString("parley_gateway_frames_out_total{op=\"hello\""));
        assertThat(metrics, containsString("parley_gateway_errors_total{code=\"BAD_FRAME\""));
        assertThat(metrics, containsString("parley_gateway_fanout_delay_seconds"));
        socket.close();
    }
}
