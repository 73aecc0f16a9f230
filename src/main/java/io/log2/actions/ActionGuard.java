package io.log2.actions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The limits every action passes right before it runs: the kill switch, the cool-down per resource and the hourly
 * caps per account and per action type. Counted from the action log, so they hold across restarts and instances.
 */
@ApplicationScoped
public class ActionGuard {

    @Inject
    ActionLog log;
    @Inject
    ActionsConfig config;

    /** Why the action may not run now, or empty when it may. */
    Optional<String> refusal(ActionEntry entry, Instant now) {
        if (log.paused()) {
            return Optional.of("actions are paused (POST /api/actions/resume)");
        }
        Optional<Instant> last = log.lastExecuted(entry.resource(), now.minus(config.cooldown()));
        if (last.isPresent()) {
            return Optional.of("cool-down: " + entry.resource() + " was acted on at " + last.get()
                    + " (log2.actions.cooldown=" + config.cooldown() + ")");
        }
        Instant hourAgo = now.minus(Duration.ofHours(1));
        int inAccount = log.executedSince(entry.account(), null, hourAgo);
        if (inAccount >= config.maxPerHourPerAccount()) {
            return Optional.of("limit: " + inAccount + " actions ran in account " + entry.account()
                    + " in the last hour (log2.actions.max-per-hour-per-account=" + config.maxPerHourPerAccount() + ")");
        }
        int ofType = log.executedSince(entry.account(), entry.action(), hourAgo);
        if (ofType >= config.maxPerHourPerAction()) {
            return Optional.of("limit: " + ofType + " " + entry.action() + " actions ran in account " + entry.account()
                    + " in the last hour (log2.actions.max-per-hour-per-action=" + config.maxPerHourPerAction() + ")");
        }
        return Optional.empty();
    }
}
