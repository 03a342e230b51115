package io.parley.session.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.events.data.CallCommand;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;
import io.parley.session.config.CallsConfig;
import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.Calls;
import io.parley.session.domain.UtcMillis;
import io.parley.session.messaging.CallPublisher;
import io.parley.session.repository.CallRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Call state (docs/calls.md). Every change of a call is decided under its row lock, and the events it causes are
 * acknowledged by the broker before the transaction commits: a failed publish rolls the change back, so each
 * participant's join, leave and each call's end is announced exactly once (a retried decision may announce again only
 * what was rolled back). The gateway checked channel access for join and get before it forwarded them.
 */
@ApplicationScoped
public class CallService {

    static final Set<String> KINDS = Set.of("offer", "answer", "candidate");

    private final Pool pool;
    private final CallRepository calls;
    private final CallPublisher publisher;
    private final IceServers ice;
    private final CallMetrics metrics;
    private final CallsConfig config;
    private final SessionsConfig sessions;

    public CallService(Pool pool, CallRepository calls, CallPublisher publisher, IceServers ice, CallMetrics metrics,
            CallsConfig config, SessionsConfig sessions) {
        this.pool = pool;
        this.calls = calls;
        this.publisher = publisher;
        this.ice = ice;
        this.metrics = metrics;
        this.config = config;
        this.sessions = sessions;
    }

    /** Carries out a call op; the answer is the reply's {@code ok}, a failure an {@code ApiException} to answer. */
    public Uni<JsonNode> handle(String type, CallCommand command) {
        return switch (type) {
            case EventTypes.SessionEvents.CALL_JOIN -> join(command);
            case EventTypes.SessionEvents.CALL_LEAVE -> leave(command);
            case EventTypes.SessionEvents.CALL_SIGNAL -> signal(command);
            case EventTypes.SessionEvents.CALL_GET -> get(command.channelId());
            default -> Uni.createFrom().failure(new InvalidException("unknown call op"));
        };
    }

    // ---- join -----------------------------------------------------------------------------------------------------

    private Uni<JsonNode> join(CallCommand c) {
        return pool.withTransaction(tx -> lockOrStart(tx, c.channelId(), c.userId())
                        .chain(call -> calls.participants(tx, call.callId())
                                .chain(present -> joinLocked(tx, call, present, c))))
                .map(state -> {
                    ObjectNode ok = JsonNodeFactory.instance.objectNode();
                    ok.set("call", callJson(state));
                    ok.set("iceServers", ice.forUser(c.userId()));
                    return ok;
                });
    }

    /** The channel's call, locked; started by {@code userId} when there is none. */
    private Uni<Calls.Call> lockOrStart(SqlConnection tx, UUID channelId, UUID userId) {
        return calls.createIfAbsent(tx, channelId, userId)
                .chain(created -> created != null ? Uni.createFrom().item(created)
                        : calls.lockByChannel(tx, channelId)
                                // ended between the two statements: start it again
                                .chain(locked -> locked != null ? Uni.createFrom().item(locked)
                                        : lockOrStart(tx, channelId, userId)));
    }

    private Uni<Calls.CallState> joinLocked(SqlConnection tx, Calls.Call call, List<Calls.Participant> present,
            CallCommand c) {
        Calls.Participant mine = present.stream().filter(p -> p.userId().equals(c.userId())).findFirst().orElse(null);
        UUID channelId = call.channelId();
        if (mine != null && mine.sessionId().equals(c.sessionId()) && mine.connected()) {
            return Uni.createFrom().item(new Calls.CallState(call, present)); // the same socket again: same answer
        }
        Uni<Void> work;
        if (mine != null) {
            // the user's participation goes on on this socket: after a disconnect (its session closed, the sweep
            // may not have marked it yet) within the grace period it simply continues; from a socket still live it
            // moves, the old socket's session leaving with "moved"
            work = (mine.connected() ? calls.sessionLive(tx, mine.sessionId()) : Uni.createFrom().item(false))
                    .chain(moved -> (moved ? announceLeft(call, mine, Calls.LeaveReason.MOVED)
                            : Uni.createFrom().voidItem())
                            .chain(() -> calls.moveParticipant(tx, call.callId(), c.userId(), c.sessionId(),
                                    c.instance(), moved)));
        } else {
            if (present.size() >= config.maxParticipants()) {
                return Uni.createFrom().failure(new ConflictException(
                        "the call is full (" + config.maxParticipants() + " participants)"));
            }
            work = calls.addParticipant(tx, call.callId(), c.userId(), c.sessionId(), c.instance());
            if (call.created()) {
                ObjectNode started = base(call);
                started.put("startedBy", call.startedBy().toString());
                started.put("startedAt", UtcMillis.format(call.startedAt()));
                work = work.chain(() -> publisher.toChannel(EventTypes.CallEvents.CALL_STARTED, channelId, started));
            }
        }
        return work.chain(() -> calls.participants(tx, call.callId()))
                .call(now -> {
                    Calls.Participant joined = now.stream().filter(p -> p.userId().equals(c.userId()))
                            .findFirst().orElseThrow();
                    ObjectNode d = base(call);
                    d.put("userId", joined.userId().toString());
                    d.put("sessionId", joined.sessionId().toString());
                    d.put("joinedAt", UtcMillis.format(joined.joinedAt()));
                    return publisher.toChannel(EventTypes.CallEvents.CALL_JOINED, channelId, d);
                })
                .call(() -> call.created() ? ring(tx, call) : Uni.createFrom().voidItem())
                .map(now -> new Calls.CallState(call, now));
    }

