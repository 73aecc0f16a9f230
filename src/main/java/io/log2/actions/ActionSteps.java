package io.log2.actions;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * The steps of the action process ({@code processes/action.bpmn2}), each called by a script task with the action's
 * id and answering the outcome its gateway reads. Each step writes the action's new state, its AWS calls and
 * outcome to the action log before it answers.
 */
@Unremovable
@ApplicationScoped
public class ActionSteps {

    static final String FAILED = "failed";

    @Inject
    ActionLog log;
    @Inject
    ActionGuard guard;
    @Inject
    ActionClients clients;
    @Inject
    @Any
    Instance<Action> actions;

    /** The bean, for the process's script tasks. */
    public static ActionSteps steps() {
        return Arc.container().instance(ActionSteps.class).get();
    }

    /** Reads the resource and logs the diff: {@code auto}, {@code approve} (wait for an approver) or {@code failed}. */
    public String dryRun(Long id) {
        ActionEntry entry = log.get(id).orElseThrow();
        AwsCalls aws = clients.calls();
        try {
            Plan plan = action(entry.action()).dryRun(entry.target(), aws);
            boolean auto = Policy.AUTO.equals(entry.decision());
            log.update(id, aws.calls(), "diff", plan.diff(), "previous", plan.previous(),
                    "node", auto ? null : ActionProcess.APPROVAL);
            return auto ? Policy.AUTO : Policy.APPROVE;
        } catch (ActionFailedException e) {
            log.update(id, aws.calls(), "state", ActionEntry.FAILED, "outcome", "dry run failed: " + e.getMessage(),
                    "node", null, "finished_at", Instant.now());
            return FAILED;
        }
    }

    /** After the human task: {@code approved} or anything else (rejected, expired). */
    public String decision(Long id) {
        ActionEntry entry = log.get(id).orElseThrow();
        return ActionEntry.APPROVED.equals(entry.state()) ? "approved" : entry.state();
    }

    /**
     * Checks the limits, then makes the change: {@code done}, {@code waiting} while AWS is still making it (the step is
     * taken again later, the limits already passed), or {@code failed} with nothing changed.
     */
    public String execute(Long id) {
        ActionEntry entry = log.get(id).orElseThrow();
        Instant now = Instant.now();
        boolean resumed = ActionEntry.WAITING.equals(entry.state());
        Instant executedAt = resumed && entry.executedAt() != null ? entry.executedAt() : now;
        Optional<String> refusal = resumed ? Optional.empty() : guard.refusal(entry, now);
        if (refusal.isPresent()) {
            log.update(id, java.util.List.of(), "state", ActionEntry.SKIPPED, "outcome", refusal.get(), "node", null,
                    "finished_at", now);
            return FAILED;
        }
        AwsCalls aws = clients.calls();
        aws.step("execute");
        try {
            action(entry.action()).execute(entry.target(), entry.plan(), aws);
            log.update(id, aws.calls(), "state", ActionEntry.EXECUTED, "node", null, "executed_at", executedAt);
            return "done";
        } catch (ActionWaitingException e) {
            log.update(id, aws.calls(), "state", ActionEntry.WAITING, "outcome", "waiting: " + e.getMessage(),
                    "node", ActionProcess.EXECUTE, "executed_at", executedAt);
            return ActionEntry.WAITING;
        } catch (ActionFailedException e) {
            log.update(id, aws.calls(), "state", ActionEntry.FAILED, "outcome", e.getMessage(), "node", null,
                    "finished_at", Instant.now());
            return FAILED;
        }
    }

    /** Reads the resource back: {@code verified} or {@code failed}. */
    public String verify(Long id) {
        ActionEntry entry = log.get(id).orElseThrow();
        AwsCalls aws = clients.calls();
        aws.step("verify");
        try {
            if (action(entry.action()).verify(entry.target(), entry.plan(), aws)) {
                log.update(id, aws.calls(), "state", ActionEntry.VERIFIED, "outcome", "the change is in place",
                        "finished_at", Instant.now());
                return ActionEntry.VERIFIED;
            }
            log.update(id, aws.calls(), "outcome", "verify: the change is not in place");
        } catch (ActionFailedException e) {
            log.update(id, aws.calls(), "outcome", "verify failed: " + e.getMessage());
        }
        return FAILED;
    }

    /** Takes back a change whose verify failed; the action ends failed either way. */
    public String undoAfterFailure(Long id) {
        String undo;
        try {
            undo = undo(id);
        } catch (ActionFailedException e) {
            undo = "undo failed: " + e.getMessage();
        }
        ActionEntry entry = log.get(id).orElseThrow();
        log.update(id, java.util.List.of(), "state", ActionEntry.FAILED, "outcome", entry.outcome() + "; " + undo,
                "finished_at", Instant.now());
        return FAILED;
    }

    /** Runs the undo of an action and logs it; answers what happened, in words. */
    String undo(long id) {
        ActionEntry entry = log.get(id).orElseThrow();
        Action action = action(entry.action());
        if (!action.undoable()) {
            log.update(id, java.util.List.of(), "undo", entry.action() + " cannot be undone");
            return entry.action() + " cannot be undone";
        }
        AwsCalls aws = clients.calls();
        aws.step("undo");
        try {
            action.undo(entry.target(), entry.plan(), aws);
            log.update(id, aws.calls(), "undo", "undone at " + Instant.now());
            return "undone";
        } catch (ActionFailedException e) {
            log.update(id, aws.calls(), "undo", "undo failed: " + e.getMessage());
            throw e;
        }
    }

    Action action(String name) {
        for (Action a : actions) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no action " + name);
    }

    boolean known(String name) {
        for (Action a : actions) {
            if (a.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
