package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.AwsUsageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Runs every collector for every configured region and account. Whether to collect at all follows
 * {@code log2.aws.collect}: {@code auto} collects when credentials are found, so a machine without an AWS account
 * simply runs on imported and sample data.
 */
@ApplicationScoped
public class AwsCollection {

    /** The outcome of a collector that finished. */
    public static final String OK = "ok";
    private static final Logger LOG = Logger.getLogger(AwsCollection.class);

    @Inject
    AwsUsageConfig config;

    private volatile Boolean credentialsFound;

    public boolean enabled() {
        return switch (config.aws().collect().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> credentialsFound();
        };
    }

    /**
     * Whether credentials are configured: environment, system properties, profile files, web identity or container
     * credentials. It looks for them rather than resolving the default chain, whose last step asks the instance
     * metadata service; on an instance role alone, set {@code log2.aws.collect=on}.
     */
    private boolean credentialsFound() {
        if (credentialsFound == null) {
            Map<String, String> env = System.getenv();
            Path home = Path.of(System.getProperty("user.home"), ".aws");
            boolean found = config.aws().accessKeyId().isPresent()
                    || env.containsKey("AWS_ACCESS_KEY_ID") || System.getProperty("aws.accessKeyId") != null
                    || env.containsKey("AWS_PROFILE") || env.containsKey("AWS_WEB_IDENTITY_TOKEN_FILE")
                    || env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                    || env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                    || Files.exists(home.resolve("credentials")) || Files.exists(home.resolve("config"));
            if (!found) {
                LOG.info("no AWS credentials configured: the aws-usage agent runs on imported and sample data only");
            }
            credentialsFound = found;
        }
        return credentialsFound;
    }

    /**
     * Collects the window from every source. Each collector's outcome ({@value #OK} or its error) is put in
     * {@code outcomes} under {@code <collector>@<region>[/<role>]}; a failed one adds nothing.
     */
    public CollectedData collect(Instant since, Instant now, Map<String, String> outcomes) {
        Instant from = since.equals(Instant.EPOCH) ? now.minus(Duration.ofDays(config.aws().initialDays())) : since;
        CollectWindow window = new CollectWindow(from, now);
        CollectedData data = CollectedData.empty();
        boolean first = true;
        for (String regionName : config.aws().regions()) {
            try (AwsClients base = new AwsClients(Region.of(regionName), config.aws().endpoint().orElse(null), credentials(),
                    config.aws().maxAttempts())) {
                List<AwsClients> accounts = new ArrayList<>();
                accounts.add(base);
                config.aws().roleArns().orElse(List.of()).forEach(arn -> accounts.add(base.assumeRole(arn, "log2")));
                for (int a = 0; a < accounts.size(); a++) {
                    String where = regionName + (a == 0 ? "" : "/" + config.aws().roleArns().get().get(a - 1));
                    for (Collector collector : collectors(first)) {
                        run(collector, accounts.get(a), window, where, data, outcomes);
                    }
                }
            }
            first = false;
        }
        return data;
    }

    private static void run(Collector collector, AwsClients clients, CollectWindow window, String where, CollectedData into,
                            Map<String, String> outcomes) {
        String name = collector.name() + "@" + where;
        try {
            into.addAll(collector.collect(clients, window));
            outcomes.put(name, OK);
        } catch (RuntimeException e) {
            LOG.warnf("collector %s failed: %s", name, e.getMessage());
            outcomes.put(name, "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Cost Explorer is global, so it is asked once, with the first region; the others per region. */
    private static List<Collector> collectors(boolean firstRegion) {
        List<Collector> list = new ArrayList<>();
        if (firstRegion) {
            list.add(new CostExplorerCollector(null));
        }
        list.add(new CloudWatchCollector());
        list.add(new CloudTrailCollector());
        list.add(new InventoryCollector());
        return list;
    }

    private AwsCredentialsProvider credentials() {
        if (config.aws().accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.aws().accessKeyId().get(),
                    config.aws().secretAccessKey().orElse("")));
        }
        return AwsClients.defaultCredentials();
    }
}
