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

    @Inject
    io.log2.agents.awsusage.cycle.MonitoringCycle cycles;

    /**
     * A caller that needs a cycle after the running one waits for another instance's cycle too: it looks again until
     * the lease is free instead of giving up at the first look. The lease is held here as another instance would.
     */
    @Test
    void aCycleAskedForAfterTheCurrentOneWaitsForTheLeaseHeldElsewhere() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Thread[] caller = new Thread[1];
            CountDownLatch started = new CountDownLatch(1);
            Future<?>[] cycle = new Future<?>[1];
            lease.runIfFree(io.log2.agents.awsusage.cycle.MonitoringCycle.LEASE, () -> {
                cycle[0] = pool.submit(() -> {
                    caller[0] = Thread.currentThread();
                    started.countDown();
                    return cycles.runAfterCurrent(java.time.Duration.ofMinutes(5));
                });
                try {
                    assertTrue(started.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // the caller found the lease held and is waiting to look again, not failed
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                        .until(() -> cycle[0].isDone() || caller[0].getState() == Thread.State.TIMED_WAITING);
                assertFalse(cycle[0].isDone(), "the caller gave up while another holder had the lease");
            });
            assertTrue(cycle[0].get(5, TimeUnit.MINUTES) != null, "the cycle ran once the lease was free");
        } finally {
            pool.shutdownNow();
        }
    }
}
