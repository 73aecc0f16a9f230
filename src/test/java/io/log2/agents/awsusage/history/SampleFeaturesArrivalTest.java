package io.log2.agents.awsusage.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.SampleFeatures;
import io.log2.agents.awsusage.cycle.FactAssembler;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cycle puts the features of each sample that arrived beside it, computed from the series' stored history exactly
 * as the evaluation command computes them from the whole series.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class SampleFeaturesArrivalTest {

    @Inject
    CostHistory history;

    @Inject
    FactAssembler assembler;

    private static List<MetricSample> series(String resource, int n) {
        java.util.Random random = new java.util.Random(11);
        Instant t0 = Instant.parse("2025-03-01T00:00:00Z");
        List<MetricSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MetricSample("AWS/RDS", "CPUUtilization", resource, t0.plusSeconds(300L * i),
                    20 + 5 * Math.sin(i / 30.0) + random.nextGaussian() + (i == 1100 ? 40 : 0), null));
        }
        return out;
    }

    @Test
    void theFeaturesOfWhatArrivedAreThoseOfTheWholeSeries() {
        List<MetricSample> whole = series("db-features", 1150);
        history.storeMetrics(whole.subList(0, 1000), "import", Instant.now());
        long before = history.committedThrough();
        history.storeMetrics(whole.subList(1000, 1150), "import", Instant.now());
        long after = history.committedThrough();

        List<Object> facts = assembler.arrived(before, after, Map.of());
        List<SampleFeatures> features = facts.stream().filter(SampleFeatures.class::isInstance).map(SampleFeatures.class::cast)
                .filter(f -> f.resource().equals("db-features")).toList();
        assertEquals(150, facts.stream().filter(f -> f instanceof MetricSample s && s.resource().equals("db-features")).count());
        assertEquals(MetricFeatures.of(whole).subList(1000, 1150), features);
        SampleFeatures spike = features.get(100);
        assertNotNull(spike.score());
        assertEquals(10, spike.score(), 0, "40 above a past that never left 13..32");
    }
}
