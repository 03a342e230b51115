package io.parley.chat.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/**
 * chat-service's own settings, {@code parley.chat.*}; every default, with why, is in application.properties. The
 * instance id is the kit's ({@code parley.instance-id}), the topic set-up the kit's ({@code parley.kafka.*}).
 */
@ConfigMapping(prefix = "parley.chat")
public interface ChatConfig {

    /** How long a change naming a user not yet projected from {@code auth.users} waits for them (then 404). */
    Duration userProjectionWait();

    /** How often the outbox relay looks for leftovers; read by {@code OutboxRelay}'s schedule expression. */
    Duration relayInterval();

    Relay relay();

    Retry retry();

    ProcessedCommands processedCommands();

    /** The outbox relay's transactional Kafka producer ({@code parley.chat.relay.*}). */
    interface Relay {

        /** How long the broker lets a transaction stay open before aborting it (bounds a dead instance's open one). */
        Duration transactionTimeout();

        /** The longest any producer call blocks: initTransactions, send (metadata), commit, abort. */
        Duration maxBlock();

        /** How long a record may take to be acknowledged before its send fails. */
        Duration deliveryTimeout();

        Duration linger();

        /** How many times a commit that timed out is tried (it may already be completing: it must not be abandoned). */
        int commitAttempts();
    }

    /** Backoff while PostgreSQL or Kafka is unavailable, for commands, replies and the projections alike. */
    interface Retry {

        Duration minBackoff();

        Duration maxBackoff();
    }

    /** Applied command ids, kept to recognise Kafka's redeliveries. */
    interface ProcessedCommands {

        /** Longer than {@code chat.commands} retains a record. */
        Duration keep();
    }
}
