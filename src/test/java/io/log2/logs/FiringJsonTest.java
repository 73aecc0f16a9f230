package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.logic.RuleInfo;
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

    private static CapturedFiring firing(List<Object> facts, String[] names, Object[] values) {
        return new CapturedFiring(1, new RuleInfo("r", "p", "f.drl", null), facts, names, values, Instant.now(), 1, null, "r");
    }
}
