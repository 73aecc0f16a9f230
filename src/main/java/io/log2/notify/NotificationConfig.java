package io.log2.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Timers of grouping and delivery, and where the SNS channel sends ({@code log2.notifications.*}). */
@ConfigMapping(prefix = "log2.notifications")
public interface NotificationConfig {

    /** False: this instance sends nothing (another instance on the same database notifies). */
    @WithDefault("true")
    boolean enabled();

    /** How often the dispatcher looks at groups and due deliveries; {@code off} stops it (tests tick by hand). */
    @WithDefault("5s")
    String tick();

    /** How long a new group waits for more findings before its first message. */
    @WithDefault("30s")
    Duration groupWait();

    /** The least time between two messages of a group that has new findings. */
    @WithDefault("5m")
    Duration groupInterval();

    /** How often a group whose findings are still open is told again, with nothing new. */
    @WithDefault("4h")
    Duration repeatInterval();

    /** Findings of these severities go to one digest per route instead of the route's groups. */
    @WithDefault("low")
    List<String> digestSeverities();

    /** How long the digest collects before its first message; also the least time between two digests. */
    @WithDefault("1h")
    Duration digestWait();

    /** Attempts of one message before it is given up as failed. */
    @WithDefault("6")
    int maxAttempts();

    /** The wait after the first failed attempt; it doubles after each further one, up to {@link #retryMax()}. */
    @WithDefault("30s")
    Duration retryBase();

    @WithDefault("1h")
    Duration retryMax();

    /** The longest wait for a receiver (connect, then answer). */
    @WithDefault("10s")
    Duration httpTimeout();

    Sns sns();

    interface Sns {
        /** Another SNS endpoint (a VPC endpoint, a local stub); AWS's own by default. */
        Optional<URI> endpoint();

        /** Static keys; the default credential chain when unset. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
