-- What arrived since the last cycle is a commit-ordered number, not a wall-clock time. Every store of history
-- takes the next number from this row and keeps the row locked until it commits, so numbers become visible in the
-- order they were handed out: a cycle that reads the committed value N has seen every row numbered N or less,
-- and an import still running when the cycle reads gets a number above N and is evaluated by the next cycle.
CREATE TABLE history_sequence (
    name        VARCHAR(32)  PRIMARY KEY,
    last_value  BIGINT       NOT NULL
);
INSERT INTO history_sequence (name, last_value) VALUES ('history', 0);

-- The number of the store that last added or changed a row; a row stored again unchanged keeps its number.
ALTER TABLE cost_history ADD COLUMN seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE metric_history ADD COLUMN seq BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX ix_cost_history_seq ON cost_history (seq);
CREATE INDEX ix_metric_history_seq ON metric_history (seq);
DROP INDEX ix_cost_history_recorded;
DROP INDEX ix_metric_history_recorded;

-- The history number a cycle evaluated up to; null while it runs and when its run failed or was aborted.
ALTER TABLE monitoring_cycle ADD COLUMN evaluated_through BIGINT;

-- Each collector's progress, per account and region ("cloudtrail@eu-west-1", "cloudwatch@us-east-1/<role arn>"):
-- everything before collected_to has been read. A collector that reads a window from its end (CloudTrail) and
-- stops at its cap keeps the window's end in window_to and how far down it has read in read_down_to.
CREATE TABLE collector_watermark (
    collector   VARCHAR(600) PRIMARY KEY,
    collected_to TIMESTAMP WITH TIME ZONE NOT NULL,
    window_to   TIMESTAMP WITH TIME ZONE,
    read_down_to TIMESTAMP WITH TIME ZONE,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
