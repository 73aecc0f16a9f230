package io.log2.agents.terraform.kept;

import io.log2.agents.terraform.ResourceChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The resources of the plans the terraform agent checked ({@code terraform_plan_resource}): written once per checked
 * plan, in one transaction, and read to tell whether a resource that appeared in the account was planned.
 */
@ApplicationScoped
public class PlanResources {

    /** One kept resource of a checked plan. */
    public record Kept(String runId, String plan, String address, String type, String name, String action, String resourceId,
                       String region, Instant checkedAt) {
    }

    /** The attributes that name a resource before apply, in the order they are tried. */
    static final List<String> NAMING = List.of("bucket", "function_name", "identifier", "cluster_identifier", "name");
    private static final Set<String> KEPT_ACTIONS = Set.of(ResourceChange.CREATE, ResourceChange.REPLACE, ResourceChange.UPDATE,
            ResourceChange.DELETE);

    @Inject
    DataSource dataSource;

    /** Keeps the managed resources a plan creates, replaces, updates or deletes (reads and no-ops are not kept). */
    public int keep(String runId, Instant checkedAt, Collection<ResourceChange> changes) {
        List<ResourceChange> kept = changes.stream()
                .filter(c -> "managed".equals(c.mode()) && KEPT_ACTIONS.contains(c.action())).toList();
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO terraform_plan_resource (run_id, plan, address,"
                    + " resource_type, name, action, resource_id, region, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ResourceChange r : kept) {
                    ps.setString(1, runId);
                    ps.setString(2, r.plan());
                    ps.setString(3, cut(r.resource(), 512));
                    ps.setString(4, cut(r.type(), 128));
                    ps.setString(5, cut(r.name(), 255));
                    ps.setString(6, r.action());
                    ps.setString(7, cut(identifier(r), 512));
                    ps.setString(8, r.region());
                    ps.setObject(9, OffsetDateTime.ofInstant(checkedAt, ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the resources of plan run " + runId, e);
        }
        return kept.size();
    }

    /** The kept resources of the types given that plans checked from {@code from} to {@code to} create or replace. */
    public List<Kept> created(Collection<String> types, Instant from, Instant to) {
        if (types.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", types.stream().map(t -> "?").toList());
        String sql = "SELECT run_id, plan, address, resource_type, name, action, resource_id, region, checked_at"
                + " FROM terraform_plan_resource WHERE resource_type IN (" + marks + ") AND action IN ('create', 'replace')"
                + " AND checked_at >= ? AND checked_at <= ? ORDER BY checked_at DESC, id DESC";
        List<Kept> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String t : types) {
                ps.setString(i++, t);
            }
            ps.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(i, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Kept(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the kept plan resources", e);
        }
        return out;
    }

    /**
     * The identifier the plan knows before apply: the {@code id} of an existing resource, else the first naming
     * attribute that is set; null when it is known only after apply (an instance's id).
     */
    static String identifier(ResourceChange r) {
        if (r.before() != null && r.before().get("id") instanceof String id && !id.isBlank()) {
            return id;
        }
        Map<String, Object> values = r.after() != null ? r.after() : r.before();
        if (values == null) {
            return null;
        }
        for (String attribute : NAMING) {
            if (values.get(attribute) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
