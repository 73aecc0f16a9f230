package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.Context;
import software.amazon.awssdk.services.costexplorer.model.DataUnavailableException;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValuesWithAttributes;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.ForecastResult;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.GetCostForecastResponse;
import software.amazon.awssdk.services.costexplorer.model.GetDimensionValuesResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.Metric;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Daily cost per service, region and usage type, and the month-end forecast, from Cost Explorer.
 *
 * <p>Whose costs: the caller's account, as STS {@code GetCallerIdentity} names it, so that several accounts
 * ({@code log2.aws.role-arns}) never mix. Before collecting, {@link #scope} asks which accounts Cost Explorer shows
 * the caller ({@code GetDimensionValues} of {@code LINKED_ACCOUNT}): only an organisation's management account sees
 * others. A management account's costs are then grouped by {@code LINKED_ACCOUNT} and SERVICE, so each member
 * account's cost lands under its own id, at the grain of a service and region (Cost Explorer groups by two
 * dimensions at most; a usage type per account would take one request per account and region); the configured
 * member accounts that it covers are not asked again (see {@code AwsCollection}).
 *
 * <p>What it asks: {@code GetDimensionValues} (REGION, context COST_AND_USAGE) for the window's days; then, per
 * region, {@code GetCostAndUsage} with DAILY granularity, metric {@code UnblendedCost}, grouped by SERVICE and
 * USAGE_TYPE (a management account: LINKED_ACCOUNT and SERVICE) and filtered on that region and on
 * {@code RECORD_TYPE} {@value #USAGE_DESCRIPTION} (Cost Explorer allows two group-bys, the region filter gives the
 * third dimension). Every call follows {@code NextPageToken}. The window's days run from the UTC day of
 * {@code window.from()} to the UTC day that holds the last instant before {@code window.to()}, but never past
 * today (Cost Explorer has no figures for days to come).
 *
 * <p>One definition of cost: only usage is collected, the record types {@code Usage}, {@code DiscountedUsage}
 * and {@code SavingsPlanCoveredUsage}, as the FOCUS and CUR importers keep only usage charges. Tax, credits,
 * refunds and fees (reservation and Savings Plans fees, support) are not usage of a day and would read as a spike
 * or a fall in it. The forecast and the month-to-date amount added to it are filtered the same way.
 *
 * <p>The forecast: {@code GetCostForecast} (MONTHLY, UNBLENDED_COST, 80% prediction interval) from tomorrow, or
 * from the window's end if that is later, to the first day of next month; nothing when that leaves no day of the
 * current month. Cost Explorer forecasts only the days asked for, while a {@link CostForecast} is the month-end
 * total, so one more {@code GetCostAndUsage} (MONTHLY, no grouping) fetches what the month has cost before the
 * forecast starts, and that amount is added to the mean and to both bounds. A management account's forecast is of
 * its own account ({@code LINKED_ACCOUNT} filter); its members' month end is projected from their pace. An account
 * with too little history for a forecast ({@code DataUnavailableException}) gets no forecast; the costs are still
 * returned.
 *
 * <p>Calls per collection: 1 {@code GetDimensionValues} of LINKED_ACCOUNT, 1 of REGION, 1 {@code GetCostAndUsage}
 * per region with costs, 1 {@code GetCostForecast} and 1 monthly {@code GetCostAndUsage}, each once more per
 * further page; Cost Explorer bills $0.01 a request, hence its own cadence ({@code log2.aws.cost-interval}).
 *
 * <p>How the answers are read:
 * <ul>
 *   <li>{@code Estimated}: Cost Explorer marks days whose figures are not final yet (today and usually the last
 *       day or two). They are kept, since they are the only figures for the days the anomaly rules watch most
 *       closely; a later collection of the same days returns the final amounts, so whoever stores the records
 *       should let a day's later collection replace the earlier one.</li>
 *   <li>Amounts are kept as given: zero (free-tier usage, for instance) and negative (credits, refunds).</li>
 *   <li>Units: every amount must be in USD, as the facts are; any other unit fails the collection rather than
 *       mixing currencies.</li>
 *   <li>Region {@code NoRegion} (costs that belong to no region, such as tax) becomes a null region; other
 *       values, {@code global} included, are kept as given.</li>
 *   <li>The caller's account is not in the answers: it is the scope's account (a management account's answers
 *       name each linked account).</li>
 * </ul>
 * An answer that does not have this shape (a group without two keys or without {@code UnblendedCost}, an amount
 * that is not a number) fails the collection with an {@link IllegalStateException}; nothing partial is returned.
 */
