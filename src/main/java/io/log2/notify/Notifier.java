package io.log2.notify;

import io.log2.logs.RunLogged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.log2.cluster.Lease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Drives notifications: each tick takes in what runs logged, dispatches the groups that are due and delivers queued
 * messages. A logged run only wakes a tick on a thread of its own, so a run is never slowed or failed by a
 * notification, and a burst of runs wakes one tick, not one each; the scheduled tick ({@code log2.notifications.tick}) picks up anything missed.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    @Inject
    DataSource dataSource;
    @Inject
    NotifyClock clock;
    @Inject
    RouteStore routes;
    @Inject
    SilenceStore silences;
    @Inject
    Intake intake;
    @Inject
    Dispatcher dispatcher;
    @Inject
    Deliverer deliverer;

    private final ExecutorService afterRuns = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "log2-notify");
        t.setDaemon(true);
        return t;
    });

    private final Wakeups wakeups = new Wakeups(afterRuns, this::tickQuietly);
    private final Object localTicks = new Object();

    @Inject
    NotificationConfig config;
    @Inject
    Lease lease;

    /** The lease a tick holds among the instances sharing the database. */
    public static final String LEASE = "notifications";

    void onRun(@Observes RunLogged event) {
        if (off()) {
            return;
        }
        try {
            wakeups.wake();
        } catch (RejectedExecutionException e) {
            LOG.debug("notifications are stopping; the run is taken in at the next start");
        }
    }

    @Scheduled(every = "${log2.notifications.tick:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "log2-notifications")
    void scheduled() {
        if (!off()) {
            tickQuietly();
        }
    }

    /** {@code log2.notifications.enabled=false}: this instance neither times nor wakes the dispatcher. */
    private boolean off() {
        return !config.enabled();
    }

    void stop(@Observes ShutdownEvent event) {
        afterRuns.shutdownNow();
    }

    private void tickQuietly() {
        try {
            // one instance at a time ticks: the others' ticks skip, and the holder's next one takes in what they saw;
            // on this instance a wake-up waits for the scheduled tick instead of skipping it (the lease is held here)
            synchronized (localTicks) {
                lease.runIfFree(LEASE, this::tick);
            }
        } catch (RuntimeException e) {
            LOG.error("notifications: tick failed; the next one tries again", e);
        }
    }

    /** One pass at the clock's time: intake, dispatch, delivery. Ticks never overlap. */
    public synchronized void tick() {
        Instant now = clock.now();
        List<Route> table = routes.list();
        List<Silence> active = silences.list(false);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                intake.take(c, table, now);
                dispatcher.dispatch(c, table, active, now);
                deliverer.deliver(c, now);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failed("notifications could not be processed", e);
        }
    }
}
