package io.log2.catalog;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Keeps this instance's agents those of the database: every {@code log2.cluster.poll-interval} an agent made, deleted,
 * enabled or disabled through another instance's API is made, removed, enabled or disabled here. Polling, as
 * {@link io.log2.logic.VersionFollower} does for versions.
 */
@ApplicationScoped
public class CatalogFollower {

    private static final Logger LOG = Logger.getLogger(CatalogFollower.class);

    @Inject
    AgentCatalog catalog;

    @Scheduled(every = "${log2.cluster.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "log2-catalog-follower")
    void poll() {
        try {
            catalog.follow();
        } catch (RuntimeException e) {
            LOG.warnf("the agents in the database could not be read; the next poll tries again: %s", e.getMessage());
        }
    }
}
