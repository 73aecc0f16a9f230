-- GET /api/firings pages newest first by id ("id < cursor ORDER BY id DESC"). V1 indexes rule, resource and run;
-- an agent that fires rarely next to a busy one would otherwise be found by walking the whole id order.
-- No index on fired_at: a time range cannot be read in id order from one, so the planner walks the id order anyway
-- (see README, "Audit queries on ten million firings"); ranges are the partitioned table's job.
CREATE INDEX ix_firing_agent ON firing (agent, id);
