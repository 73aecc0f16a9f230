-- The EC2 instances the inventory collector saw last, with the addresses and names other agents know them by: an
-- Ansible host named by IP, private DNS name or Name tag is matched to its instance here. Terminated instances are
-- kept (DescribeInstances lists them for about an hour), so that a host that became unreachable because its instance
-- was terminated is explained. One row per instance and region, replaced at each collection.
CREATE TABLE ec2_instance (
    instance_id      VARCHAR(64)  NOT NULL,
    region           VARCHAR(64)  NOT NULL,
    state            VARCHAR(32),
    state_reason     VARCHAR(500),
    private_ip       VARCHAR(64),
    public_ip        VARCHAR(64),
    private_dns      VARCHAR(255),
    public_dns       VARCHAR(255),
    name             VARCHAR(255),
    seen_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (instance_id, region)
);
CREATE INDEX ix_ec2_instance_private_ip ON ec2_instance (private_ip);
CREATE INDEX ix_ec2_instance_public_ip ON ec2_instance (public_ip);
CREATE INDEX ix_ec2_instance_private_dns ON ec2_instance (private_dns);
CREATE INDEX ix_ec2_instance_name ON ec2_instance (name);
