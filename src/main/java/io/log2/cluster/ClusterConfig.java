package io.log2.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How instances sharing one database keep step: {@code log2.cluster.*}. */
@ConfigMapping(prefix = "log2.cluster")
public interface ClusterConfig {

    /** This instance's name in logs, leases and {@code GET /api/cluster}; the host name and a random suffix when unset. */
    Optional<String> instanceName();

    /** How often the database is asked for versions and agents changed by another instance. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a lease row lasts without its holder giving it back (H2 only; PostgreSQL's locks end with the holder). */
    @WithDefault("15m")
    Duration leaseExpiry();
}
