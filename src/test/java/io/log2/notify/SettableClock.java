package io.log2.notify;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The notifications' clock in tests: the system's until a test sets it, then only what the test says. */
@Alternative
@Priority(1)
@Singleton
public class SettableClock extends NotifyClock {

    private final AtomicReference<Instant> now = new AtomicReference<>();

    @Override
    public Instant now() {
        Instant t = now.get();
        return t == null ? Instant.now() : t;
    }

    public void set(Instant t) {
        now.set(t);
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
