-- An aws-usage finding's explanation looks up the playbook runs on its host shortly before the anomaly
-- (RunsBeforeAnomaly): by host in the task results, then by start time in the runs.
CREATE INDEX ansible_task_host ON ansible_task (host, ansible_run_id);
CREATE INDEX ansible_run_started ON ansible_run (started_at);
