package io.log2.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads back the facts posted to the runs of an agent whose fact types are declared in DRL ({@code run_fact}). */
@ApplicationScoped
public class StoredRunFacts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored run: its id, when it started and its facts as posted, in the run's order. */
    public record StoredRun(String runId, Instant startedAt, List<JsonNode> facts) {
    }

    @Inject
    DataSource dataSource;

    /** The agent's last {@code runs} runs with stored facts, oldest first. */
    public List<StoredRun> last(String agent, int runs) {
        try (Connection c = dataSource.getConnection()) {
            List<String> ids = new ArrayList<>();
            Map<String, Instant> startedAt = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.started_at FROM run r WHERE r.agent = ? AND EXISTS "
                    + "(SELECT 1 FROM run_fact f WHERE f.run_id = r.id) ORDER BY r.started_at DESC, r.id DESC FETCH FIRST "
                    + Math.max(runs, 0) + " ROWS ONLY")) {
                ps.setString(1, agent);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        startedAt.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                    }
                }
            }
            Collections.reverse(ids);
            Map<String, List<JsonNode>> facts = new LinkedHashMap<>();
            ids.forEach(id -> facts.put(id, new ArrayList<>()));
            // one statement per run keeps the parameter list bounded whatever log2.proposals.replay-runs says
            try (PreparedStatement ps = c.prepareStatement("SELECT fact FROM run_fact WHERE run_id = ? ORDER BY seq")) {
                for (String id : ids) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            facts.get(id).add(JSON.readTree(rs.getString(1)));
                        }
                    }
                }
            }
            List<StoredRun> out = new ArrayList<>();
            facts.forEach((id, f) -> out.add(new StoredRun(id, startedAt.get(id), List.copyOf(f))));
            return out;
        } catch (SQLException e) {
            throw new LogUnavailableException("the stored facts of agent '" + agent + "' cannot be read", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored fact of agent '" + agent + "' is not JSON", e);
        }
    }
}