    /** A call started in a DM rings its other member(s) on every socket. */
    private Uni<Void> ring(SqlConnection tx, Calls.Call call) {
        return calls.otherDmMembers(tx, call.channelId(), call.startedBy()).chain(others -> {
            if (others.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode d = base(call);
            d.put("from", call.startedBy().toString());
            return publisher.toUsers(call.channelId(), others, d);
        });
    }

    // ---- leave, signal, get ---------------------------------------------------------------------------------------

    private Uni<JsonNode> leave(CallCommand c) {
        return pool.withTransaction(tx -> calls.lockByChannel(tx, c.channelId()).chain(call -> {
            if (call == null) {
                return Uni.createFrom().failure(notInCall());
            }
            return calls.participants(tx, call.callId()).chain(present -> {
                boolean mine = present.stream().anyMatch(p -> p.userId().equals(c.userId())
                        && p.sessionId().equals(c.sessionId()));
                if (!mine) {
                    return Uni.createFrom().failure(notInCall());
                }
                return remove(tx, call, p -> p.userId().equals(c.userId()), Calls.LeaveReason.LEFT);
            });
        })).map(done -> JsonNodeFactory.instance.objectNode());
    }

    private Uni<JsonNode> signal(CallCommand c) {
        JsonNode s = c.signal();
        if (s == null || !s.isObject()) {
            return Uni.createFrom().failure(new InvalidException("toSessionId, kind and payload are required"));
        }
        UUID to;
        try {
            to = UUID.fromString(s.path("toSessionId").asText(""));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new InvalidException("toSessionId must be a UUID"));
        }
        String kind = s.path("kind").asText("");
        if (!KINDS.contains(kind)) {
            return Uni.createFrom().failure(new InvalidException("kind must be offer, answer or candidate"));
        }
        JsonNode payload = s.get("payload");
        if (payload == null || payload.isNull()
                || payload.toString().getBytes(StandardCharsets.UTF_8).length > config.maxSignalBytes()) {
            return Uni.createFrom().failure(new InvalidException(
                    "payload must be a JSON value of at most " + config.maxSignalBytes() + " bytes"));
        }
        return calls.byChannel(pool, c.channelId()).chain(call -> {
            if (call == null) {
                return Uni.createFrom().failure(notInCall());
            }
            return calls.participants(pool, call.callId()).chain(present -> {
                boolean sender = present.stream().anyMatch(p -> p.userId().equals(c.userId())
                        && p.sessionId().equals(c.sessionId()) && p.connected());
                if (!sender) {
                    return Uni.createFrom().failure(notInCall());
                }
                if (present.stream().noneMatch(p -> p.sessionId().equals(to))) {
                    return Uni.createFrom().failure(new NotFoundException("toSessionId is not in this call"));
                }
                ObjectNode d = base(call);
                d.put("fromUserId", c.userId().toString());
                d.put("fromSessionId", c.sessionId().toString());
                d.put("kind", kind);
                d.set("payload", payload);
                return publisher.toSession(call.channelId(), to, d)
                        .map(sent -> (JsonNode) JsonNodeFactory.instance.objectNode());
            });
        });
    }

    private Uni<JsonNode> get(UUID channelId) {
        return calls.byChannel(pool, channelId)
                .chain(call -> call == null ? Uni.createFrom().nullItem()
                        : calls.participants(pool, call.callId()).map(p -> callJson(new Calls.CallState(call, p))))
                .map(call -> {
                    ObjectNode ok = JsonNodeFactory.instance.objectNode();
                    ok.set("call", call == null ? JsonNodeFactory.instance.nullNode() : call);
                    return ok;
                });
    }

    // ---- leaving without a leave op -------------------------------------------------------------------------------

