package io.log2.agents.ansible;

import io.log2.agents.ansible.imports.PlaybookResult;
import io.log2.agents.ansible.imports.ResultReader;
import io.log2.agents.ansible.imports.RunFacts;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * How fast a large playbook result is read into facts and evaluated by the shipped rules, in process (no HTTP, no
 * log): a json-callback result of {@code bench.hosts} hosts and {@code bench.tasks} tasks, every 50th result failed
 * with ignore_errors. Run with {@code scripts/ansible-bench.sh}.
 */
public final class AnsibleReadBenchmark {

    private AnsibleReadBenchmark() {
    }

    public static void main(String[] args) {
        int hosts = Integer.getInteger("bench.hosts", 200);
        int tasks = Integer.getInteger("bench.tasks", 100);
        int repeats = Integer.getInteger("bench.repeats", 5);
        String json = result(hosts, tasks);
        CompiledRuleSet compiled = new RuleSetCompiler(AnsibleReadBenchmark.class.getClassLoader(), new AnsibleAgent())
                .compile(AnsibleAgent.NAME, new RuleFolder(Path.of("rules/ansible")).read());
        RuleSet rules = new RuleSet(compiled, 1, "bench", Instant.now());
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            PlaybookResult result = new ResultReader().read(new StringReader(json));
            RunFacts facts = RunFacts.of(result, "bench", AnsibleRun.RUN, RunFacts.Recent.NONE);
            long t1 = System.nanoTime();
            Findings findings = new Findings(compiled, "bench", () -> 0);
            Evaluator.evaluate(rules, facts.all(), findings, null);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%d results, %.1f MB: read %.0f ms (%.1f MB/s), evaluated %.0f ms, %d findings%n",
                    facts.tasks().size(), json.length() / 1e6, (t1 - t0) / 1e6, json.length() / 1e6 / ((t1 - t0) / 1e9),
                    (t2 - t1) / 1e6, findings.items().size());
        }
    }

    /** A json-callback result; the host goes on after an ignored failure, as Ansible does. */
    static String result(int hosts, int tasks) {
        StringBuilder s = new StringBuilder("{\"custom_stats\": {}, \"global_custom_stats\": {}, \"plays\": [{\"play\": {\"duration\": "
                + "{\"start\": \"2026-11-26T10:00:00Z\", \"end\": \"2026-11-26T11:00:00Z\"}, \"name\": \"all\"}, \"tasks\": [");
        int[] ignored = new int[hosts];
        for (int t = 0; t < tasks; t++) {
            s.append(t == 0 ? "" : ",").append("{\"hosts\": {");
            for (int h = 0; h < hosts; h++) {
                boolean failed = (t * hosts + h) % 50 == 49 && t < tasks - 1;
                ignored[h] += failed ? 1 : 0;
                s.append(h == 0 ? "" : ",").append("\"host-").append(h).append("\": {\"action\": \"ansible.builtin.command\", "
                        + "\"changed\": ").append(t % 3 == 0).append(", \"failed\": ").append(failed)
                        .append(", \"rc\": 0, \"msg\": \"done\", \"stdout\": \"\", \"stderr\": \"\"}");
            }
            s.append("}, \"task\": {\"duration\": {\"start\": \"2026-11-26T10:00:").append(String.format(Locale.ROOT, "%02d", t % 60))
                    .append("Z\", \"end\": \"2026-11-26T10:01:00Z\"}, \"name\": \"task-").append(t).append("\"}}");
        }
        s.append("]}], \"stats\": {");
        for (int h = 0; h < hosts; h++) {
            s.append(h == 0 ? "" : ",").append("\"host-").append(h).append("\": {\"changed\": 1, \"failures\": 0, \"ignored\": ")
                    .append(ignored[h]).append(", \"ok\": ").append(tasks).append(", \"rescued\": 0, \"skipped\": 0, \"unreachable\": 0}");
        }
        return s.append("}}").toString();
    }
}
