package io.parley.gateway.error;

/**
 * A client frame the gateway cannot take as a frame of the protocol. Its two codes exist only on the socket
 * (PROTOCOL §3), never over REST, so they are not among the kit's contract codes; every other failure a client sees
 * is one of the kit's {@link io.parley.kit.error.ApiException}s.
 */
public final class FrameException extends RuntimeException {

    /** The socket-only error codes, written into the {@code error} frame by name. */
    public enum Code {
        /** Not one JSON object with a string {@code op}; answered with {@code id: null}. */
        BAD_FRAME,
        /** An {@code op} the gateway has no handler for. */
        UNKNOWN_OP
    }

    private final Code code;

    public FrameException(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