    /**
     * One sweep round: participants whose session closed are marked disconnected; those disconnected for the whole
     * grace period leave ({@code disconnected}). Several instances may sweep: a call locked by another is skipped.
     */
    public Uni<Void> sweep() {
        return calls.markDisconnected(pool)
                .chain(() -> calls.callsWithExpired(pool, sessions.gracePeriod(), sessions.sweepBatch()))
                .chain(ids -> each(ids, id -> pool.withTransaction(tx -> calls.lockByIdSkipLocked(tx, id)
                        .chain(call -> call == null ? Uni.createFrom().voidItem()
                                : calls.removeDisconnected(tx, call.callId(), sessions.gracePeriod())
                                        .chain(gone -> afterRemoval(tx, call, gone,
                                                Calls.LeaveReason.DISCONNECTED))))));
    }

    /**
     * A banned user leaves every call joined before the ban at once ({@code banned}); a replayed old ban (auth.users
     * is read whole at every start) leaves the calls of a later unban alone.
     */
    public Uni<Void> banned(UUID userId, Instant bannedAt) {
        return calls.callsOfUser(pool, userId).chain(ids -> each(ids, id -> pool.withTransaction(tx ->
                calls.lockById(tx, id).chain(call -> call == null ? Uni.createFrom().voidItem()
                        : remove(tx, call, p -> p.userId().equals(userId)
                                && !p.joinedAt().toInstant().isAfter(bannedAt), Calls.LeaveReason.BANNED)))));
    }

    /** A user no longer a member of the channel leaves its call ({@code removed}). */
    public Uni<Void> memberLeft(UUID channelId, UUID userId) {
        return pool.withTransaction(tx -> calls.lockByChannel(tx, channelId).chain(call -> call == null
                ? Uni.createFrom().voidItem()
                : remove(tx, call, p -> p.userId().equals(userId), Calls.LeaveReason.REMOVED)));
    }

    public Uni<Void> dmMemberJoined(UUID channelId, UUID userId) {
        return calls.dmMemberJoined(pool, channelId, userId);
    }

    public Uni<Void> dmMemberLeft(UUID channelId, UUID userId) {
        return calls.dmMemberLeft(pool, channelId, userId);
    }

    /** Removes the matching participants of the locked call, announces them, and ends the call when it is empty. */
    private Uni<Void> remove(SqlConnection tx, Calls.Call call, java.util.function.Predicate<Calls.Participant> which,
            Calls.LeaveReason reason) {
        return calls.participants(tx, call.callId()).chain(present -> {
            List<Calls.Participant> gone = present.stream().filter(which).toList();
            return each(gone, p -> calls.removeUser(tx, call.callId(), p.userId()).replaceWithVoid())
                    .chain(() -> afterRemoval(tx, call, gone, reason));
        });
    }

    private Uni<Void> afterRemoval(SqlConnection tx, Calls.Call call, List<Calls.Participant> gone,
            Calls.LeaveReason reason) {
        if (gone.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return each(gone, p -> announceLeft(call, p, reason))
                .chain(() -> calls.countParticipants(tx, call.callId()))
                .chain(left -> {
                    if (left > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    ObjectNode d = base(call);
                    d.put("reason", "empty");
                    return calls.delete(tx, call.callId())
                            .chain(() -> publisher.toChannel(EventTypes.CallEvents.CALL_ENDED, call.channelId(), d))
                            .invoke(() -> metrics.ended(1));
                })
                .invoke(() -> metrics.left(reason, gone.size()));
    }

    private Uni<Void> announceLeft(Calls.Call call, Calls.Participant p, Calls.LeaveReason reason) {
        ObjectNode d = base(call);
        d.put("userId", p.userId().toString());
        d.put("sessionId", p.sessionId().toString());
        d.put("reason", reason.wire());
        Uni<Void> sent = publisher.toChannel(EventTypes.CallEvents.CALL_LEFT, call.channelId(), d);
        // a move is counted here; the others by afterRemoval, once per batch
        return reason == Calls.LeaveReason.MOVED ? sent.invoke(() -> metrics.left(reason, 1)) : sent;
    }

    // ---- JSON -----------------------------------------------------------------------------------------------------

    private static ObjectNode base(Calls.Call call) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("channelId", call.channelId().toString());
        d.put("callId", call.callId().toString());
        return d;
    }

    static ObjectNode callJson(Calls.CallState state) {
        Calls.Call call = state.call();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("callId", call.callId().toString());
        json.put("channelId", call.channelId().toString());
        json.put("startedAt", UtcMillis.format(call.startedAt()));
        json.put("startedBy", call.startedBy().toString());
        var list = json.putArray("participants");
        for (Calls.Participant p : state.participants()) {
            list.addObject().put("userId", p.userId().toString()).put("sessionId", p.sessionId().toString())
                    .put("joinedAt", UtcMillis.format(p.joinedAt()));
        }
        return json;
    }

    private static ForbiddenException notInCall() {
        return new ForbiddenException("this socket is not in the channel's call");
    }

    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> work) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(new ArrayList<>(items)).onItem()
                .<Void>transformToUniAndConcatenate(work::apply).collect().last().replaceWithVoid();
    }
}
