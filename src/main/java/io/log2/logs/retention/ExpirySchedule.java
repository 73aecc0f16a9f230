package io.log2.logs.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Runs expiry every {@code log2.retention.interval} while {@code log2.retention.scheduled} is on. */
@ApplicationScoped
public class ExpirySchedule {

    private static final Logger LOG = Logger.getLogger(ExpirySchedule.class);

    @Inject
    RetentionConfig config;
    @Inject
    Expiry expiry;

    @Scheduled(every = "${log2.retention.interval:1h}", delayed = "${log2.retention.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        if (!config.scheduled()) {
            return;
        }
        try {
            expiry.expire().ifPresent(r -> LOG.infof("retention: %s", r));
        } catch (RuntimeException e) {
            LOG.errorf(e, "retention pass failed; the next one tries again");
        }
    }
}
