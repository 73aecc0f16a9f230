package io.log2.actions;

/** One AWS call an action made: the operation, its request id, and the AWS error code and message if it failed. */
public record AwsCall(String step, String operation, String requestId, String errorCode, String error) {
}
