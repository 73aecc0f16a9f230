package io.log2.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lease on the database of the run (a row with an expiry on H2, an advisory lock on PostgreSQL): one holder at a
 * time, the others skip at once, and it is free again however the work ended.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LeaseTest {

    @Inject
    Lease lease;

    @Test
    void whileOneHolderWorksAnotherSkipsAndAfterwardsTheLeaseIsFree() throws Exception {
        String name = "test: " + System.nanoTime();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> first = pool.submit(() -> lease.callIfFree(name, () -> {
                held.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertTrue(held.await(30, TimeUnit.SECONDS));
            assertFalse(lease.runIfFree(name, () -> { }), "a second holder skips while the first works");
            assertTrue(lease.runIfFree("other " + name, () -> { }), "another lease's name is free");
            release.countDown();
            assertEquals(Optional.of("first"), first.get(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThrows(IllegalStateException.class, () -> lease.runIfFree(name, () -> {
            throw new IllegalStateException("the work failed");
        }));
        assertEquals(Optional.of(2), lease.callIfFree(name, () -> 2), "free again after work that failed");
    }
}
