package io.parley.chat.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/** Whether commands are currently waiting for PostgreSQL, and why; readiness reports it. */
@ApplicationScoped
public class DatabaseWait {

    private final AtomicReference<String> reason = new AtomicReference<>();

    void waiting(String why) {
        reason.set(why);
    }

    void recovered() {
        reason.set(null);
    }

    /** Null when nothing waits. */
    public String reason() {
        return reason.get();
    }
}
