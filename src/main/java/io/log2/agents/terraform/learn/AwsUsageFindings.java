package io.log2.agents.terraform.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads what the aws-usage agent keeps that the terraform agent can learn from: its savings opportunities
 * ({@code savings_opportunity}) of idle and over-provisioned instances and databases, and its open findings of
 * missing tags (the rows of its RequiredTags table, whose {@code $tag} binding names the tag). Reads only.
 */
@ApplicationScoped
public class AwsUsageFindings {

    /** A size the account runs wastefully, with the resources and the kinds of opportunity that say so. */
    public record Size(String terraformType, String size, List<String> kinds, List<String> resources, double monthlySaving) {
    }

    /** A tag the aws-usage agent finds missing, with the rules and resources of its open findings. */
    public record MissingTag(String tag, List<String> rules, List<String> resources) {
    }

    /** The opportunity kinds that say a size is more than the account needs. */
    static final List<String> WASTEFUL = List.of("idle-instance", "over-provisioned", "idle-database");
    /** The CloudFormation type of an opportunity's resource to the Terraform type that creates it. */
    static final Map<String, String> TERRAFORM_TYPES = Map.of("AWS::EC2::Instance", "aws_instance",
            "AWS::RDS::DBInstance", "aws_db_instance");
    /**
     * The size named first in an opportunity's recommendation ("Stop or terminate the idle t3.large instance",
     * "Resize m5.xlarge to m5.large", "Stop the db.m5.large mysql instance"): a family with a digit, a dot, a size.
     */
    static final Pattern SIZE = Pattern.compile("\\b((?:db\\.)?[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[0-9]*[a-z][a-z0-9]*)\\b");
    static final String TAG_RULES = "RequiredTags\\_%";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    /** The sizes of the wasteful opportunities, by Terraform type and size, in that order. */
    public List<Size> wastefulSizes() {
        Map<String, Object[]> by = new TreeMap<>();
        String sql = "SELECT kind, resource_type, resource_id, recommendation, monthly_saving FROM savings_opportunity"
                + " WHERE kind IN ('idle-instance', 'over-provisioned', 'idle-database') ORDER BY resource_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String type = TERRAFORM_TYPES.get(rs.getString(2));
                Optional<String> size = size(rs.getString(4));
                if (type == null || size.isEmpty()) {
                    continue;
                }
                Object[] acc = by.computeIfAbsent(type + " " + size.get(),
                        k -> new Object[] {type, size.get(), new TreeSet<String>(), new TreeSet<String>(), new double[1]});
                cast(acc[2]).add(rs.getString(1));
                cast(acc[3]).add(rs.getString(3));
                BigDecimal saving = rs.getBigDecimal(5);
                ((double[]) acc[4])[0] += saving == null ? 0 : saving.doubleValue();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the aws-usage agent's savings opportunities", e);
        }
        List<Size> out = new ArrayList<>();
        by.values().forEach(a -> out.add(new Size((String) a[0], (String) a[1], List.copyOf(cast(a[2])), List.copyOf(cast(a[3])),
                Math.round(((double[]) a[4])[0] * 100) / 100.0)));
        return out;
    }

    /** The tags of the aws-usage agent's open missing-tag findings, by tag in lower case. */
    public List<MissingTag> missingTags() {
        Map<String, TreeSet<String>[]> by = new TreeMap<>();
        String sql = "SELECT f.rule, f.resource, fi.bindings FROM finding f JOIN firing fi"
                + " ON fi.run_id = f.first_run_id AND fi.seq = f.first_firing_seq"
                + " WHERE f.agent = 'aws-usage' AND f.rule LIKE ? ESCAPE '\\' AND f.state = 'open'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, TAG_RULES);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tag = tag(rs.getString(3));
                    if (tag == null) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    TreeSet<String>[] acc = by.computeIfAbsent(tag.toLowerCase(Locale.ROOT),
                            k -> new TreeSet[] {new TreeSet<String>(), new TreeSet<String>()});
                    acc[0].add(rs.getString(1));
                    acc[1].add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the aws-usage agent's missing-tag findings", e);
        }
        List<MissingTag> out = new ArrayList<>();
        by.forEach((tag, acc) -> out.add(new MissingTag(tag, List.copyOf(acc[0]), List.copyOf(acc[1]))));
        return out;
    }

    static Optional<String> size(String recommendation) {
        if (recommendation == null) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(recommendation);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The tag a RequiredTags firing bound ({@code $tag}). */
    static String tag(String bindings) {
        if (bindings == null) {
            return null;
        }
        try {
            JsonNode b = JSON.readTree(bindings);
            JsonNode tag = b.has("$tag") ? b.get("$tag") : b.get("tag");
            return tag != null && tag.isTextual() && !tag.asText().isBlank() ? tag.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static TreeSet<String> cast(Object o) {
        return (TreeSet<String>) o;
    }
}
