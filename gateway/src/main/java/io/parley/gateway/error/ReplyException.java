package io.parley.gateway.error;

import io.parley.kit.error.ApiException;
import io.parley.kit.error.ErrorCode;

/**
 * The error another service answered on gateway.replies for a routed command, passed on to the client with its code
 * and message. The code is whatever the reply names, so this is the one kit exception whose code is data.
 */
public class ReplyException extends ApiException {

    public ReplyException(ErrorCode code, String message) {
        super(code, message);
    }

    /** A code that is none of the contract's becomes INTERNAL: clients only ever see contract codes. */
    public static ReplyException of(String code, String message) {
        return new ReplyException(codeOf(code), message);
    }

    private static ErrorCode codeOf(String code) {
        if (code != null) {
            for (ErrorCode known : ErrorCode.values()) {
                if (known.name().equals(code)) {
                    return known;
                }
            }
        }
        return ErrorCode.INTERNAL;
    }
}
