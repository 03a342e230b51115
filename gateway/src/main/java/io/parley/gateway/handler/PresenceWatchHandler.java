package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.gateway.client.PresenceClient;
import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.service.PresenceWatchers;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/** {@code presence.watch}: the current presence from session-service, then presence.updated events for those users. */
@Singleton
public class PresenceWatchHandler implements FrameHandler {

    private final PresenceClient presence;
    private final PresenceWatchers watchers;
    private final int maxUsers;

    public PresenceWatchHandler(@RestClient PresenceClient presence, PresenceWatchers watchers, GatewayConfig config) {
        this.presence = presence;
        this.watchers = watchers;
        this.maxUsers = config.limits().presenceWatchMax();
    }

    @Override
    public String op() {
        return "presence.watch";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        FrameFields fields = FrameFields.of(frame);
        if (fields.isAbsent("userIds")) {
            throw new InvalidException("userIds must be an array");
        }
        List<String> userIds = fields.uuidArray("userIds", maxUsers).stream().distinct().toList();
        if (userIds.isEmpty()) {
            watchers.watch(socket, userIds);
            var ok = FrameEncoder.object();
            ok.putArray("presence");
            return Uni.createFrom().item(Outcome.of(ok));
        }
        return presence.presence(String.join(",", userIds))
                .onFailure().transform(e -> new UnavailableException("session-service unavailable"))
                .map(answer -> {
                    watchers.watch(socket, userIds);
                    var ok = FrameEncoder.object();
                    JsonNode list = answer == null ? null : answer.get("presence");
                    if (list != null && list.isArray()) {
                        ok.set("presence", list);
                    } else {
                        ok.putArray("presence");
                    }
                    return Outcome.of(ok);
                });
    }
}
