package io.log2.notify;

import jakarta.inject.Singleton;
import java.time.Instant;

/** The time notifications are timed by: group waits, intervals, silences, quiet hours and retries. */
@Singleton
public class NotifyClock {

    public Instant now() {
        return Instant.now();
    }
}
