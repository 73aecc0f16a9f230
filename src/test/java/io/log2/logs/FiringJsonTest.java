package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Findings;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logic.RunLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A firing's facts and bindings as the audit API shows them, and their cap. */
class FiringJsonTest {

    record Sample(String resource, double value, Instant at) {
    }

    private final FiringJson json = new FiringJson();

    @Test
    void factsCarryTheirTypeFirstAndBindingsToAFactNameItsIndex() {
        Sample s = new Sample("i-1", 93.5, Instant.parse("2026-11-20T10:00:00Z"));
        CapturedFiring f = firing(List.of(s), new String[] {"$s", "$v", "$none", "$name"},
                new Object[] {s, 93.5, Double.NaN, "a \"quoted\" name"});
        assertEquals("[{\"type\":\"Sample\",\"resource\":\"i-1\",\"value\":93.5,\"at\":\"2026-11-20T10:00:00Z\"}]", json.facts(f));
        assertEquals("{\"$s\":{\"fact\":0},\"$v\":93.5,\"$none\":null,\"$name\":\"a \\\"quoted\\\" name\"}", json.bindings(f));
    }

    @Test
    void factsBeyondTheCapAreCountedNotWritten() {
        List<Object> facts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            facts.add(new Sample("i-" + "x".repeat(100), i, Instant.parse("2026-11-20T10:00:00Z")));
        }
        String text = json.facts(firing(facts, new String[0], new Object[0]));
        // A fact is 173 characters (174 from value 10.0 on), one more after a comma: 45 fit (1 + 173 + 9 * 174
        // + 35 * 175 = 7,865 characters; the next would pass 8,000 less the 40 kept for the count).
        assertEquals(45, text.split("\"type\":\"Sample\"").length - 1);
        assertEquals(true, text.endsWith(",{\"truncated\":55}]"), text.substring(text.length() - 40));
        assertEquals(true, text.length() <= FiringJson.MAX_JSON);
    }

    /**
     * A rule can bind an object of a class it declares; the writer would call that class's methods (getters for JSON,
     * {@code toString}) on its own thread, after the run, where a method that never returns would hold every run's log.
     */
    @Test
    void aValueOfAClassTheRuleDeclaredIsNotReadAfterItsRun() {
        String drl = String.join("\n",
                "package io.log2.rules.leak",
                "import io.log2.agents.awsusage.MetricSample",
                "rule \"Leaves\" when MetricSample() then",
                "    insert(new Object() { public String toString() { return \"rule code ran on the writer's thread\"; } });",
                "end",
                "rule \"Binds\" when $o : Object( !(this instanceof MetricSample) ) then end");
        CompiledRuleSet compiled = new RuleSetCompiler(getClass().getClassLoader(), new AwsUsageAgent())
                .compile("aws-usage", List.of(new RuleFile("leak.drl", drl.getBytes(StandardCharsets.UTF_8))));
        FiringCapture capture = new FiringCapture(compiled);
        Evaluator.evaluate(new RuleSet(compiled, 1, "test", Instant.now()), List.of(new MetricSample("AWS/EC2",
                "CPUUtilization", "i-1", null, 97, null)), new Findings(compiled, "run", capture::currentSeq), capture,
                RunLimits.DEFAULTS);
        CapturedFiring binds = capture.firings().stream().filter(f -> f.rule().name().equals("Binds")).findFirst().orElseThrow();

        String bindings = json.bindings(binds);
        assertFalse(bindings.contains("writer's thread"), bindings);
        assertTrue(bindings.contains("made by the rule"), bindings);
    }

    private static CapturedFiring firing(List<Object> facts, String[] names, Object[] values) {
        return new CapturedFiring(1, new RuleInfo("r", "p", "f.drl", null), facts, names, values, Instant.now(), 1, null, "r");
    }
}
