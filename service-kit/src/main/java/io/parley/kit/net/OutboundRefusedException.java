package io.parley.kit.net;

/** An outbound URL the deployment will not call: its message says why and is safe to show the caller. */
public class OutboundRefusedException extends Exception {

    public OutboundRefusedException(String message) {
        super(message);
    }
}
