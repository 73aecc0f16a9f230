package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the log. Firings and findings are listed newest first with keyset paging: a cursor is the position of the last
 * row seen, so rows inserted while a client pages never shift or repeat the pages it has still to read. Findings are
 * ordered by id. Firings are ordered by the time they fired, then by id (firings of one instant): the order of the
 * time-partitioned firing table and of its indexes, so that a time range reads only its own days and every filter
 * reads its index in page order whatever the range (see {@link FiringCursor}). A page is read a span of time at a
 * time, newest first ({@link FiringWindow}), so that on PostgreSQL the planner looks only at the day partitions of
 * the span instead of every day kept.
 */
@ApplicationScoped
public class AuditQueries {

    public static final int MAX_LIMIT = 1000;

    @Inject
    DataSource dataSource;

    @Transactional
    public Page<Firing> firings(FiringFilter filter, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT, "limit");
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        FiringCursor after = cursor == null || cursor.isBlank() ? null : FiringCursor.decode(cursor);
        if (after != null) {
            // "(firedAt, id) < (at, id)", written so that the bound on firedAt alone is a range on the index and
            // prunes the partitions newer than the cursor; only firings of the cursor's instant are checked by id.
            where.add("firedAt <= :at and (firedAt < :at or id < :id)");
            params.put("at", after.firedAt());
            params.put("id", after.id());
        }
        if (filter.agent() != null) {
            where.add("agent = :agent");
            params.put("agent", filter.agent());
        }
        if (filter.rule() != null) {
            where.add("rule = :rule");
            params.put("rule", filter.rule());
        }
        if (filter.runId() != null) {
            where.add("runId = :run");
            params.put("run", filter.runId());
        }
        if (filter.version() != null) {
            where.add("version = :version");
            params.put("version", filter.version());
        }
        if (filter.resource() != null) {
            where.add("resource = :resource");
            params.put("resource", filter.resource());
        }
        if (filter.from() != null) {
            where.add("firedAt >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("firedAt < :to");
            params.put("to", filter.to());
        }
        // A run's firings are few and found by their own index wherever they are, then sorted. Given the columns to
        // order by, PostgreSQL would rather walk the (fired_at, id) index backwards until it had met enough of the run's
        // firings: for a page of fewer than 20, 2.8 to 4.3 s on ten million firings (firings-bench); the same expression
        // of them is an order no index holds. Bounded in time, the planner walked the time index too, through every
        // firing of the span (1.9 s), so a run's firings are read in one query. Each page sorts the run's firings before
        // its cursor: fine for a cycle's or an import's run, slow near log2.run.max-firings (see README).
        String order = filter.runId() != null ? "order by coalesce(firedAt, firedAt) desc, id desc" : "order by firedAt desc, id desc";
        List<Firing> rows = new ArrayList<>();
        Instant anchor = after != null ? after.firedAt() : filter.to() != null ? filter.to() : Instant.now();
        List<FiringWindow> windows = filter.runId() != null ? List.of(FiringWindow.ALL) : FiringWindow.before(anchor, filter.from());
        for (FiringWindow window : windows) {
            // A window unbounded at both ends comes with a run or the filter's from, so there is always a where clause.
            List<String> bounded = new ArrayList<>(where);
            Map<String, Object> windowParams = new HashMap<>(params);
            if (window.from() != null) {
                bounded.add("firedAt >= :windowFrom");
                windowParams.put("windowFrom", window.from());
            }
            if (window.to() != null) {
                bounded.add("firedAt < :windowTo");
                windowParams.put("windowTo", window.to());
            }
            rows.addAll(Firing.<Firing>find(String.join(" and ", bounded) + " " + order, windowParams)
                    .page(0, limit + 1 - rows.size()).list());
            if (rows.size() > limit) {
                break;
            }
        }
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Firing last = rows.get(limit - 1);
            next = new FiringCursor(last.firedAt, last.id).encode();
        }
        return new Page<>(List.copyOf(rows), next);
    }

    // By query, not by EntityManager.find: find answers "no such row" when the connection fails inside a transaction
    // already marked for rollback (Hibernate HHH-12472), which would turn a database outage into a 404.
    @Transactional
    public Optional<Firing> firing(long id) {
        return Firing.find("id", id).firstResultOptional();
    }

    @Transactional
    public Optional<Run> run(String id) {
        return Run.find("id", id).firstResultOptional();
    }

    /**
     * Findings newest first (by id, so findings opened while a client pages never shift its pages; a finding
     * updated meanwhile keeps its place), with the firings they link to.
     */
    @Transactional
    public Page<LinkedFinding> findings(FindingFilter filter, int limit, String cursor) {
        checkLimit(limit);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (cursor != null && !cursor.isBlank()) {
            where.add("f.id < :cursor");
            params.put("cursor", decode(cursor));
        }
        filter.conditions(where, params);
        List<LinkedFinding> rows = linkedFindings((where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by f.id desc", params, limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encode(rows.get(limit - 1).finding().id);
        }
        return new Page<>(List.copyOf(rows), next);
    }

    @Transactional
    public Optional<LinkedFinding> finding(long id) {
        return linkedFindings(" where f.id = :id", Map.of("id", id), 1).stream().findFirst();
    }

    /** The findings a run touched, in the order it touched them, after the cursor (the last position seen). */
    @Transactional
    public Page<RunFinding> findingsOfRun(String runId, int limit, String cursor) {
        checkLimit(limit);
        long after = cursor == null || cursor.isBlank() ? 0 : decode(cursor);
        List<Object[]> rows = LoggedRunFinding.getEntityManager().createQuery("select rf, f, fi.file, fi.row"
                        + " from LoggedRunFinding rf join LoggedFinding f on f.id = rf.findingId"
                        + " left join Firing fi on fi.runId = rf.runId and fi.seq = rf.firingSeq"
                        + " where rf.runId = :run and rf.seq > :after order by rf.seq", Object[].class)
                .setParameter("run", runId).setParameter("after", (int) Math.max(0, Math.min(after, Integer.MAX_VALUE)))
                .setMaxResults(limit + 1).getResultList();
        List<RunFinding> items = new ArrayList<>(Math.min(rows.size(), limit));
        for (int i = 0; i < rows.size() && i < limit; i++) {
            LoggedRunFinding rf = (LoggedRunFinding) rows.get(i)[0];
            LoggedFinding f = (LoggedFinding) rows.get(i)[1];
            items.add(new RunFinding(f.id, rf.action, f.state, rf.seen, rf.firingSeq, f.kind, f.severity, f.category,
                    f.rule, (String) rows.get(i)[2], (Integer) rows.get(i)[3], f.resource, f.period, rf.value,
                    rf.threshold, rf.message));
        }
        String next = rows.size() > limit ? encode(((LoggedRunFinding) rows.get(limit - 1)[0]).seq) : null;
        return new Page<>(List.copyOf(items), next);
    }

    private static List<LinkedFinding> linkedFindings(String whereAndOrder, Map<String, Object> params, int max) {
        var query = LoggedFinding.getEntityManager().createQuery("select f, ff.id, lf.id, lf.version, lf.file, lf.row, fb"
                + " from LoggedFinding f"
                + " left join Firing ff on ff.runId = f.firstRunId and ff.seq = f.firstFiringSeq"
                + " left join Firing lf on lf.runId = f.lastRunId and lf.seq = f.lastFiringSeq"
                + " left join FindingFeedback fb on fb.id = f.feedbackId" + whereAndOrder, Object[].class);
        params.forEach(query::setParameter);
        List<LinkedFinding> out = new ArrayList<>();
        for (Object[] row : query.setMaxResults(max).getResultList()) {
            out.add(new LinkedFinding((LoggedFinding) row[0], (Long) row[1], (Long) row[2], (Integer) row[3],
                    (String) row[4], (Integer) row[5], (FindingFeedback) row[6]));
        }
        return out;
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT, "limit");
        }
    }

    /**
     * A finding with the firings it links to: its first and last (ids), and the rule-set version, file and row of
     * the last, so that "why did this alert fire?" leads to the rule, row, version and matched facts; and its label
     * (null while it has none).
     */
    public record LinkedFinding(LoggedFinding finding, Long firstFiring, Long lastFiring, Integer version, String file,
                                Integer row, FindingFeedback feedback) {
    }

    /** The firings of a run in firing order, at most {@code limit}. */
    @Transactional
    public List<Firing> firingsOfRun(String runId, int limit) {
        return Firing.<Firing>find("runId = ?1 order by seq", runId).page(0, limit).list();
    }

    /**
     * The facts (JSON) a firing matched, by its run and place in the run; empty when there is no such firing or it
     * kept no facts. Plain JDBC, so that a finding's context can read one column without loading the firing, and a
     * database failure reaches the caller as the {@link SQLException} it is.
     */
    public Optional<String> factsOfFiring(String runId, int seq) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT facts FROM firing WHERE run_id = ? AND seq = ?")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor '" + cursor + "' is not one this service issued", "cursor");
        }
    }
}
