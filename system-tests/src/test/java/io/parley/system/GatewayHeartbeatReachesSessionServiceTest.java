package io.parley.system;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crosses services through the real broker: a gateway process publishes its instance heartbeat on session.events,
 * and the session-service process records it in the sessions database.
 */
class GatewayHeartbeatReachesSessionServiceTest {

    private final ParleyStack stack = ParleyStack.get();

    @Test
    void sessionServiceRecordsTheGatewaysHeartbeats() {
        Timestamp first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(this::lastHeartbeat, t -> t != null);
        // heartbeats keep coming: the recorded time moves forward
        Timestamp later = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(this::lastHeartbeat, t -> t != null && t.after(first));
        assertTrue(later.after(first));
    }

    private Timestamp lastHeartbeat() throws Exception {
        var config = stack.config;
        try (Connection c = DriverManager.getConnection(config.jdbcUrl("sessions"), config.pgUser(),
                config.pgPassword());
                PreparedStatement q = c.prepareStatement(
                        "SELECT last_heartbeat FROM gateway_instances WHERE instance_id = ?")) {
            q.setString(1, stack.gatewayAId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1) : null;
            }
        }
    }
}
