package io.parley.session.repository;

import io.parley.session.domain.SessionEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/** SQL over {@code gateway_instances}: when each gateway was last heard from, and at which interval. */
@ApplicationScoped
public class GatewayInstanceRepository {

    /**
     * Idempotent and order-proof: a redelivered or late heartbeat never moves last_heartbeat back, and only a
     * newer heartbeat refreshes last_heard_at (this service's clock), so replaying old records cannot revive a dead
     * gateway.
     */
    public Uni<Void> recordHeartbeat(SqlClient client, SessionEvents.Heartbeat heartbeat) {
        return client.preparedQuery("""
                INSERT INTO gateway_instances (instance_id, last_heartbeat, interval_ms, last_heard_at)
                VALUES ($1, $2, $3, now())
                ON CONFLICT (instance_id) DO UPDATE SET
                    interval_ms = CASE WHEN EXCLUDED.last_heartbeat > gateway_instances.last_heartbeat
                                       THEN EXCLUDED.interval_ms ELSE gateway_instances.interval_ms END,
                    last_heard_at = CASE WHEN EXCLUDED.last_heartbeat > gateway_instances.last_heartbeat
                                         THEN now() ELSE gateway_instances.last_heard_at END,
                    last_heartbeat = GREATEST(gateway_instances.last_heartbeat, EXCLUDED.last_heartbeat)
                """).execute(Tuple.of(heartbeat.instance(), SessionRepository.utc(heartbeat.at()),
                        (int) heartbeat.intervalMs()))
                .replaceWithVoid();
    }

    /**
     * A gateway that opens a session is known from then on, even before its first heartbeat arrives (it is judged
     * by the default interval until then); '-infinity' lets any real heartbeat count as newer. Skipped for a gateway
     * recorded a moment ago ({@code RecentInstances}).
     */
    public Uni<Void> recordSeen(SqlClient client, String instance) {
        return client.preparedQuery("""
                INSERT INTO gateway_instances (instance_id, last_heartbeat, last_heard_at)
                VALUES ($1, '-infinity', now())
                ON CONFLICT (instance_id) DO NOTHING
                """).execute(Tuple.of(instance)).replaceWithVoid();
    }

    /** Forgets gateways long gone that hold no live session. */
    public Uni<Integer> deleteSilentSince(SqlClient client, OffsetDateTime before) {
        return client.preparedQuery("""
                DELETE FROM gateway_instances g WHERE g.last_heard_at < $1
                  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.instance_id = g.instance_id AND s.closed_at IS NULL)
                """).execute(Tuple.of(before)).map(RowSet::rowCount);
    }

    public Uni<Void> recordStopped(SqlClient client, SessionEvents.InstanceStopped stopped) {
        return client.preparedQuery("""
                UPDATE gateway_instances SET stopped_at = GREATEST(stopped_at, $2) WHERE instance_id = $1
                """).execute(Tuple.of(stopped.instance(), SessionRepository.utc(stopped.at()))).replaceWithVoid();
    }
}
