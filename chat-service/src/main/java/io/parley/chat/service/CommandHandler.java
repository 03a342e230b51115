package io.parley.chat.service;

import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies one client operation inside the batch's transaction. A refusal is a failed Uni with a
 * {@link io.parley.kit.error.ApiException}, raised before any write, so the batch's other commands still commit.
 */
public interface CommandHandler {

    /** The op this handler applies, e.g. {@code send}. */
    String op();

    /**
     * Names what this command will read that the batch can read for all its commands at once, before any of them runs
     * (default: nothing). Called for every command of a batch, valid or not: plan only what a well-formed command
     * reads, and never throw.
     */
    default void plan(Command command, BatchReads.Plan plan) {
    }

    /** @param reads what the batch read up front for the handlers' {@link #plan}s */
    Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads);
}
