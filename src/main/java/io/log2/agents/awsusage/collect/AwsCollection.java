package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.AwsUsageConfig;
import io.log2.agents.awsusage.savings.SavingsCollector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Runs every collector for every configured region and account, each from its own watermark. Whether to collect at all follows
 * {@code log2.aws.collect}: {@code auto} collects when credentials are found, so a machine without an AWS account
 * simply runs on imported and sample data.
 */
@ApplicationScoped
public class AwsCollection {

    /** The outcome of a collector that finished. */
    public static final String OK = "ok";
    /** The outcome of a collector whose next window has not come yet (Cost Explorer between its collections). */
    public static final String NOT_DUE = "not due";
    private static final String FAILED = "failed";
    private static final Logger LOG = Logger.getLogger(AwsCollection.class);

    @Inject
    AwsUsageConfig config;
    @Inject
    Watermarks watermarks;

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

    /** What a collection brought back, and the watermarks to store once its data has been evaluated. */
    public record Collection(CollectedData data, List<Watermark> watermarks) {
    }

    /** Whether a collector's outcome is a failure (the run is then partial). */
    public static boolean failed(String outcome) {
        return outcome.startsWith(FAILED);
    }

    /**
     * Runs every collector that is due, each over its own window (see {@link Collector#window}). Each collector's
     * outcome ({@value #OK}, {@value #NOT_DUE}, or its error) is put in {@code outcomes} under
     * {@code <collector>@<region>[/<role>]}, the key of its watermark too; a failed one adds nothing and keeps its
     * watermark, so its window is read again next cycle. {@code store} is given each collector's data as soon as it
     * has it (the history is stored collector by collector).
     */
    public Collection collect(Instant now, Map<String, String> outcomes, Consumer<CollectedData> store) {
        Pass pass = new Pass(now, CollectSchedule.of(config.aws()), watermarks.all(), outcomes, store);
        List<String> regions = config.aws().regions();
        for (int r = 0; r < regions.size(); r++) {
            try (AwsClients base = new AwsClients(Region.of(regions.get(r)), config.aws().endpoint().orElse(null),
                    credentials(), config.aws().maxAttempts())) {
                List<Account> accounts = new ArrayList<>();
                accounts.add(new Account(base, regions.get(r)));
                for (String arn : config.aws().roleArns().orElse(List.of())) {
                    accounts.add(new Account(base.assumeRole(arn, "log2"), regions.get(r) + "/" + arn));
                }
                if (r == 0) {
                    pass.costs(accounts); // Cost Explorer is global: asked once, with the first region
                }
                for (Account account : accounts) {
                    pass.run(new CloudWatchCollector(), account);
                    pass.run(new CloudTrailCollector(config.aws().cloudtrailMaxEvents()), account);
                    pass.run(new InventoryCollector(), account);
                    pass.run(new SavingsCollector(), account);
                }
            }
        }
        return new Collection(pass.data, pass.advanced);
    }

    /** One account's clients in one region, and where that is: {@code <region>[/<role arn>]}. */
    private record Account(AwsClients clients, String where) {
    }

    /** One collection's state: what came back, the watermarks to advance, each collector's outcome. */
    private static final class Pass {
        private final Instant now;
        private final CollectSchedule schedule;
        private final Map<String, Watermark> marks;
        private final Map<String, String> outcomes;
        private final Consumer<CollectedData> store;
        private final CollectedData data = CollectedData.empty();
        private final List<Watermark> advanced = new ArrayList<>();

        Pass(Instant now, CollectSchedule schedule, Map<String, Watermark> marks, Map<String, String> outcomes,
             Consumer<CollectedData> store) {
            this.now = now;
            this.schedule = schedule;
            this.marks = marks;
            this.outcomes = outcomes;
            this.store = store;
        }

        void run(Collector collector, Account account) {
            String key = collector.name() + "@" + account.where();
            Optional<CollectWindow> window = collector.window(marks.get(key), now, schedule);
            if (window.isEmpty()) {
                outcomes.put(key, NOT_DUE);
                return;
            }
            run(collector, account, key, window.get());
        }

        private void run(Collector collector, Account account, String key, CollectWindow window) {
            CollectedData got;
            try {
                got = collector.collect(account.clients(), window);
            } catch (RuntimeException e) {
                fail(key, e);
                return;
            }
            store.accept(got);
            data.addAll(got);
            advanced.add(collector.advance(key, marks.get(key), window, got));
            outcomes.put(key, OK);
        }

        /**
         * Cost Explorer for every account whose turn it is: first who each caller is and which accounts it sees,
         * then the costs of each account that no management account among them covers (its costs come through
         * the management account, grouped by linked account, and asking it too would count them twice).
         */
        void costs(List<Account> accounts) {
            Map<Account, CollectWindow> due = new LinkedHashMap<>();
            Map<Account, CostExplorerCollector.Scope> scopes = new LinkedHashMap<>();
            for (Account account : accounts) {
                String key = key(account);
                Optional<CollectWindow> window = CostExplorerCollector.due(marks.get(key), now, schedule);
                if (window.isEmpty()) {
                    outcomes.put(key, NOT_DUE);
                    continue;
                }
                try {
                    scopes.put(account, CostExplorerCollector.scope(account.clients(), window.get(), Clock.systemUTC()));
                    due.put(account, window.get());
                } catch (RuntimeException e) {
                    fail(key, e);
                }
            }
            for (Map.Entry<Account, CostExplorerCollector.Scope> e : scopes.entrySet()) {
                CostExplorerCollector.Scope scope = e.getValue();
                Optional<String> coveredBy = scopes.values().stream()
                        .filter(other -> other != scope && other.management() && other.linkedAccounts().contains(scope.account()))
                        .map(CostExplorerCollector.Scope::account).findFirst();
                String key = key(e.getKey());
                if (coveredBy.isPresent() && !scope.management()) {
                    outcomes.put(key, OK + ": account " + scope.account() + " is read through the management account "
                            + coveredBy.get());
                    advanced.add(Watermark.at(key, due.get(e.getKey()).to()));
                } else {
                    run(new CostExplorerCollector(scope, Clock.systemUTC()), e.getKey(), key, due.get(e.getKey()));
                }
            }
        }

        private static String key(Account account) {
            return CostExplorerCollector.NAME + "@" + account.where();
        }

        private void fail(String key, RuntimeException e) {
            LOG.warnf("collector %s failed: %s", key, e.getMessage());
            outcomes.put(key, FAILED + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private AwsCredentialsProvider credentials() {
        if (config.aws().accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.aws().accessKeyId().get(),
                    config.aws().secretAccessKey().orElse("")));
        }
        return AwsClients.defaultCredentials();
    }
}
