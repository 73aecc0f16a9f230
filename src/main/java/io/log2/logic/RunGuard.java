package io.log2.logic;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Stops a run that runs away. Compiled rule code calls {@link #check()} on entering each of its methods and on
 * every backward jump (each turn of a loop); the call costs one read of a shared counter while no run has been told
 * to stop. When a run passes its deadline (or its cap on firings or findings), it is told to stop: its session is
 * halted between firings, and the next check on its thread throws {@link RunAbortedError}, which rule code cannot
 * catch (catching {@code Throwable} or {@code Error} is refused when rules compile). Other runs go on untouched.
 */
public final class RunGuard extends DefaultAgendaEventListener implements AutoCloseable {

    private static final ThreadLocal<RunGuard> CURRENT = new ThreadLocal<>();
    /** Runs told to stop and not yet ended; while 0, {@link #check()} reads nothing else. */
    private static final AtomicInteger STOPPING = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final RunLimits limits;
    private final KieSession session;
    private final Thread thread;
    private final ScheduledFuture<?> deadline;
    private volatile String stopReason;
    private boolean ended;
    private int firings;
    private volatile String lastRule;

    private RunGuard(RunLimits limits, KieSession session) {
        this.limits = limits;
        this.session = session;
        this.thread = Thread.currentThread();
        this.deadline = WATCHDOG.schedule(() -> stop("the run took longer than " + limits.describeTime()
                        + " (log2.run.max-time)" + (lastRule == null ? "" : "; the last rule to fire was \"" + lastRule + "\"")),
                limits.maxTime().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Guards the session evaluated on the calling thread until {@link #close()}. */
    public static RunGuard start(RunLimits limits, KieSession session) {
        RunGuard guard = new RunGuard(limits, session);
        CURRENT.set(guard);
        return guard;
    }

    /** Called by compiled rule code (inserted when the rule set compiles); throws once the run must stop. */
    public static void check() {
        if (STOPPING.get() != 0) {
            RunGuard guard = CURRENT.get();
            if (guard != null && guard.stopReason != null) {
                throw new RunAbortedError(guard.stopReason);
            }
        }
    }

    /** The guard of the run on the calling thread, or {@code null}. */
    public static RunGuard current() {
        return CURRENT.get();
    }

    public RunLimits limits() {
        return limits;
    }

    /** Counts the session's firings and remembers the rule firing, to say which rule a stopped run was in. */
    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firings++;
        lastRule = event.getMatch().getRule().getName();
    }

    /** Rules fired so far (a consequence under way counts). */
    public int firings() {
        return firings;
    }

    /** The rule of the latest firing, or {@code null} before the first. */
    public String lastRule() {
        return lastRule;
    }

    /** Why the run was stopped, or {@code null} while it may go on. */
    public String stopReason() {
        return stopReason;
    }

    /** Tells the run to stop: halts its session and makes every further check on its thread throw. */
    public synchronized void stop(String reason) {
        if (ended || stopReason != null) {
            return;
        }
        stopReason = reason;
        STOPPING.incrementAndGet();
        session.halt();
    }

    /** Stops the run from its own thread, at once. */
    public void abort(String reason) {
        stop(reason);
        throw new RunAbortedError(stopReason);
    }

    @Override
    public synchronized void close() {
        ended = true;
        deadline.cancel(false);
        if (stopReason != null) {
            STOPPING.decrementAndGet();
        }
        if (thread == Thread.currentThread()) {
            CURRENT.remove();
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "log2-run-watchdog");
            t.setDaemon(true);
            return t;
        });
        // cancelled deadlines (every run that ends in time) leave the queue at once
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
