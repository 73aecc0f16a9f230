-- GET /api/firings pages newest first by (fired_at, id): "fired_at <= t AND (fired_at < t OR id < i)
-- ORDER BY fired_at DESC, id DESC". Each filter gets an index in that order, so a page is a short backward range
-- scan whatever the time range, and on PostgreSQL (firing partitioned by day on fired_at, V18) a range reads only
-- the partitions of its days; an index made on the partitioned parent is made on every partition, present and future.
-- They replace the (column, id) indexes of V1 and V22, which served the id order, and V23's (agent, fired_at), whose
-- reads (the log analysis: an agent's firings in a span) (agent, fired_at, id) serves as well. The writer keeps the
-- same number of indexes per firing. The run filter keeps (run_id, seq) from V1: a run's firings are few.
DROP INDEX IF EXISTS ix_firing_agent;
DROP INDEX IF EXISTS ix_firing_agent_time;
DROP INDEX IF EXISTS ix_firing_rule;
DROP INDEX IF EXISTS ix_firing_resource;
CREATE INDEX ix_firing_time ON firing (fired_at, id);
CREATE INDEX ix_firing_agent ON firing (agent, fired_at, id);
CREATE INDEX ix_firing_rule ON firing (rule, fired_at, id);
CREATE INDEX ix_firing_resource ON firing (resource, fired_at, id);
