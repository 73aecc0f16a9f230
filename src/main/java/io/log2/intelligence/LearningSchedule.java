package io.log2.intelligence;

import io.log2.logic.Agent;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleSetService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Learns by itself when {@code log2.learning.scheduled} is on: every {@code log2.learning.interval}, each agent's
 * labelled history goes through the learners, and what they find becomes proposals made by {@value #USER}, which
 * wait for an approver like any other.
 */
@ApplicationScoped
public class LearningSchedule {

    static final String USER = "schedule";
    private static final Logger LOG = Logger.getLogger(LearningSchedule.class);

    @Inject
    LearningConfig config;
    @Inject
    Learning learning;
    @Inject
    RuleSetService ruleSets;

    @Scheduled(every = "${log2.learning.interval:24h}", delayed = "${log2.learning.interval:24h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void learnAll() {
        if (!config.scheduled()) {
            return;
        }
        for (Agent agent : ruleSets.agents()) {
            try {
                Learning.Report report = learning.learn(agent.name(), Learning.Scope.ALL, USER);
                LOG.infof("scheduled learning for agent %s: %s", agent.name(), report.learners());
            } catch (InvalidRequestException | io.log2.logic.AgentConflictException e) {
                LOG.debugf("scheduled learning for agent %s: %s", agent.name(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "scheduled learning for agent %s failed", agent.name());
            }
        }
    }
}
