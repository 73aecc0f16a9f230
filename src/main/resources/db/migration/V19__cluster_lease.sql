-- Leases of work that runs on one instance at a time (a monitoring cycle, a folder import, a learner run, a
-- notification tick) on databases without advisory locks (H2). A lease is taken by updating an expired row or
-- inserting a missing one, and given back by deleting it; one that outlives a crashed holder ends at expires_at.
-- On PostgreSQL the service uses session advisory locks instead, which end with the holder's connection.
CREATE TABLE cluster_lease (
    name        VARCHAR(200) PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    taken_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
