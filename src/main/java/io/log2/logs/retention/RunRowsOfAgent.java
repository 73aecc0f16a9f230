package io.log2.logs.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows an agent keeps in tables of its own about its runs (a plan's resources, a playbook's tasks). Expiry removes
 * them with the runs, in the same transaction, so an agent's tables live exactly as long as the runs they describe.
 * An agent offers one as a CDI bean.
 */
public interface RunRowsOfAgent {

    /**
     * Removes this agent's rows about the given runs. {@code in} is {@code (?, ?, …)} with one parameter per run id, in
     * the order of {@code runIds}.
     */
    void forget(Connection c, String in, List<String> runIds) throws SQLException;

    /** Runs {@code DELETE …} with the run ids as its parameters, for an implementation whose rows carry the run id. */
    static int delete(Connection c, String sql, List<String> runIds) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < runIds.size(); i++) {
                ps.setString(i + 1, runIds.get(i));
            }
            return ps.executeUpdate();
        }
    }
}
