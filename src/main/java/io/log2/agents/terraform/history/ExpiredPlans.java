package io.log2.agents.terraform.history;

import io.log2.logs.retention.RunRowsOfAgent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The terraform agent's rows about a checked plan (its facts for backtests, its planned resources) expire with its run. */
@ApplicationScoped
public class ExpiredPlans implements RunRowsOfAgent {

    @Override
    public void forget(Connection c, String in, List<String> runIds) throws SQLException {
        RunRowsOfAgent.delete(c, "DELETE FROM terraform_plan_fact WHERE run_id IN " + in, runIds);
        RunRowsOfAgent.delete(c, "DELETE FROM terraform_plan_resource WHERE run_id IN " + in, runIds);
    }
}
