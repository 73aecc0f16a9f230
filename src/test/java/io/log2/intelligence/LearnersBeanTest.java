package io.log2.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service finds its learners as CDI beans: the ones the evaluation command loads as services, and the noise
 * learner, which needs the findings' labels only the service has.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LearnersBeanTest {

    @Inject
    Learners learners;

    @Test
    void everyLearnerIsABean() {
        List<String> beans = learners.all().stream().map(Learner::name).toList();
        assertEquals(List.of("anomaly-score", "noise", "thresholds"), beans);
        assertEquals(List.of("anomaly-score", "thresholds"), Learners.loaded().stream().map(Learner::name).toList());
        assertEquals("thresholds", learners.named("thresholds").orElseThrow().name());
        assertEquals(true, learners.named("oracle").isEmpty());
    }
}
