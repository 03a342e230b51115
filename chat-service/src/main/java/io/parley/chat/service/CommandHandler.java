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

    Uni<CommandOutcome> apply(SqlConnection tx, Command command);
}
