package io.log2.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service finds its learners as CDI beans, the same ones the evaluation command loads as services. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LearnersBeanTest {

    @Inject
    Learners learners;

    @Test
    void everyLearnerIsABean() {
        assertEquals(List.of("anomaly-score", "thresholds"), learners.all().stream().map(Learner::name).toList());
        assertEquals(Learners.loaded().stream().map(Learner::name).toList(), learners.all().stream().map(Learner::name).toList());
        assertEquals("thresholds", learners.named("thresholds").orElseThrow().name());
        assertEquals(true, learners.named("oracle").isEmpty());
    }
}
