package io.log2.logs;

import io.log2.logic.RuleSetActivated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Prometheus metrics at /q/metrics: firings per rule, run duration, and each agent's active version. */
@ApplicationScoped
public class LogMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicInteger> activeVersions = new ConcurrentHashMap<>();
    private final Map<String, Counter> firingCounters = new ConcurrentHashMap<>();

    void onActivated(@Observes RuleSetActivated event) {
        activeVersions.computeIfAbsent(event.ruleSet().agent(), agent -> registry.gauge("log2.ruleset.active.version",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("agent", agent)), new AtomicInteger()))
                .set(event.ruleSet().version());
    }

    void onRun(@Observes RunLogged event) {
        RunRecord run = event.run();
        Timer.builder("log2.run.duration").tag("agent", run.agent()).register(registry)
                .record(run.durationNanos(), TimeUnit.NANOSECONDS);
        for (CapturedFiring f : run.firings()) {
            firingCounters.computeIfAbsent(run.agent() + '\u0000' + f.rule().name(), key -> Counter.builder("log2.firings")
                    .tag("agent", run.agent()).tag("rule", f.rule().name()).register(registry)).increment();
        }
    }
}
