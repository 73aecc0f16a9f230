package io.log2.agents.ansible.history;

import io.log2.logs.retention.RunRowsOfAgent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A playbook run's summary and task results expire with the run of the ansible agent that read them. */
@ApplicationScoped
public class ExpiredPlaybookRuns implements RunRowsOfAgent {

    @Override
    public void forget(Connection c, String in, List<String> runIds) throws SQLException {
        RunRowsOfAgent.delete(c, "DELETE FROM ansible_task WHERE ansible_run_id IN (SELECT id FROM ansible_run WHERE run_id IN "
                + in + ")", runIds);
        RunRowsOfAgent.delete(c, "DELETE FROM ansible_run WHERE run_id IN " + in, runIds);
    }
}
