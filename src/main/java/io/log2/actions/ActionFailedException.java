package io.log2.actions;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** An AWS call of an action failed; the message is the AWS error ("UnauthorizedOperation: ..."). */
public class ActionFailedException extends RuntimeException {

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The AWS error code of the failed call ({@code InvalidVolume.NotFound}), or null when AWS did not answer one. */
    public String awsErrorCode() {
        return getCause() instanceof AwsServiceException e && e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
    }
}
