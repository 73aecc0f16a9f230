-- Retention removes an agent's rows about a run with the run (io.log2.logs.retention.RunRowsOfAgent), a batch of run
-- ids at a time: the tables keyed by run id need an index on it (terraform_plan_fact has one from V26).
CREATE INDEX ix_terraform_plan_resource_run ON terraform_plan_resource (run_id);
CREATE INDEX ix_ansible_run_run ON ansible_run (run_id);
