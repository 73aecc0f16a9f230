package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the log. Firings are listed newest first with keyset paging on the id: a cursor is the last id
 * seen, so rows inserted while a client pages never shift or repeat the pages it has still to read.
 */
@ApplicationScoped
public class AuditQueries {

    public static final int MAX_LIMIT = 1000;

    @Transactional
    public Page<Firing> firings(FiringFilter filter, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT, "limit");
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (cursor != null && !cursor.isBlank()) {
            where.add("id < :cursor");
            params.and("cursor", decode(cursor));
        }
        if (filter.agent() != null) {
            where.add("agent = :agent");
            params.and("agent", filter.agent());
        }
        if (filter.rule() != null) {
            where.add("rule = :rule");
            params.and("rule", filter.rule());
        }
        if (filter.runId() != null) {
            where.add("runId = :run");
            params.and("run", filter.runId());
        }
        if (filter.version() != null) {
            where.add("version = :version");
            params.and("version", filter.version());
        }
        if (filter.resource() != null) {
            where.add("resource = :resource");
            params.and("resource", filter.resource());
        }
        if (filter.from() != null) {
            where.add("firedAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("firedAt < :to");
            params.and("to", filter.to());
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by id desc";
        List<Firing> rows = where.isEmpty()
                ? Firing.<Firing>find("order by id desc").page(0, limit + 1).list()
                : Firing.<Firing>find(query, params).page(0, limit + 1).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encode(rows.get(limit - 1).id);
        }
        return new Page<>(List.copyOf(rows), next);
    }

    @Transactional
    public Optional<Firing> firing(long id) {
        return Firing.findByIdOptional(id);
    }

    @Transactional
    public Optional<Run> run(String id) {
        return Run.findByIdOptional(id);
    }

    @Transactional
    public List<LoggedFinding> findingsOfRun(String runId) {
        return LoggedFinding.list("runId = ?1 order by seq", runId);
    }

    /** The firings of a run that raised a finding, by their sequence number. */
    @Transactional
    public java.util.Map<Integer, Firing> firingsRaisingFindings(String runId) {
        List<Firing> firings = Firing.list("runId = ?1 and seq in (select f.firingSeq from LoggedFinding f where f.runId = ?1)", runId);
        java.util.Map<Integer, Firing> bySeq = new java.util.HashMap<>();
        firings.forEach(f -> bySeq.put(f.seq, f));
        return bySeq;
    }

    /** The firings of a run in firing order, at most {@code limit}. */
    @Transactional
    public List<Firing> firingsOfRun(String runId, int limit) {
        return Firing.<Firing>find("runId = ?1 order by seq", runId).page(0, limit).list();
    }

    static String encode(long id) {
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
