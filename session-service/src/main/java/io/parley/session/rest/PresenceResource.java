package io.parley.session.rest;

import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.InvalidException;
import io.parley.kit.rest.QueryParams;
import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.PresenceState;
import io.parley.session.domain.UtcMillis;
import io.parley.session.service.PresenceService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Presence of up to 500 users, as others see it ({@code invisible} shows as {@code offline}). */
@Path("/api/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private final PresenceService presence;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final SessionsConfig config;

    public PresenceResource(PresenceService presence, CallerResolver callers, SecurityIdentity identity,
            SessionsConfig config) {
        this.presence = presence;
        this.callers = callers;
        this.identity = identity;
        this.config = config;
    }

    /** {@code userIds} comma-separated (the parameter may also repeat); duplicates count once. */
    @GET
    public Uni<Answer> get(@QueryParam("userIds") List<String> userIds) {
        callers.resolve(identity);
        return answer(presence, config, userIds);
    }

    /** One entry of the answer (PROTOCOL §3 {@code presence.updated}'s shape). */
    record Entry(UUID userId, String status, String text, String lastSeenAt) {
        static Entry of(PresenceState s) {
            return new Entry(s.userId(), s.status(), s.text(), UtcMillis.format(s.lastSeenAt()));
        }
    }

    record Answer(List<Entry> presence) {
    }

    /** The presence of {@code userIds} as others see it: the answer of this route and of the gateway's internal one. */
    static Uni<Answer> answer(PresenceService presence, SessionsConfig config, List<String> userIds) {
        List<UUID> ids = parseIds(config, userIds);
        return presence.shown(ids).map(states -> new Answer(states.stream().map(Entry::of).toList()));
    }

    private static List<UUID> parseIds(SessionsConfig config, List<String> params) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String param : params) {
            for (String part : param.split(",", -1)) {
                ids.add(QueryParams.uuid("userIds", part.trim()));
                if (ids.size() > config.maxPresenceIds()) {
                    throw new InvalidException("at most " + config.maxPresenceIds() + " userIds");
                }
            }
        }
        if (ids.isEmpty()) {
            throw new InvalidException("userIds is required");
        }
        return List.copyOf(ids);
    }
}
