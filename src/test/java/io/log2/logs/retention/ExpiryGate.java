package io.log2.logs.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds an expiry batch of one table open (before its commit) until the test lets it go; does nothing unless armed. */
@ApplicationScoped
public class ExpiryGate {

    private volatile String table;
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    void arm(String table) {
        this.reached = new CountDownLatch(1);
        this.release = new CountDownLatch(1);
        this.table = table;
    }

    boolean awaitReached() throws InterruptedException {
        return reached.await(60, TimeUnit.SECONDS);
    }

    void release() {
        table = null;
        release.countDown();
    }

    void onBatch(@Observes ExpiryBatch batch) throws InterruptedException {
        if (batch.table().equals(table)) {
            reached.countDown();
            release.await(60, TimeUnit.SECONDS);
        }
    }
}
