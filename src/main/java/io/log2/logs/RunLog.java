package io.log2.logs;

import io.log2.config.Log2Config;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/** The service's one {@link FiringWriter}, on the service's datasource; drained within a bound on shutdown. */
@ApplicationScoped
public class RunLog {

    @Inject
    DataSource dataSource;
    @Inject
    Log2Config config;

    private FiringWriter writer;

    private synchronized FiringWriter writer() {
        if (writer == null) {
            writer = new FiringWriter(dataSource, config.writerQueue(), config.writerQueueWait());
        }
        return writer;
    }

    public CompletableFuture<Void> submit(RunRecord run) {
        return writer().submit(run);
    }

    /** Why runs cannot be taken now, if they cannot; see {@link FiringWriter#trouble}. */
    public Optional<String> trouble(Duration window) {
        return writer().trouble(window);
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (writer != null) {
            writer.close(config.writerDrainTimeout());
        }
    }
}
