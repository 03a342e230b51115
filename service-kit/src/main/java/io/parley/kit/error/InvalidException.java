package io.parley.kit.error;

/** INVALID: the request breaks a rule of the contract (a field, a parameter, a body). */
public class InvalidException extends ApiException {

    public InvalidException(String message) {
        super(ErrorCode.INVALID, message);
    }
}
