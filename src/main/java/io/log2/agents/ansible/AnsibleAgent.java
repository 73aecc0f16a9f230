package io.log2.agents.ansible;

import io.log2.logic.Agent;
import io.log2.logic.FactSubject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the results of Ansible playbook runs: failed and unreachable hosts, drift found by check runs, failures
 * hidden by {@code ignore_errors}, slow tasks and a rising failure rate. Its rules live in {@code rules/ansible/}.
 */
@ApplicationScoped
public class AnsibleAgent implements Agent {

    public static final String NAME = "ansible";

    private static final Map<String, Class<? extends Record>> FACT_TYPES = Map.of(
            "AnsibleRun", AnsibleRun.class,
            "HostRecap", HostRecap.class,
            "TaskResult", TaskResult.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return FACT_TYPES;
    }

    /**
     * A host's recap reports on that host in its playbook, a task result on that task and host, a run on its
     * playbook: the next run of the playbook updates their findings, or resolves them when the condition is gone
     * (the host no longer fails, the task no longer drifts).
     */
    @Override
    public FactSubject subjectOf(Object fact) {
        if (fact instanceof HostRecap h) {
            return new FactSubject(Arrays.asList("HostRecap", h.playbook(), h.host()), null, null);
        }
        if (fact instanceof TaskResult t) {
            return new FactSubject(Arrays.asList("TaskResult", t.playbook(), t.play(), t.task(), t.host()), null, null);
        }
        if (fact instanceof AnsibleRun r) {
            return new FactSubject(Arrays.asList("AnsibleRun", r.playbook()), null, r.endedAt());
        }
        return FactSubject.NONE;
    }
}
