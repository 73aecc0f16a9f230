package io.log2.security;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Ends, on this instance, the credentials verified before a change of users made on another instance sharing the
 * database: every {@code log2.cluster.poll-interval} it reads the count of user changes ({@code user_change}, raised
 * with each change) and, when it has moved, drops every credential it trusted. Without it, an old password or a role
 * taken away would still be accepted here for up to {@code log2.login.verified-for}.
 */
@ApplicationScoped
public class UserChangeFollower {

    private static final Logger LOG = Logger.getLogger(UserChangeFollower.class);

    @Inject
    EntityManager entityManager;
    @Inject
    VerifiedCredentials verified;
    /** The count at the last poll; null before the first, which drops the cache since nothing was known before it. */
    private Long seen;

    @Scheduled(every = "${log2.cluster.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "log2-user-change-follower")
    void poll() {
        try {
            follow();
        } catch (RuntimeException e) {
            LOG.warnf("the count of user changes could not be read; the next poll tries again: %s", e.getMessage());
        }
    }

    /** Reads the count of user changes and forgets every verified credential when it moved since the last read. */
    @Transactional
    public synchronized void follow() {
        long count = ((Number) entityManager.createNativeQuery("SELECT seq FROM user_change WHERE id = 1").getSingleResult())
                .longValue();
        if (seen == null || seen != count) {
            verified.forgetAll();
        }
        seen = count;
    }
}
