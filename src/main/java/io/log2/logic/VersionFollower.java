package io.log2.logic;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps this instance on the versions recorded in the database: every {@code log2.cluster.poll-interval} it reads each
 * agent's latest version number (one indexed query) and swaps in any that another instance stored. Polling rather
 * than LISTEN/NOTIFY: it works the same on H2 and PostgreSQL, and a missed notice or a dropped connection cannot leave
 * an instance behind, since the next poll reads the state itself.
 */
@ApplicationScoped
public class VersionFollower {

    private static final Logger LOG = Logger.getLogger(VersionFollower.class);

    @Inject
    VersionStore versions;
    @Inject
    RuleSetService ruleSets;

    @Scheduled(every = "${log2.cluster.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "log2-version-follower")
    void poll() {
        try {
            follow();
        } catch (RuntimeException e) {
            LOG.warnf("the versions in the database could not be read; the next poll tries again: %s", e.getMessage());
        }
    }

    /** Swaps in every agent's latest stored version that is newer than the one running here. */
    public void follow() {
        for (Map.Entry<String, Integer> latest : versions.latestNumbers().entrySet()) {
            if (ruleSets.exists(latest.getKey())) {
                ruleSets.follow(latest.getKey(), latest.getValue());
            }
        }
    }
}