public final class CostExplorerCollector implements Collector {

    public static final String NAME = "cost-explorer";
    /** The Cost Explorer metric collected, as GetCostAndUsage names it. */
    public static final String COST_METRIC = "UnblendedCost";
    /** The width of the forecast's prediction interval, in percent. */
    public static final int PREDICTION_INTERVAL_LEVEL = 80;
    static final String NO_REGION = "NoRegion";
    private static final String USD = "USD";
    private static final Logger LOG = Logger.getLogger(CostExplorerCollector.class);

    /** The record types that are usage, as the importers count it (CUR's line item types of the same names). */
    static final String USAGE_DESCRIPTION = "Usage, DiscountedUsage and SavingsPlanCoveredUsage";
    public static final List<String> USAGE_RECORD_TYPES = List.of("Usage", "DiscountedUsage", "SavingsPlanCoveredUsage");

    /**
     * Whose costs a collection reads: the caller's {@code account}, and the accounts Cost Explorer shows it
     * ({@code LINKED_ACCOUNT} values). Only an organisation's management account sees other accounts than its own.
     */
    public record Scope(String account, Set<String> linkedAccounts) {

        public static Scope of(String account) {
            return new Scope(account, account == null ? Set.of() : Set.of(account));
        }

        public boolean management() {
            return linkedAccounts.stream().anyMatch(a -> !a.equals(account));
        }
    }

    private final Scope scope;
    private final String account;
    private final Clock clock;

    /** @param account the account the costs belong to (Cost Explorer does not say) */
    public CostExplorerCollector(String account) {
        this(Scope.of(account), Clock.systemUTC());
    }

    /**
     * @param account the account the costs belong to
     * @param clock   says what "today" is: the forecast starts tomorrow, and no day after today is asked for
     */
    public CostExplorerCollector(String account, Clock clock) {
        this(Scope.of(account), clock);
    }

    /** @param scope the caller's account and, for a management account, the accounts whose costs it reads */
    public CostExplorerCollector(Scope scope, Clock clock) {
        this.scope = scope;
        this.account = scope.account();
        this.clock = clock;
    }

    /**
     * Who the caller is (STS {@code GetCallerIdentity}, free) and which accounts its Cost Explorer shows over the
     * window's days ({@code GetDimensionValues} of {@code LINKED_ACCOUNT}, one billed request): more than its own
     * means it is an organisation's management account. This is the question that matters here (whose costs the
     * caller sees) and needs no Organizations permission.
     */
    public static Scope scope(AwsClients clients, CollectWindow window, Clock clock) {
        String account = clients.accountId();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate start = LocalDate.ofInstant(window.from(), ZoneOffset.UTC);
        LocalDate end = min(endDay(window.to()), today.plusDays(1));
        if (!start.isBefore(end)) {
            return Scope.of(account);
        }
        Set<String> linked = new LinkedHashSet<>(dimensionValues(clients.costExplorer(), interval(start, end),
                Dimension.LINKED_ACCOUNT));
        linked.add(account);
        return new Scope(account, Set.copyOf(linked));
    }

    /**
     * Due when it has never run or its interval has passed since the last success; the window reaches
     * {@code costLag} before the last one's end (estimated days are read again until final), within the backfill
     * limit. Cost Explorer bills each request, so it is not asked every cycle.
     */
    @Override
    public Optional<CollectWindow> window(Watermark mark, Instant now, CollectSchedule schedule) {
        return due(mark, now, schedule);
    }

    /** See {@link #window}. */
    static Optional<CollectWindow> due(Watermark mark, Instant now, CollectSchedule schedule) {
        if (mark != null && now.isBefore(mark.collectedTo().plus(schedule.costInterval()))) {
            return Optional.empty();
        }
        Instant from = mark == null ? schedule.earliest(now) : mark.collectedTo().minus(schedule.costLag());
        return Optional.of(new CollectWindow(schedule.notBeforeLimit(from, now), now));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        CostExplorerClient ce = clients.costExplorer();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        CollectedData data = CollectedData.empty();

        LocalDate start = LocalDate.ofInstant(window.from(), ZoneOffset.UTC);
        LocalDate end = min(endDay(window.to()), today.plusDays(1));
        if (start.isBefore(end)) {
            DateInterval days = interval(start, end);
            for (String region : regions(ce, days)) {
                data.costs().addAll(dailyCosts(ce, days, region));
            }
        }
        forecast(ce, window, today).ifPresent(data.forecasts()::add);
        return data;
    }

