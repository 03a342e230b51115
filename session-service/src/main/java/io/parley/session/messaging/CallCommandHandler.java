package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.data.CallCommand;
import io.parley.events.data.Reply;
import io.parley.kit.error.ApiException;
import io.parley.session.service.CallService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A call op from session.events: carried out once and answered on gateway.replies. Not retried like the registry's
 * records: the client waits for the answer, and the gateway answers UNAVAILABLE after its command timeout anyway; a
 * failure that is no contract error (database or broker away) answers UNAVAILABLE at once, the client retries.
 */
@ApplicationScoped
public class CallCommandHandler {

    private static final Logger LOG = Logger.getLogger(CallCommandHandler.class);

    private final CallService calls;
    private final CallPublisher publisher;

    public CallCommandHandler(CallService calls, CallPublisher publisher) {
        this.calls = calls;
        this.publisher = publisher;
    }

    /** Reads the record now (a malformed one throws and is skipped); the Uni carries the op out and answers it. */
    public java.util.function.Supplier<Uni<Void>> handler(Envelope envelope) {
        CallCommand command = envelope.dataAs(CallCommand.class);
        if (command.userId() == null || command.sessionId() == null || command.channelId() == null
                || command.instance() == null) {
            throw new IllegalArgumentException("a call op without userId, sessionId, channelId or instance");
        }
        String type = envelope.type();
        return () -> Uni.createFrom().deferred(() -> calls.handle(type, command))
                .map(ok -> Reply.ok(command.reply(), ok))
                .onFailure().recoverWithItem(e -> {
                    if (e instanceof ApiException api) {
                        return Reply.error(command.reply(), api.code(), api.getMessage());
                    }
                    LOG.warnf("%s of %s failed: %s", type, command.userId(), e.getMessage());
                    return Reply.error(command.reply(), "UNAVAILABLE", "calls are unavailable, retry");
                })
                .chain(reply -> publisher.reply(command.reply(), reply))
                .onFailure().invoke(e -> LOG.warnf("the answer to %s of %s was not published: %s", type,
                        command.userId(), e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
