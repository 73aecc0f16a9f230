package io.log2.agents.awsusage.cycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.collect.AwsCollection;
import io.log2.agents.awsusage.collect.CollectedData;
import io.log2.agents.awsusage.collect.Watermark;
import io.log2.agents.awsusage.collect.Watermarks;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.awsusage.instances.InstanceDirectory;
import io.log2.agents.awsusage.savings.SavingsChecks;
import io.log2.cluster.Lease;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The monitoring cycle of the aws-usage agent: collect from AWS (when enabled), each collector from its own
 * watermark, store the history, build the facts of what arrived since the last cycle (by history store number)
 * and evaluate them in one run. A collector that fails is recorded and the others still run; the run is then
 * partial, and the failed collector's window is read again next cycle. Cycles never overlap: a second one asked
 * for meanwhile is refused, and the lock is released however the cycle ends. Among instances sharing the database a
 * cycle runs on one at a time ({@link Lease}): the others' scheduled cycles skip, and one asked for is refused.
 */
@ApplicationScoped
public class MonitoringCycle {

    private static final Logger LOG = Logger.getLogger(MonitoringCycle.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The status of a run cut short (a runaway rule): what it was given counts as not evaluated. */
    static final String ABORTED = "aborted";

    private final ReentrantLock running = new ReentrantLock();

    /** The lease a cycle holds among the instances sharing the database. */
    public static final String LEASE = "cycle: " + AwsUsageAgent.NAME;

    @Inject
    Lease lease;
    @Inject
    AwsCollection aws;
    @Inject
    CostHistory history;
    @Inject
    InstanceDirectory instances;
    @Inject
    FactAssembler assembler;
    @Inject
    RunService runs;
    @Inject
    Watermarks watermarks;
    @Inject
    SavingsChecks savings;

    @Scheduled(every = "${log2.aws.interval:1h}", delayed = "${log2.aws.first-cycle-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run();
        } catch (CycleBusyException e) {
            LOG.info("scheduled cycle skipped: one is running");
        } catch (RuntimeException e) {
            LOG.error("monitoring cycle failed", e);
        }
    }

    /** Runs one cycle now, or throws {@link CycleBusyException} if one is running. */
    public CycleResult run() {
        if (!running.tryLock()) {
            throw new CycleBusyException();
        }
        try {
            return lease.callIfFree(LEASE, this::cycle).orElseThrow(CycleBusyException::new);
        } finally {
            running.unlock();
        }
    }

    /**
     * Runs one cycle as soon as the one running (if any) has finished, waiting at most {@code wait}; then throws
     * {@link CycleBusyException}. For a caller that needs what it stored evaluated before it goes on.
     */
    public CycleResult runAfterCurrent(java.time.Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!running.tryLock(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new CycleBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CycleBusyException();
        }
        try {
            while (true) {
                java.util.Optional<CycleResult> done = lease.callIfFree(LEASE, this::cycle);
                if (done.isPresent()) {
                    return done.get();
                }
                // another instance's cycle holds the lease: it gives no signal here, so look again shortly
                if (System.nanoTime() >= deadline) {
                    throw new CycleBusyException();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(OTHER_INSTANCE_POLL.toNanos());
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new CycleBusyException();
                }
            }
        } finally {
            running.unlock();
        }
    }

    /** How often a caller waiting for another instance's cycle tries the lease again. */
    private static final java.time.Duration OTHER_INSTANCE_POLL = java.time.Duration.ofMillis(250);

    public boolean isRunning() {
        return running.isLocked();
    }

    /**
     * One cycle. What is evaluated is what the history received since the last cycle that evaluated, by store
     * number, plus this collection's events and inventory; the collectors' watermarks and the evaluated number
     * move on together, and only when the run has evaluated everything: after a failed or aborted run the next
     * cycle reads the same windows and evaluates the same history again.
     */
    private CycleResult cycle() {
        Instant started = Instant.now();
        long evaluated = QuarkusTransaction.requiringNew().call(() -> CycleLog.evaluatedThrough(AwsUsageAgent.NAME));
        long id = QuarkusTransaction.requiringNew().call(() -> {
            CycleLog log = new CycleLog();
            log.agent = AwsUsageAgent.NAME;
            log.startedAt = started;
            log.status = "running";
            log.persist();
            return log.id;
        });
        Map<String, String> collectors = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            AwsCollection.Collection collected = new AwsCollection.Collection(CollectedData.empty(), List.of());
            if (aws.enabled()) {
                collected = aws.collect(started, collectors, data -> {
                    history.storeCosts(data.costs(), "aws", started);
                    history.storeMetrics(data.metrics(), "aws", started);
                    history.storeForecasts(data.forecasts(), started);
                    instances.remember(data.instances(), started);
                });
                collectors.forEach((name, outcome) -> {
                    if (AwsCollection.failed(outcome)) {
                        problems.add(name + ": " + outcome);
                    }
                });
            }
            CollectedData data = collected.data();
            // Everything numbered up to 'through' has been committed; a store still open now gets a higher number
            // and is evaluated by the next cycle.
            long through = history.committedThrough();
            List<Object> facts = new ArrayList<>(assembler.arrived(evaluated, through, data.capacities()));
            facts.addAll(data.events());
            facts.addAll(data.resources());
            facts.addAll(savings.record(data.savings(), started));
            RunResult run = facts.isEmpty() ? null : runs.runFacts(AwsUsageAgent.NAME, facts, problems, AwsUsageAgent.completeTypes(collectors, AwsCollection.OK));
            String status = problems.isEmpty() ? "complete" : "partial";
            // A run cut short did not evaluate all it was given: neither the history nor the windows move on.
            boolean evaluatedAll = run == null || !ABORTED.equals(run.status());
            Instant finished = Instant.now();
            List<Watermark> advanced = evaluatedAll ? collected.watermarks() : List.of();
            finish(id, status, run == null ? null : run.runId(), collectors, null, finished,
                    evaluatedAll ? through : null, advanced);
            LOG.infof("monitoring cycle %d %s: %d facts, %d findings%s", id, status, facts.size(),
                    run == null ? 0 : run.findings().size(), problems.isEmpty() ? "" : ", failed: " + problems);
            return new CycleResult(id, status, started, finished, collectors, facts.size(), run == null ? null : run.runId(),
                    run == null ? null : run.findings().size());
        } catch (RuntimeException e) {
            finish(id, "failed", null, collectors, e.getMessage(), Instant.now(), null, List.of());
            throw e;
        }
    }

    private void finish(long id, String status, String runId, Map<String, String> collectors, String error,
                        Instant finished, Long evaluatedThrough, List<Watermark> advanced) {
        QuarkusTransaction.requiringNew().run(() -> {
            watermarks.save(advanced, finished);
            // By query: find would answer null instead of failing when the connection breaks (Hibernate HHH-12472).
            CycleLog log = CycleLog.<CycleLog>find("id", id).singleResult();
            log.evaluatedThrough = evaluatedThrough;
            log.status = status;
            log.runId = runId;
            log.finishedAt = finished;
            log.error = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
            try {
                log.collectors = JSON.writeValueAsString(collectors);
            } catch (JsonProcessingException e) {
                log.collectors = collectors.toString();
            }
        });
    }
}
