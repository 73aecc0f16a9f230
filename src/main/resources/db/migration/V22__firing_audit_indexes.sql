-- GET /api/firings pages newest first by id ("id < cursor ORDER BY id DESC"). V1 indexes rule, resource and run;
-- these two serve the remaining filters on a large log:
-- an agent that fires rarely next to a busy one would otherwise be found by walking the whole id order, and a time
-- range far back would be reached by walking every newer row. With (fired_at, id) the rows of a range are read from
-- the index directly; the planner walks the id order instead when the range is recent or wide.
CREATE INDEX ix_firing_agent ON firing (agent, id);
CREATE INDEX ix_firing_fired_at ON firing (fired_at, id);
