package io.log2.agents.awsusage.cycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.collect.AwsCollection;
import io.log2.agents.awsusage.collect.CollectedData;
import io.log2.agents.awsusage.history.CostHistory;
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
 * The monitoring cycle of the aws-usage agent: collect from AWS (when enabled), store the history, build the
 * facts of what arrived since the last cycle and evaluate them in one run. A collector that fails is recorded and
 * the others still run; the run is then partial. Cycles never overlap: a second one asked for meanwhile is refused.
 */
@ApplicationScoped
public class MonitoringCycle {

    private static final Logger LOG = Logger.getLogger(MonitoringCycle.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReentrantLock running = new ReentrantLock();

    @Inject
    AwsCollection aws;
    @Inject
    CostHistory history;
    @Inject
    FactAssembler assembler;
    @Inject
    RunService runs;

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
            return cycle();
        } finally {
            running.unlock();
        }
    }

    public boolean isRunning() {
        return running.isLocked();
    }

    private CycleResult cycle() {
        Instant started = Instant.now();
        Instant since = QuarkusTransaction.requiringNew().call(() -> CycleLog.lastStarted(AwsUsageAgent.NAME)
                .map(c -> c.startedAt).orElse(Instant.EPOCH));
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
            CollectedData data = CollectedData.empty();
            if (aws.enabled()) {
                data = aws.collect(since, started, collectors);
                collectors.forEach((name, outcome) -> {
                    if (!AwsCollection.OK.equals(outcome)) {
                        problems.add(name + ": " + outcome);
                    }
                });
                history.storeCosts(data.costs(), "aws", started);
                history.storeMetrics(data.metrics(), "aws", started);
                history.storeForecasts(data.forecasts(), started);
            }
            List<Object> facts = new ArrayList<>(assembler.since(since, data.capacities()));
            facts.addAll(data.events());
            facts.addAll(data.resources());
            RunResult run = facts.isEmpty() ? null : runs.runFacts(AwsUsageAgent.NAME, facts, problems, AwsUsageAgent.completeTypes(collectors, AwsCollection.OK));
            String status = problems.isEmpty() ? "complete" : "partial";
            Instant finished = Instant.now();
            finish(id, status, run == null ? null : run.runId(), collectors, null, finished);
            LOG.infof("monitoring cycle %d %s: %d facts, %d findings%s", id, status, facts.size(),
                    run == null ? 0 : run.findings().size(), problems.isEmpty() ? "" : ", failed: " + problems);
            return new CycleResult(id, status, started, finished, collectors, facts.size(), run == null ? null : run.runId(),
                    run == null ? null : run.findings().size());
        } catch (RuntimeException e) {
            finish(id, "failed", null, collectors, e.getMessage(), Instant.now());
            throw e;
        }
    }

    private static void finish(long id, String status, String runId, Map<String, String> collectors, String error,
                               Instant finished) {
        QuarkusTransaction.requiringNew().run(() -> {
            CycleLog log = CycleLog.findById(id);
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
