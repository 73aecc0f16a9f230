package io.log2.agents.ansible.imports;

import io.log2.agents.ansible.AnsibleRun;
import io.log2.agents.ansible.HostRecap;
import io.log2.agents.ansible.TaskResult;
import io.log2.agents.ansible.imports.PlaybookResult.HostStats;
import io.log2.agents.ansible.imports.PlaybookResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of one playbook run: its summary, one recap per host, one result per task and host.
 *
 * <p>Which failures were ignored: the {@code json} callback drops {@code ignore_errors} from its results, so when a
 * result does not say, a failed result counts as ignored when the play went on for that host (a later result of the
 * same host in the same play) and the host's recap still has ignored failures to account for; Ansible stops a host
 * at its first failure that is neither ignored nor rescued.
 */
public record RunFacts(AnsibleRun run, List<HostRecap> recaps, List<TaskResult> tasks) {

    /** Earlier runs of the same playbook: how many, and their mean failure rate (null when none). */
    public record Recent(int runs, Double failureRate) {
        public static final Recent NONE = new Recent(0, null);
    }

    public static RunFacts of(PlaybookResult result, String playbook, String mode, Recent recent) {
        Map<String, Integer> ignoredLeft = new HashMap<>();
        List<HostRecap> recaps = new ArrayList<>();
        int failedHosts = 0;
        int unreachableHosts = 0;
        int troubled = 0;
        for (HostStats h : result.hosts()) {
            recaps.add(new HostRecap(playbook, mode, h.host(), playbook + "/" + h.host(), h.ok(), h.changed(), h.failed(), h.unreachable(),
                    h.skipped(), h.rescued(), h.ignored()));
            ignoredLeft.put(h.host(), h.ignored());
            failedHosts += h.failed() > 0 ? 1 : 0;
            unreachableHosts += h.unreachable() > 0 ? 1 : 0;
            troubled += h.failed() > 0 || h.unreachable() > 0 ? 1 : 0;
        }
        List<Outcome> outcomes = result.outcomes();
        List<TaskResult> tasks = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            boolean ignored = false;
            if (o.failed() && !o.unreachable()) {
                if (o.ignoreErrors() != null) {
                    ignored = o.ignoreErrors();
                } else if (ignoredLeft.getOrDefault(o.host(), 0) > 0 && goesOn(outcomes, i)) {
                    ignored = true;
                }
                if (ignored) {
                    ignoredLeft.merge(o.host(), -1, Integer::sum);
                }
            }
            tasks.add(new TaskResult(playbook, mode, o.play(), o.task(), o.host(), playbook + "/" + o.task() + "@" + o.host(), o.action(),
                    o.changed(), o.failed(), o.skipped(), o.unreachable(), ignored, seconds(o), o.message()));
        }
        int hosts = result.hosts().size();
        double rate = hosts == 0 ? 0 : 100.0 * troubled / hosts;
        AnsibleRun run = new AnsibleRun(playbook, mode, playbook, hosts, failedHosts, unreachableHosts, tasks.size(), rate,
                recent.runs(), recent.failureRate(), result.startedAt(), result.endedAt());
        return new RunFacts(run, List.copyOf(recaps), List.copyOf(tasks));
    }

    /** Whether the host of outcome {@code i} has a later result in the same play. */
    private static boolean goesOn(List<Outcome> outcomes, int i) {
        Outcome o = outcomes.get(i);
        for (int j = i + 1; j < outcomes.size(); j++) {
            Outcome later = outcomes.get(j);
            if (java.util.Objects.equals(later.play(), o.play()) && later.host().equals(o.host())) {
                return true;
            }
        }
        return false;
    }

    private static Double seconds(Outcome o) {
        if (o.start() == null || o.end() == null || o.end().isBefore(o.start())) {
            return null;
        }
        return Duration.between(o.start(), o.end()).toNanos() / 1e9;
    }

    /** Every fact, the run first. */
    public List<Object> all() {
        List<Object> all = new ArrayList<>(1 + recaps.size() + tasks.size());
        all.add(run);
        all.addAll(recaps);
        all.addAll(tasks);
        return all;
    }
}
