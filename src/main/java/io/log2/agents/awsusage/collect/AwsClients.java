package io.log2.agents.awsusage.collect;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The SDK clients of one account in one region, all on the JDK's HTTP client, with the SDK's standard retries
 * (throttling and transient errors are retried with back-off before a call fails). An endpoint override sends
 * every client to one address: a local stub in tests.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final int maxAttempts;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30)).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    private CostExplorerClient costExplorer;
    private CloudWatchClient cloudWatch;
    private CloudTrailClient cloudTrail;
    private Ec2Client ec2;
    private RdsClient rds;
    private S3Client s3;
    private StsClient sts;
    private String accountId;

    /**
     * @param endpoint    null for AWS itself, else the one address all clients call
     * @param maxAttempts attempts per call, the first included (the SDK's standard mode uses 3)
     */
    public AwsClients(Region region, URI endpoint, AwsCredentialsProvider credentials, int maxAttempts) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.maxAttempts = maxAttempts;
    }

    /** Credentials from the default chain: environment, system properties, profile files, container and instance roles. */
    public static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    public Region region() {
        return region;
    }

    /** Clients of another account, reached by assuming a role there with this account's credentials. */
    public AwsClients assumeRole(String roleArn, String sessionName) {
        StsClient sts = configure(StsClient.builder()).build();
        open.add(sts);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(sessionName)).build();
        open.add(assumed);
        return new AwsClients(region, endpoint, assumed, maxAttempts);
    }

    /** The account these clients act in, from STS {@code GetCallerIdentity} (asked once; it needs no permission). */
    public synchronized String accountId() {
        if (accountId == null) {
            accountId = sts().getCallerIdentity().account();
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalStateException("STS GetCallerIdentity named no account");
            }
        }
        return accountId;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = keep(configure(StsClient.builder()).build());
        }
        return sts;
    }

    public synchronized CostExplorerClient costExplorer() {
        if (costExplorer == null) {
            // Cost Explorer is a global service answered in us-east-1.
            costExplorer = keep(configure(CostExplorerClient.builder()).region(endpoint == null ? Region.US_EAST_1 : region).build());
        }
        return costExplorer;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = keep(configure(CloudWatchClient.builder()).build());
        }
        return cloudWatch;
    }

    public synchronized CloudTrailClient cloudTrail() {
        if (cloudTrail == null) {
            cloudTrail = keep(configure(CloudTrailClient.builder()).build());
        }
        return cloudTrail;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = keep(configure(Ec2Client.builder()).build());
        }
        return ec2;
    }

    public synchronized RdsClient rds() {
        if (rds == null) {
            rds = keep(configure(RdsClient.builder()).build());
        }
        return rds;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            // A stub serves every bucket at one address, so it is reached by path, not by bucket host name.
            s3 = keep(configure(S3Client.builder()).forcePathStyle(endpoint != null).build());
        }
        return s3;
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(maxAttempts))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private <C extends AutoCloseable> C keep(C client) {
        open.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        open.clear();
        http.close();
    }
}
