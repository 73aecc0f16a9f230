package io.log2.agents.awsusage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the aws-usage agent, under {@code log2.aws.} and {@code log2.imports.} (upload limits: {@link io.log2.imports.UploadLimits}). */
@ConfigMapping(prefix = "log2")
public interface AwsUsageConfig {

    Aws aws();

    Imports imports();

    interface Aws {
        /** {@code auto}: collect when credentials are configured (not from an instance role alone); {@code on}; {@code off}. */
        @WithDefault("auto")
        String collect();

        /** The regions CloudWatch, CloudTrail and the inventory are read in. */
        @WithDefault("us-east-1")
        List<String> regions();

        /** Roles to assume, one per further account (arn:aws:iam::<account>:role/<name>). */
        Optional<List<String>> roleArns();

        /** One address for every AWS service, for a local stub; AWS itself when unset. */
        Optional<URI> endpoint();

        /** Static credentials (for a stub); the default credential chain when unset. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Attempts per AWS call, the first included, before a collector is marked failed. */
        @WithDefault("3")
        int maxAttempts();

        /** How often a monitoring cycle runs. */
        @WithDefault("1h")
        Duration interval();

        /** How long after start the first scheduled cycle runs. */
        @WithDefault("30s")
        Duration firstCycleDelay();

        /**
         * How far back the first cycle collects, in days, and how far back a collector that failed for a while
         * catches up: a window never starts earlier than this before now.
         */
        @WithDefault("14")
        int initialDays();

        /**
         * How late AWS data may arrive: each CloudWatch window starts this long before the last one ended (its last
         * period was partial, and late data points are read again), and CloudTrail windows end this long before
         * now (event history delivers events minutes after they happen).
         */
        @WithDefault("15m")
        Duration lag();

        /** How often Cost Explorer is asked (it bills every request); each of its windows reaches {@link #costLag} back. */
        @WithDefault("6h")
        Duration costInterval();

        /** How far before the last Cost Explorer window's end the next one starts: its last days are estimates that change. */
        @WithDefault("2d")
        Duration costLag();

        /** How many CloudTrail events one collection reads at most; the rest are read by the next cycles. */
        @WithDefault("5000")
        int cloudtrailMaxEvents();

        /** Load the bundled sample data on a first start without AWS collection, so there is something to look at. */
        @WithDefault("true")
        boolean loadSamples();
    }

    interface Imports {
        /** The folder watched for cost exports and metric series; imported files move to done/ or failed/. */
        @WithDefault("imports")
        String dir();

        @WithDefault("5s")
        Duration scanInterval();
    }
}
