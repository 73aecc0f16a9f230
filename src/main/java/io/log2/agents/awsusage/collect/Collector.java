package io.log2.agents.awsusage.collect;

/**
 * One source of AWS data. A collector that cannot finish (access denied, throttled past the SDK's retries,
 * an answer it cannot read) throws; the cycle then records it as failed and runs the others.
 */
public interface Collector {

    /** A short name for logs and run reports, such as {@code cost-explorer}. */
    String name();

    CollectedData collect(AwsClients clients, CollectWindow window);
}
