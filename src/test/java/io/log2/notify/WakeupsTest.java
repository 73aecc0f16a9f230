package io.log2.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WakeupsTest {

    /** An executor that only queues, so the test decides when a queued pass runs. */
    private static final class Queue implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runNext() {
            tasks.poll().run();
        }
    }

    @Test
    void aBurstOfRunsQueuesOnePass() {
        Queue queue = new Queue();
        AtomicInteger passes = new AtomicInteger();
        Wakeups wakeups = new Wakeups(queue, passes::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            wakeups.wake();
        }
        assertEquals(1, queue.tasks.size());
        queue.runNext();
        assertEquals(1, passes.get());
        wakeups.wake();
        assertEquals(1, queue.tasks.size(), "after the pass ran, the next run wakes a new one");
    }

    @Test
    void aRunLoggedDuringAPassQueuesOneMore() {
        Queue queue = new Queue();
        AtomicInteger passes = new AtomicInteger();
        Wakeups[] self = new Wakeups[1];
        self[0] = new Wakeups(queue, () -> {
            if (passes.incrementAndGet() == 1) {
                self[0].wake();
                self[0].wake();
            }
        });
        self[0].wake();
        queue.runNext();
        assertEquals(1, queue.tasks.size(), "what is logged during a pass is not left for the scheduled tick");
        queue.runNext();
        assertEquals(2, passes.get());
        assertEquals(0, queue.tasks.size());
    }

    @Test
    void aRefusedWakeDoesNotBlockTheNextOne() {
        AtomicInteger calls = new AtomicInteger();
        Queue queue = new Queue();
        Executor refusingOnce = task -> {
            if (calls.incrementAndGet() == 1) {
                throw new RejectedExecutionException("stopping");
            }
            queue.execute(task);
        };
        Wakeups wakeups = new Wakeups(refusingOnce, () -> { });
        assertThrows(RejectedExecutionException.class, wakeups::wake);
        wakeups.wake();
        assertEquals(1, queue.tasks.size());
    }
}
