package io.parley.chat.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.chat.config.ChatConfig;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaClients;
import io.parley.kit.kafka.KafkaNames;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay's Kafka producer: each call publishes its records in one Kafka transaction, so readers with
 * {@code isolation.level=read_committed} see a round whole or not at all. Its {@code transactional.id} belongs to
 * this instance: the same instance restarted fences its dead predecessor and aborts the transaction it left open.
 * A plain producer, not SmallRye's: after a fatal error or a timeout it is closed and created again.
 * Every producer call runs on one thread of its own, never on an event loop.
 */
@ApplicationScoped
public class RelayProducer {

    private static final Logger LOG = Logger.getLogger(RelayProducer.class);
    private static final String TRANSACTIONAL_ID_PREFIX = "parley-chat-relay-";

    private final Properties config;
    private final String transactionalId;
    private final int commitAttempts;
    private final Timer committed;
    private final Timer aborted;
    private final ExecutorService thread;
    /** Only touched on {@link #thread}; null until first needed and after a failure. */
    private KafkaProducer<String, String> producer;

    public RelayProducer(KafkaClients clients, KafkaNames names, ChatConfig chat, InstanceIdentity identity,
            MeterRegistry registry) {
        ChatConfig.Relay relay = chat.relay();
        this.transactionalId = names.transactionalId(TRANSACTIONAL_ID_PREFIX + identity.id());
        this.commitAttempts = Math.max(1, relay.commitAttempts());
        // the shared kafka.* settings (bootstrap, security) with this producer's own on top
        this.config = clients.properties(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, millis(relay.linger()),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, millis(relay.transactionTimeout()),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(relay.maxBlock()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(relay.deliveryTimeout()),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        this.committed = transactions(registry, "committed");
        this.aborted = transactions(registry, "aborted");
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "parley-outbox-relay");
            t.setDaemon(true);
            return t;
        });
    }

    /** The id this instance's transactions run under (tests fence it, operators find its transactions by it). */
    public String transactionalId() {
        return transactionalId;
    }

    /**
     * Publishes the records in one transaction, each partition's in list order. Completes once it is committed, on
     * the caller's Vert.x context if it has one; fails when it was aborted (or may not have been committed).
     */
    public Uni<Void> publishInOneTransaction(List<ProducerRecord<String, String>> records) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<Void> done = Uni.createFrom()
                    .completionStage(CompletableFuture.runAsync(() -> transact(records), thread));
            return caller == null ? done : done.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        thread.execute(() -> {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One transaction, on {@link #thread}: committed, or aborted and the producer dropped. */
    private void transact(List<ProducerRecord<String, String>> records) {
        long start = System.nanoTime();
        boolean commitStarted = false;
        try {
            KafkaProducer<String, String> p = producer();
            p.beginTransaction();
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> record : records) {
                acks.add(p.send(record));
            }
            p.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            commitStarted = true;
            commit(p);
            committed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            LOG.debugf("relay transaction of %d records committed", records.size());
        } catch (ExecutionException e) {
            throw failed(e.getCause(), commitStarted, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e, commitStarted, start);
        } catch (RuntimeException e) {
            throw failed(e, commitStarted, start);
        }
    }

    /**
     * A commit that timed out may be completing at the coordinator: it is tried again, never abandoned for an abort
     * (giving up on it means the rows are published again: copies on the topic).
     */
    private void commit(KafkaProducer<String, String> p) {
        for (int attempt = 1; ; attempt++) {
            try {
                p.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= commitAttempts) {
                    throw e;
                }
                LOG.debugf("relay transaction commit timed out, attempt %d of %d", attempt, commitAttempts);
            }
        }
    }

    /** Aborts (unless a commit timed out: then only closing is allowed) and drops the producer. */
    private RuntimeException failed(Throwable cause, boolean commitStarted, long start) {
        aborted.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        LOG.warnf("relay transaction of %s failed, aborted and its producer recreated next round: %s",
                transactionalId, cause.toString());
        if (producer != null) {
            if (!(commitStarted && cause instanceof TimeoutException)) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException ignored) {
                    // fenced, timed out or never begun: closing is all that is left, the broker aborts it anyway
                }
            }
            producer.close(Duration.ZERO);
            producer = null;
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    /** The live producer, created with initTransactions (which fences any older one under the same id). */
    /** What the producer is built from: a copy, for the test that every hand-built client gets the shared settings. */
    Properties clientProperties() {
        Properties copy = new Properties();
        copy.putAll(config);
        return copy;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            KafkaProducer<String, String> fresh = new KafkaProducer<>(config);
            try {
                fresh.initTransactions();
            } catch (RuntimeException e) {
                fresh.close(Duration.ZERO);
                throw e;
            }
            producer = fresh;
            LOG.infof("outbox relay producer ready under transactional.id %s", transactionalId);
        }
        return producer;
    }

    private static Timer transactions(MeterRegistry registry, String outcome) {
        return Timer.builder("parley.chat.outbox.transactions").tag("outcome", outcome)
                .description("Outbox relay rounds as Kafka transactions, from begin to commit or abort")
                .register(registry);
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }
}
