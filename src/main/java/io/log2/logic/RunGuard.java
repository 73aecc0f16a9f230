package io.log2.logic;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.runtime.KieSession;

/**
 * Stops a run that runs away. Compiled rule code calls {@link #check()} on entering each of its methods and on
 * every backward jump (each turn of a loop); the call costs a thread-local read and one of a shared counter while no
 * run has been told to stop. When a run passes its deadline (or its cap on firings or findings), it is told to stop: its session is
 * halted between firings, and the next check on its thread throws {@link RunAbortedError}, which rule code cannot
 * catch (catching {@code Throwable} or {@code Error} is refused when rules compile). A run still going a while after
 * its deadline is inside code that never checks (the JDK's, the engine's) and its thread is stopped by force. Other
 * runs go on untouched.
 */
public final class RunGuard implements AutoCloseable {

    static final String OUTSIDE_A_RUN = "rule code runs only inside its run";
    /** How long a run told to stop may take to reach a check before its thread is stopped by force (at least). */
    private static final Duration FORCE_GRACE = Duration.ofSeconds(1);
    /** How long the end of a run waits for a forced stop on its way. */
    private static final Duration FORCE_ARRIVAL = Duration.ofSeconds(1);
    private static final ThreadLocal<RunGuard> CURRENT = new ThreadLocal<>();
    /** Runs told to stop and not yet ended; while 0, {@link #check()} reads nothing else. */
    private static final AtomicInteger STOPPING = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final RunLimits limits;
    private final KieSession session;
    private final CompiledRuleSet ruleSet;
    private final Thread thread;
    private final ScheduledFuture<?> deadline;
    private volatile String stopReason;
    private boolean ended;
    /** How often the watchdog stopped the thread by force, and how many of those stops have reached it. */
    private volatile int forcedStops;
    private volatile int forcedArrived;
    private ScheduledFuture<?> force;

    private RunGuard(RunLimits limits, KieSession session, CompiledRuleSet ruleSet) {
        this.limits = limits;
        this.session = session;
        this.ruleSet = ruleSet;
        this.thread = Thread.currentThread();
        this.deadline = WATCHDOG.schedule(this::deadlinePassed, limits.maxTime().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Guards the session of a rule set evaluated on the calling thread until {@link #close()}. */
    public static RunGuard start(RunLimits limits, KieSession session, CompiledRuleSet ruleSet) {
        RunGuard guard = new RunGuard(limits, session, ruleSet);
        CURRENT.set(guard);
        return guard;
    }

    /**
     * Called by compiled rule code (inserted when the rule set compiles); throws once the run must stop, and on a
     * thread that is not evaluating a run at all. Objects a rule creates can leave its run (bound to a variable,
     * passed as a finding's fact) and have their methods called later, by the log writer or the request's thread
     * after the run, where nothing would stop a method that never returns: rule code runs only inside its run.
     */
    public static void check() {
        RunGuard guard = CURRENT.get();
        if (guard == null) {
            throw new RunAbortedError(OUTSIDE_A_RUN);
        }
        if (STOPPING.get() != 0 && guard.stopReason != null) {
            throw new RunAbortedError(guard.stopReason);
        }
    }

    /** The guard of the run on the calling thread, or {@code null}. */
    public static RunGuard current() {
        return CURRENT.get();
    }

    public RunLimits limits() {
        return limits;
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

    /**
     * Ends the guard. When the run's thread was stopped by force and that has not reached it yet, waits for it here
     * (briefly), so that it arrives inside the evaluation, never in the code that goes on after it.
     */
    @Override
    public void close() {
        boolean awaitForce;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            deadline.cancel(false);
            if (force != null) {
                force.cancel(false);
            }
            if (stopReason != null) {
                STOPPING.decrementAndGet();
            }
            if (thread == Thread.currentThread()) {
                CURRENT.remove();
            }
            awaitForce = thread == Thread.currentThread();
        }
        long until = System.nanoTime() + FORCE_ARRIVAL.toNanos();
        while (awaitForce && forcedArrived < forcedStops && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Called by the evaluation when the forced stop ({@link ThreadDeath}) has reached its thread. */
    void forcedStopArrived() {
        forcedArrived++;
    }

    /**
     * The last resort, when the run went on past its deadline in code that never checks the guard: the JDK's or
     * the engine's (a regular expression that backtracks in a constraint, a quadratic {@code removeAll}, a
     * {@code from} over a huge collection). The thread is stopped with {@link ThreadDeath}, which rule code cannot
     * catch and the evaluation turns into an aborted run; its session is disposed. The engine catches everything in
     * a few places (it retries a condition it failed to compile to bytecode), so the stop is repeated until the run
     * ends. Java 20 and later refuse to stop a thread, and the run then keeps its thread until that code returns.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private synchronized void forceIfStillRunning() {
        if (ended) {
            return;
        }
        try {
            forcedStops++;
            thread.stop();
            force = WATCHDOG.schedule(this::forceIfStillRunning, FORCE_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (UnsupportedOperationException e) {
            forcedStops--;
        }
    }

    private void deadlinePassed() {
        String rule = ruleRunning();
        stop("the run took longer than " + limits.describeTime() + " (log2.run.max-time)"
                + (rule == null ? "" : "; rule \"" + rule + "\" was running"));
        synchronized (this) {
            if (!ended) {
                long grace = Math.max(FORCE_GRACE.toNanos(), limits.maxTime().toNanos() / 10);
                force = WATCHDOG.schedule(this::forceIfStillRunning, grace, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The rule whose code the run's thread is in, read from its stack: the engine compiles a rule's code into a class
     * {@code Rule_<name><number>} of the rule's package. Only asked once, when the deadline has passed.
     */
    private String ruleRunning() {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String cls = frame.getClassName();
            int dot = cls.lastIndexOf('.');
            String simple = cls.substring(dot + 1);
            int nested = simple.indexOf('$');
            simple = nested < 0 ? simple : simple.substring(0, nested);
            if (!simple.startsWith("Rule_")) {
                continue;
            }
            String pkg = dot < 0 ? "" : cls.substring(0, dot);
            String best = null;
            for (RuleInfo rule : ruleSet.rules().values()) {
                String legal = "Rule_" + rule.name().replace(' ', '_');
                if (pkg.equals(rule.packageName()) && simple.startsWith(legal)
                        && simple.substring(legal.length()).chars().allMatch(Character::isDigit)
                        && (best == null || rule.name().length() > best.length())) {
                    best = rule.name();
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
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
