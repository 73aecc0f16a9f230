-- Versions of the action policy table: each accepted upload or file edit is one immutable row; the highest
-- version is the policy in force. A refused table never gets a row.
CREATE TABLE action_policy_version (
    version      INTEGER        PRIMARY KEY,
    content_hash VARCHAR(64)    NOT NULL,
    -- the table as CSV (an uploaded workbook is kept as the CSV of its first sheet)
    content      VARCHAR(200000) NOT NULL,
    -- upload or file
    source       VARCHAR(16)    NOT NULL,
    created_by   VARCHAR(128)   NOT NULL,
    reason       VARCHAR(900),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
