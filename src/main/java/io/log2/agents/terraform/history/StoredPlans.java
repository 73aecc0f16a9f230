package io.log2.agents.terraform.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.TerraformConfig;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The facts of the plans the terraform agent checked ({@code terraform_plan_fact}): written once per checked plan, in
 * one transaction, and read back as the same records, plan by plan, for a backtest to replay. Only what a backtest
 * reads is kept: writing a plan forgets all but the last {@code log2.terraform.replay-plans}, and the plans whose run
 * is gone (retention removes a plan's facts with its run, {@link ExpiredPlans}; a purge of the log removes only runs).
 */
@ApplicationScoped
public class StoredPlans {

    /** The facts one check of a plan evaluated, in their order. */
    public record StoredPlan(String runId, String plan, Instant checkedAt, List<Object> facts) {
    }

    /**
     * A plain mapper, as the plan reader turns plan values into maps with one: numbers, lists and maps come back as
     * the same Java types, so a replayed fact matches the rules exactly as the checked one did.
     */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends Record>> TYPES = new TerraformAgent().factTypes();

    /**
     * Every kept plan, newest first (as {@link #last(int)} orders them), with whether its run is still logged. The
     * plans are found by stepping along the run index from one plan's run to the next, one index lookup per plan,
     * rather than by reading every fact row; a plan's facts are written at once with one {@code checked_at}, so its
     * first fact tells when it was checked.
     */
    private static final String PLANS = "SELECT k.run_id, EXISTS (SELECT 1 FROM run r WHERE r.id = k.run_id) FROM ("
            + "WITH RECURSIVE plans (run_id) AS ("
            + " SELECT (SELECT f.run_id FROM terraform_plan_fact f ORDER BY f.run_id FETCH FIRST 1 ROW ONLY)"
            + " UNION ALL SELECT (SELECT f.run_id FROM terraform_plan_fact f WHERE f.run_id > p.run_id"
            + " ORDER BY f.run_id FETCH FIRST 1 ROW ONLY) FROM plans p WHERE p.run_id IS NOT NULL)"
            + " SELECT p.run_id, (SELECT f.checked_at FROM terraform_plan_fact f WHERE f.run_id = p.run_id"
            + " ORDER BY f.seq FETCH FIRST 1 ROW ONLY) AS at FROM plans p WHERE p.run_id IS NOT NULL) k"
            + " ORDER BY k.at DESC, k.run_id DESC";
    /** The most runs named in one DELETE. */
    private static final int RUNS_PER_DELETE = 100;

    @Inject
    DataSource dataSource;
    @Inject
    TerraformConfig config;

    /**
     * Keeps the facts of one checked plan, whose run is logged; facts of types the agent does not declare are not
     * kept. In the same transaction, forgets what {@link #forget(int)} forgets with {@code log2.terraform.replay-plans}.
     */
    public void keep(String runId, String plan, Instant checkedAt, List<?> facts) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO terraform_plan_fact (run_id, plan, seq, fact_type, fact,"
                    + " checked_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Object fact : facts) {
                    String type = fact.getClass().getSimpleName();
                    if (TYPES.get(type) != fact.getClass()) {
                        continue;
                    }
                    ps.setString(1, runId);
                    ps.setString(2, plan);
                    ps.setInt(3, seq++);
                    ps.setString(4, type);
                    ps.setString(5, JSON.writeValueAsString(fact));
                    ps.setObject(6, OffsetDateTime.ofInstant(checkedAt, ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
                forget(c, config.replayPlans());
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot keep the facts of plan run " + runId, e);
        }
    }

    /**
     * Forgets the facts of the plans whose run has expired and of all but the newest {@code plans} plans, in one
     * transaction.
     *
     * @return the fact rows removed
     */
    public int forget(int plans) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int removed = forget(c, plans);
                c.commit();
                return removed;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget stored plan facts", e);
        }
    }

    /**
     * Forgets the plans whose run is gone and all but the newest {@code plans}: the plans are listed first (cheap,
     * see {@link #PLANS}), so that only the facts of the plans forgotten are read again, through the run index.
     */
    private static int forget(Connection c, int plans) throws SQLException {
        List<String> forgotten = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PLANS); ResultSet rs = ps.executeQuery()) {
            for (int newest = 0; rs.next(); newest++) {
                if (newest >= plans || !rs.getBoolean(2)) {
                    forgotten.add(rs.getString(1));
                }
            }
        }
        int removed = 0;
        for (int from = 0; from < forgotten.size(); from += RUNS_PER_DELETE) {
            List<String> runs = forgotten.subList(from, Math.min(forgotten.size(), from + RUNS_PER_DELETE));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM terraform_plan_fact WHERE run_id IN ("
                    + String.join(",", Collections.nCopies(runs.size(), "?")) + ")")) {
                for (int i = 0; i < runs.size(); i++) {
                    ps.setString(i + 1, runs.get(i));
                }
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }

    /** The last {@code max} checked plans, oldest first, each with its facts in the order they were evaluated. */
    public List<StoredPlan> last(int max) {
        String sql = "SELECT f.run_id, f.plan, f.checked_at, f.fact_type, f.fact FROM terraform_plan_fact f"
                + " JOIN (SELECT run_id, MAX(checked_at) AS at FROM terraform_plan_fact GROUP BY run_id"
                + " ORDER BY at DESC, run_id DESC FETCH FIRST ? ROWS ONLY) r ON r.run_id = f.run_id"
                + " ORDER BY f.checked_at, f.run_id, f.seq";
        Map<String, StoredPlan> plans = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String runId = rs.getString(1);
                    StoredPlan p = plans.get(runId);
                    if (p == null) {
                        p = new StoredPlan(runId, rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), new ArrayList<>());
                        plans.put(runId, p);
                    }
                    p.facts().add(read(rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored plan facts", e);
        }
        return List.copyOf(plans.values());
    }

    private static Object read(String type, String json) {
        Class<? extends Record> cls = TYPES.get(type);
        if (cls == null) {
            throw new IllegalStateException("a stored plan fact has the unknown type " + type);
        }
        try {
            return JSON.readValue(json, cls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
