package io.log2.logic;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Polls the rules folders. Polling (rather than file-system events) sees the rename-over-original that
 * spreadsheet programs do on save, and works the same on every file system.
 */
@ApplicationScoped
public class RuleFolderWatcher {

    @Inject
    RuleSetService ruleSets;

    @Scheduled(every = "${log2.rules-scan-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        ruleSets.scan();
    }
}
