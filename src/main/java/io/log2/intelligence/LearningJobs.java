package io.log2.intelligence;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Learning passes run in the background, for clients that ask not to wait ({@code Prefer: respond-async}): the
 * training is read and checked at once, the learners run on a thread of their own, one pass per agent at a time,
 * and the outcome is kept (the last {@value #KEPT} passes, in this instance's memory) to be read by its id.
 */
@ApplicationScoped
public class LearningJobs {

    private static final Logger LOG = Logger.getLogger(LearningJobs.class);
    static final int KEPT = 100;

    public enum State {
        @JsonProperty("running") RUNNING,
        @JsonProperty("done") DONE,
        @JsonProperty("failed") FAILED
    }

    /** A pass as its client sees it; {@code report} once done, {@code error} once failed. */
    public record Job(long id, String agent, String user, Instant started, Instant ended, State state,
                      Learning.Report report, String error) {
    }

    @Inject
    Learning learning;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Job> eldest) {
            return size() > KEPT && eldest.getValue().state() != State.RUNNING;
        }
    };
    private final ExecutorService passes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "log2-learning");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts a pass, or answers the agent's pass already running (a second one would propose the same rows twice).
     * Refusals of the training (unknown agent, no labelled findings) are thrown here, not kept as a failed pass.
     */
    public Job start(String agent, Learning.Scope scope, String user) {
        synchronized (jobs) {
            for (Job job : jobs.values()) {
                if (job.agent().equals(agent) && job.state() == State.RUNNING) {
                    return job;
                }
            }
        }
        Learning.Prepared prepared = learning.prepare(agent, scope);
        Job job;
        synchronized (jobs) {
            for (Job running : jobs.values()) {
                if (running.agent().equals(agent) && running.state() == State.RUNNING) {
                    return running;
                }
            }
            job = new Job(ids.incrementAndGet(), agent, user, Instant.now(), null, State.RUNNING, null, null);
            jobs.put(job.id(), job);
        }
        long id = job.id();
        passes.execute(() -> {
            try {
                Learning.Report report = learning.learn(prepared, user);
                finish(id, State.DONE, report, null);
            } catch (RuntimeException e) {
                LOG.errorf(e, "learning pass %d of agent %s failed", id, agent);
                finish(id, State.FAILED, null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
        return job;
    }

    private void finish(long id, State state, Learning.Report report, String error) {
        synchronized (jobs) {
            Job running = jobs.get(id);
            jobs.put(id, new Job(id, running.agent(), running.user(), running.started(), Instant.now(), state, report, error));
        }
    }

    /** The pass with this id of this agent. */
    public Job get(String agent, long id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            if (job == null || !job.agent().equals(agent)) {
                throw new NoSuchElementException("agent " + agent + " has no learning pass " + id
                        + " on this instance (the last " + KEPT + " are kept until a restart)");
            }
            return job;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        passes.shutdownNow();
    }
}
