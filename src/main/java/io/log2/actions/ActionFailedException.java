package io.log2.actions;

/** An AWS call of an action failed; the message is the AWS error ("UnauthorizedOperation: ..."). */
public class ActionFailedException extends RuntimeException {

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
