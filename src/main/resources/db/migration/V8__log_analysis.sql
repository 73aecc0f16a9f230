-- Log analysis (GET /api/agents/{agent}/analysis) reads an agent's firings over a span of time. This index holds
-- every column the firing-pattern and consequence-time queries read, so they are answered from the index alone
-- (PostgreSQL: an index-only scan) over the span's range instead of reading the firings' facts and bindings.
-- Rule exceptions are read from the table itself: the error text is too long to index safely.
CREATE INDEX ix_firing_analysis ON firing (agent, fired_at, rule, run_id, seq, duration_nanos);
-- Cycles and findings of an agent over a span; runs have ix_run_agent (agent, started_at).
CREATE INDEX ix_monitoring_cycle_agent ON monitoring_cycle (agent, started_at);
CREATE INDEX ix_finding_agent_seen ON finding (agent, last_seen);
