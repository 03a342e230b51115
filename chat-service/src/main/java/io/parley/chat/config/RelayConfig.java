package io.parley.chat.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** The outbox relay's transactional Kafka producer ({@code parley.chat.relay.*}). */
@ConfigMapping(prefix = "parley.chat.relay")
public interface RelayConfig {

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
