package io.parley.chat.domain;

import io.parley.kit.error.ApiException;
import io.parley.kit.error.ErrorCode;

/**
 * INTERNAL as a command's answer: a command that still failed when applied on its own (a bug, a constraint) is
 * answered in its reply, with the batch's other commands committed, instead of failing as an unexpected error.
 */
public final class CommandFailedException extends ApiException {

    public CommandFailedException(String message) {
        super(ErrorCode.INTERNAL, message);
    }
}
