package io.log2.notify;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a pass on an executor, coalescing: however many runs are logged while a pass is queued, one pass runs; a run
 * logged while a pass is already running queues exactly one more, so nothing logged is left for the scheduled tick.
 */
final class Wakeups {

    private final Executor executor;
    private final Runnable pass;
    private final AtomicBoolean queued = new AtomicBoolean();

    Wakeups(Executor executor, Runnable pass) {
        this.executor = executor;
        this.pass = pass;
    }

    /** Queues a pass unless one is queued and not yet started; may throw the executor's rejection. */
    void wake() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                // cleared before the pass, so that what is logged during it wakes the next one
                queued.set(false);
                pass.run();
            });
        } catch (RuntimeException e) {
            queued.set(false);
            throw e;
        }
    }
}
