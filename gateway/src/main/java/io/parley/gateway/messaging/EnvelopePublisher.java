package io.parley.gateway.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.kit.error.UnavailableException;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps a data record in an envelope from this instance and produces it keyed by subject; a failure is UNAVAILABLE.
 * What the emitter holds is bounded in bytes ({@link EmitterBudgets}) as well as in records: beyond either, the record
 * is refused at once (UNAVAILABLE, the client retries later) instead of queueing.
 */
final class EnvelopePublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final String source;
    private final EmitterBudgets.Budget budget;

    EnvelopePublisher(MutinyEmitter<Record<String, String>> emitter, InstanceIdentity instance,
            EmitterBudgets.Budget budget) {
        this.emitter = emitter;
        this.source = instance.source();
        this.budget = budget;
    }

    /**
     * @param type a constant of {@code EventTypes}
     * @param data a record of {@code io.parley.events.data}
     */
    Uni<Void> publish(String type, String subject, Object data) {
        Envelope envelope = Envelopes.create(type, source, subject, data);
        String json = EnvelopeJson.write(envelope);
        long bytes = EmitterBudgets.utf8Length(json) + EmitterBudgets.utf8Length(subject);
        // taken when the send is subscribed (the emitter sends then), given back when the broker acks or refuses it:
        // a caller that stops waiting (a command's timeout) leaves the record in flight, and so in the budget
        return Uni.createFrom().deferred(() -> {
            if (!budget.tryTake(bytes)) {
                return Uni.createFrom().failure(new UnavailableException("message broker busy, retry later"));
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    budget.release(bytes);
                }
            };
            Message<Record<String, String>> message = Message.of(Record.of(subject, json))
                    .withAck(() -> {
                        release.run();
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        release.run();
                        return CompletableFuture.completedFuture(null);
                    });
            Uni<Void> sent;
            try {
                sent = emitter.sendMessage(message);
            } catch (RuntimeException e) {
                release.run();
                return Uni.createFrom().failure(new UnavailableException("message broker busy, retry later"));
            }
            return sent.onFailure().transform(e -> new UnavailableException("message broker unavailable"));
        });
    }
}