    /** Every REGION value with costs in the period, following NextPageToken. */
    private static Set<String> regions(CostExplorerClient ce, DateInterval days) {
        return dimensionValues(ce, days, Dimension.REGION);
    }

    private static Set<String> dimensionValues(CostExplorerClient ce, DateInterval days, Dimension dimension) {
        Set<String> values = new LinkedHashSet<>();
        String token = null;
        do {
            String page = token;
            GetDimensionValuesResponse response = ce.getDimensionValues(r -> r.timePeriod(days)
                    .dimension(dimension).context(Context.COST_AND_USAGE).nextPageToken(page));
            for (DimensionValuesWithAttributes value : response.dimensionValues()) {
                if (value.value() == null) {
                    throw new IllegalStateException("Cost Explorer returned a " + dimension + " dimension value without a value");
                }
                values.add(value.value());
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        return values;
    }

    /** Usage only, as the importers count it: no tax, credits, refunds or fees. */
    static Expression usageOnly() {
        return Expression.builder().dimensions(d -> d.key(Dimension.RECORD_TYPE).values(USAGE_RECORD_TYPES)).build();
    }

    private static Expression dimension(Dimension key, String value) {
        return Expression.builder().dimensions(d -> d.key(key).values(value)).build();
    }

    /** The usage of one region; a management account's too, for all accounts it reads. */
    private static Expression regionUsage(String region) {
        return Expression.builder().and(dimension(Dimension.REGION, region), usageOnly()).build();
    }

    /** The usage of the caller's own account (a management account sees its members' too). */
    private Expression ownUsage() {
        return scope.management()
                ? Expression.builder().and(dimension(Dimension.LINKED_ACCOUNT, account), usageOnly()).build()
                : usageOnly();
    }

    private List<CostRecord> dailyCosts(CostExplorerClient ce, DateInterval days, String region) {
        List<CostRecord> records = new ArrayList<>();
        String recordRegion = NO_REGION.equals(region) || region.isBlank() ? null : region;
        int estimated = 0;
        String token = null;
        do {
            Dimension first = scope.management() ? Dimension.LINKED_ACCOUNT : Dimension.SERVICE;
            Dimension second = scope.management() ? Dimension.SERVICE : Dimension.USAGE_TYPE;
            GetCostAndUsageRequest request = GetCostAndUsageRequest.builder()
                    .timePeriod(days)
                    .granularity(Granularity.DAILY)
                    .metrics(COST_METRIC)
                    .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key(first.toString()),
                            g -> g.type(GroupDefinitionType.DIMENSION).key(second.toString()))
                    .filter(regionUsage(region))
                    .nextPageToken(token)
                    .build();
            GetCostAndUsageResponse response = ce.getCostAndUsage(request);
            for (ResultByTime result : response.resultsByTime()) {
                LocalDate date = day(result);
                if (Boolean.TRUE.equals(result.estimated())) {
                    estimated++;
                }
                for (Group group : result.groups()) {
                    if (group.keys().size() != 2) {
                        throw new IllegalStateException("Cost Explorer group on " + date + " in " + region
                                + " has keys " + group.keys() + ", expected " + first + " and " + second);
                    }
                    double amount = usd(group.metrics().get(COST_METRIC),
                            COST_METRIC + " of " + group.keys() + " on " + date + " in " + region);
                    records.add(scope.management()
                            ? new CostRecord(date, group.keys().get(0), group.keys().get(1), recordRegion, null, amount)
                            : new CostRecord(date, account, group.keys().get(0), recordRegion, group.keys().get(1), amount));
                }
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        if (estimated > 0) {
            LOG.debugf("Cost Explorer: %d day(s) in %s are estimated, kept as provisional figures", estimated, region);
        }
        return records;
    }

    private Optional<CostForecast> forecast(CostExplorerClient ce, CollectWindow window, LocalDate today) {
        YearMonth month = YearMonth.from(today);
        LocalDate start = max(today.plusDays(1), endDay(window.to()));
        LocalDate end = month.plusMonths(1).atDay(1);
        if (!start.isBefore(end)) {
            return Optional.empty(); // the month is over: nothing left to forecast
        }
        GetCostForecastResponse response;
        try {
            response = ce.getCostForecast(r -> r.timePeriod(interval(start, end))
                    .metric(Metric.UNBLENDED_COST).granularity(Granularity.MONTHLY).filter(ownUsage())
                    .predictionIntervalLevel(PREDICTION_INTERVAL_LEVEL));
        } catch (DataUnavailableException e) {
            // Not a failure to collect: Cost Explorer has too little history for this account to forecast.
            LOG.warnf("Cost Explorer has no forecast for account %s: %s", account, e.awsErrorDetails().errorMessage());
            return Optional.empty();
        }
        List<ForecastResult> results = response.forecastResultsByTime();
        double mean;
        if (response.total() != null) {
            mean = usd(response.total(), "forecast total");
        } else if (!results.isEmpty()) {
            mean = 0;
            for (ForecastResult result : results) {
                mean += number(result.meanValue(), "forecast mean");
            }
        } else {
            throw new IllegalStateException("Cost Explorer forecast has neither a total nor results by time");
        }
        Double lower = sum(results, ForecastResult::predictionIntervalLowerBound, "forecast lower bound");
        Double upper = sum(results, ForecastResult::predictionIntervalUpperBound, "forecast upper bound");
        double spent = spentBefore(ce, month.atDay(1), start, ownUsage());
        return Optional.of(new CostForecast(account, month, spent + mean,
                lower == null ? null : spent + lower, upper == null ? null : spent + upper));
    }

    /** The sum of one bound over the forecast's periods; null when there are none or one lacks the bound. */
    private static Double sum(List<ForecastResult> results, Function<ForecastResult, String> bound, String what) {
        if (results.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (ForecastResult result : results) {
            String value = bound.apply(result);
            if (value == null) {
                return null;
            }
            sum += number(value, what);
        }
        return sum;
    }

    /** What the month cost from its first day up to (not including) {@code until}. */
    private static double spentBefore(CostExplorerClient ce, LocalDate monthStart, LocalDate until, Expression filter) {
        double spent = 0;
        String token = null;
        do {
            String page = token;
            GetCostAndUsageResponse response = ce.getCostAndUsage(r -> r.timePeriod(interval(monthStart, until))
                    .granularity(Granularity.MONTHLY).metrics(COST_METRIC).filter(filter).nextPageToken(page));
            for (ResultByTime result : response.resultsByTime()) {
                Map<String, MetricValue> total = result.total();
                spent += usd(total.get(COST_METRIC), "month-to-date " + COST_METRIC + " from " + day(result));
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        return spent;
    }

    private static LocalDate day(ResultByTime result) {
        if (result.timePeriod() == null || result.timePeriod().start() == null) {
            throw new IllegalStateException("Cost Explorer result without a time period");
        }
        try {
            return LocalDate.parse(result.timePeriod().start());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cost Explorer result has an unreadable start date: "
                    + result.timePeriod().start(), e);
        }
    }

    private static double usd(MetricValue value, String what) {
        if (value == null) {
            throw new IllegalStateException("Cost Explorer answer has no " + what);
        }
        if (value.unit() != null && !USD.equals(value.unit())) {
            throw new IllegalStateException("Cost Explorer " + what + " is in " + value.unit() + ", expected USD");
        }
        return number(value.amount(), what);
    }

    private static double number(String amount, String what) {
        if (amount == null) {
            throw new IllegalStateException("Cost Explorer " + what + " has no amount");
        }
        try {
            return Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Cost Explorer " + what + " is not a number: " + amount, e);
        }
    }

    /** The day after the last instant of a period that ends (exclusively) at {@code to}. */
    static LocalDate endDay(Instant to) {
        LocalDateTime t = LocalDateTime.ofInstant(to, ZoneOffset.UTC);
        return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate() : t.toLocalDate().plusDays(1);
    }

    private static DateInterval interval(LocalDate start, LocalDate end) {
        return DateInterval.builder().start(start.toString()).end(end.toString()).build();
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
