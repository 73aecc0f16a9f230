package io.log2.actions;

import io.log2.agents.awsusage.collect.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The clients an action calls AWS with, recording every call with its request id for the action log. A failed
 * call becomes an {@link ActionFailedException} carrying the AWS error code and message.
 */
public final class AwsCalls {

    private final AwsClients clients;
    private final List<AwsCall> calls = new ArrayList<>();
    private String step = "dry-run";

    AwsCalls(AwsClients clients) {
        this.clients = clients;
    }

    public Ec2Client ec2() {
        return clients.ec2();
    }

    public S3Client s3() {
        return clients.s3();
    }

    void step(String step) {
        this.step = step;
    }

    List<AwsCall> calls() {
        return List.copyOf(calls);
    }

    /** Makes one call and records it. */
    public <T extends AwsResponse> T call(String operation, Supplier<T> call) {
        try {
            T response = call.get();
            calls.add(new AwsCall(step, operation, response.responseMetadata().requestId(), null, null));
            return response;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            calls.add(new AwsCall(step, operation, e.requestId(), code, message));
            throw new ActionFailedException(operation + ": " + code + ": " + message, e);
        } catch (SdkException e) {
            calls.add(new AwsCall(step, operation, null, "ClientError", e.getMessage()));
            throw new ActionFailedException(operation + ": " + e.getMessage(), e);
        }
    }
}
