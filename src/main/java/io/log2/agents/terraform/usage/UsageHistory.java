package io.log2.agents.terraform.usage;

import io.log2.agents.terraform.plan.UsagePrices;
import io.log2.agents.terraform.plan.UsagePrices.Estimate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What one more S3 bucket or Lambda function costs this account a month, from the aws-usage agent's history: the
 * service's cost over the {@value #DAYS} days of cost history ending on its last day with cost ({@code cost_history},
 * from Cost Explorer, FOCUS and CUR imports), divided by the buckets or functions the agent's CloudWatch history knows
 * in those days ({@code metric_history}: {@code AWS/S3} per bucket, {@code AWS/Lambda} per function). Without cost, or
 * without a resource to divide by, the estimate says so and prices nothing.
 */
@ApplicationScoped
public class UsageHistory {

    /** The days of history an estimate spans: a month's worth. */
    public static final int DAYS = 30;

    /** A usage-based resource type: the service names its costs come under and the namespace that lists them. */
    record Kind(String type, String label, String noun, List<String> services, String namespace) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("aws_s3_bucket", "S3", "bucket", List.of("Amazon Simple Storage Service", "AmazonS3"), "AWS/S3"),
            new Kind("aws_lambda_function", "Lambda", "function", List.of("AWS Lambda", "AWSLambda"), "AWS/Lambda"));

    @Inject
    DataSource dataSource;

    /**
     * Estimates from the history of one account, or of all accounts when {@code account} is null; each type is read
     * once per answer, so one plan's resources share one estimate.
     */
    public UsagePrices prices(String account) {
        Map<String, Optional<Estimate>> cache = new HashMap<>();
        return type -> cache.computeIfAbsent(type, t -> KINDS.stream().filter(k -> k.type().equals(t)).findFirst()
                .map(k -> estimate(k, account)));
    }

    Estimate estimate(Kind kind, String account) {
        String services = String.join(", ", kind.services().stream().map(s -> "?").toList());
        String where = " WHERE service IN (" + services + ")" + (account == null ? "" : " AND account = ?");
        try (Connection c = dataSource.getConnection()) {
            LocalDate last;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(usage_date) FROM cost_history" + where)) {
                bind(ps, kind, account);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Date d = rs.getDate(1);
                    last = d == null ? null : d.toLocalDate();
                }
            }
            String whose = account == null ? "" : " of account " + account;
            if (last == null) {
                return new Estimate(null, kind.label() + ": the aws-usage history" + whose + " has no " + kind.services().get(0)
                        + " cost, so the usage-based cost of a new " + kind.noun() + " is not estimated");
            }
            LocalDate first = last.minusDays(DAYS - 1L);
            double cost;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM cost_history" + where
                    + " AND usage_date >= ? AND usage_date <= ?")) {
                int i = bind(ps, kind, account);
                ps.setObject(i++, first);
                ps.setObject(i, last);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    cost = rs.getDouble(1);
                }
            }
            int resources;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT resource) FROM metric_history"
                    + " WHERE namespace = ? AND ts >= ? AND ts < ?")) {
                ps.setString(1, kind.namespace());
                ps.setObject(2, first.atStartOfDay().atOffset(ZoneOffset.UTC));
                ps.setObject(3, OffsetDateTime.of(last.plusDays(1).atStartOfDay(), ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    resources = rs.getInt(1);
                }
            }
            String span = DAYS + " days of aws-usage history" + whose + " (" + first + " to " + last + ")";
            if (resources == 0) {
                return new Estimate(null, kind.label() + ": $" + money(cost) + " over " + span + ", but no " + kind.noun()
                        + " in its " + kind.namespace() + " metrics to divide it by, so the usage-based cost of a new "
                        + kind.noun() + " is not estimated");
            }
            double each = Double.parseDouble(money(cost / resources));
            return new Estimate(each, kind.label() + ": $" + money(each) + "/month per " + kind.noun() + ", mean of "
                    + resources + " " + kind.noun() + (resources == 1 ? "" : "s") + " over " + span);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the aws-usage history for " + kind.label() + " costs", e);
        }
    }

    private static int bind(PreparedStatement ps, Kind kind, String account) throws SQLException {
        int i = 1;
        for (String s : kind.services()) {
            ps.setString(i++, s);
        }
        if (account != null) {
            ps.setString(i++, account);
        }
        return i;
    }

    /** Dollars to the cent, or to four significant digits below a dollar (usage costs are often fractions of a cent). */
    static String money(double v) {
        if (Math.abs(v) >= 1) {
            return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        return v == 0 ? "0.00" : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
