package io.log2.logs;

import io.log2.config.Log2Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} is DOWN while the log writer cannot take runs: its thread has ended, it is stopping,
 * or its queue was full and refused runs lately. (Whether the database answers is Quarkus' own datasource
 * readiness check, which runs beside this one.)
 */
@Readiness
@ApplicationScoped
public class RunLogReadiness implements HealthCheck {

    /** How long after a refusal for a full queue the service still reports itself not ready. */
    static final Duration REFUSAL_WINDOW = Duration.ofSeconds(10);

    @Inject
    RunLog log;
    @Inject
    Log2Config config;

    @Override
    public HealthCheckResponse call() {
        Duration window = config.writerQueueWait().compareTo(REFUSAL_WINDOW) > 0 ? config.writerQueueWait() : REFUSAL_WINDOW;
        return log.trouble(window)
                .map(why -> HealthCheckResponse.named("run log writer").down().withData("reason", why).build())
                .orElseGet(() -> HealthCheckResponse.named("run log writer").up().build());
    }
}
