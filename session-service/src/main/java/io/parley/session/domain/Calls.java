package io.parley.session.domain;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A call's rows (docs/calls.md). */
public final class Calls {

    private Calls() {
    }

    /** One call row; {@code created} when this transaction started it. */
    public record Call(UUID callId, UUID channelId, UUID startedBy, OffsetDateTime startedAt, boolean created) {
    }

    /** One participant; {@code disconnectedAt} set while its socket is gone (within the grace period). */
    public record Participant(UUID userId, UUID sessionId, String instance, OffsetDateTime joinedAt,
            OffsetDateTime disconnectedAt) {

        public boolean connected() {
            return disconnectedAt == null;
        }
    }

    /** A call and its participants, in join order. */
    public record CallState(Call call, List<Participant> participants) {
    }

    /** Why a participant left ({@code call.left} reason, the {@code parley_call_participants_left_total} tag). */
    public enum LeaveReason {
        LEFT, MOVED, DISCONNECTED, BANNED, REMOVED;

        public String wire() {
            return name().toLowerCase();
        }
    }
}
