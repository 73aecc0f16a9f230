-- A count of the changes made to users (a password or roles), raised in the transaction of each change. Every instance
-- reads it each poll and, when it has grown, stops trusting the credentials it verified before: a password or role
-- changed on one instance ends the old one on all of them within a poll, not only where the change was made.
CREATE TABLE user_change (
    id INT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO user_change (id, seq) VALUES (1, 0);
