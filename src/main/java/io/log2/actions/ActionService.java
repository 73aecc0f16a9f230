package io.log2.actions;

import io.log2.logic.ActionRequest;
import io.log2.logs.ActionsRaised;
import io.log2.logs.RunFinding;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * What happens to an action a rule asked for: the policy table decides ({@code never} is logged and stops there),
 * the limits are checked, and the action process runs it, by itself or after an approver. Also the approver's and
 * the admin's commands: approve, reject, undo, pause and resume.
 */
@ApplicationScoped
public class ActionService {

    private static final Logger LOG = Logger.getLogger(ActionService.class);
    static final String POLICY_USER = "policy";

    @Inject
    ActionsConfig config;
    @Inject
    ActionLog log;
    @Inject
    ActionGuard guard;
    @Inject
    ActionSteps steps;
    @Inject
    ActionProcess process;
    @Inject
    io.log2.cluster.Lease lease;

    static final String WAITING_LEASE = "actions: waiting on AWS";
    @Inject
    ManagedExecutor executor;
    @Inject
    PolicyStore policies;

    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    private volatile Boolean enabled;

    /**
     * The actions a logged run's rules asked for. Called on the run's thread, it only hands them to the managed
     * executor: the policy, the limits, the dry run and an {@code auto} action's AWS calls never slow or fail the run.
     */
    void onActions(@Observes ActionsRaised event) {
        if (!enabled()) {
            return;
        }
        List<RunFinding> findings = event.run().loggedFindings().get();
        String runId = event.run().runId();
        List<ActionRequest> requests = event.actions();
        List<Long> findingIds = requests.stream().map(request -> findings.stream()
                .filter(f -> f.firing() != null && f.firing() == request.firing())
                .map(RunFinding::id).findFirst().orElse(null)).toList();
        CompletableFuture<Void> raising = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < requests.size(); i++) {
                ActionRequest request = requests.get(i);
                try {
                    raise(request, runId, findingIds.get(i));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "action %s on %s could not be raised", request.action(), request.resource());
                }
            }
        }, executor);
        inFlight.add(raising);
        raising.whenComplete((done, error) -> inFlight.remove(raising));
    }

    /**
     * A stopping service first lets the actions handed over by runs it has answered be raised (at most 30 s): they
     * live only in memory until then.
     */
    void onStop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
        if (pending.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(pending).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("the service stops with the actions of %d runs not yet raised; their findings stay, the actions do not",
                    inFlight.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debugf("raising actions failed at stop: %s", e.getCause());
        }
    }

    /** Waits until every action handed over so far has been raised and has run as far as it can by itself. */
    public void awaitRaised() {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    /** Logs an action and starts it as the policy table says; answers its id in the action log. */
    public long raise(ActionRequest request, String runId, Long findingId) {
        if (!steps.known(request.action())) {
            throw new IllegalArgumentException("no action " + request.action());
        }
        Instant now = Instant.now();
        String decision = policies.current().decide(request.action(), request.severity(), request.tags(), now);
        if (Policy.NEVER.equals(decision)) {
            return log.insert(request, runId, findingId, decision, ActionEntry.REFUSED, "the action policy says never", now, null);
        }
        boolean auto = Policy.AUTO.equals(decision);
        long id = log.insert(request, runId, findingId, decision, auto ? ActionEntry.APPROVED : ActionEntry.PENDING,
                null, now, auto ? null : now.plus(config.approvalExpiry()));
        if (auto) {
            log.update(id, List.of(), "approved_by", POLICY_USER);
        }
        Optional<String> refusal = guard.refusal(log.get(id).orElseThrow(), now);
        if (refusal.isPresent()) {
            log.update(id, List.of(), "state", ActionEntry.SKIPPED, "outcome", refusal.get(), "finished_at", now);
            return id;
        }
        process.start(id);
        return id;
    }

    public ActionEntry get(long id) {
        return log.get(id).orElseThrow(() -> new NoSuchElementException("no action " + id));
    }

    /** The approver says yes: the action runs now, after the limits. */
    public ActionEntry approve(long id, String user) {
        return decide(id, user, ActionEntry.APPROVED);
    }

    public ActionEntry reject(long id, String user) {
        return decide(id, user, ActionEntry.REJECTED);
    }

    private synchronized ActionEntry decide(long id, String user, String state) {
        ActionEntry entry = pending(id);
        if (ActionEntry.APPROVED.equals(state) && log.paused()) {
            throw new ActionConflictException("actions are paused; action " + id + " stays pending until they are resumed");
        }
        if (!process.running(id)) {
            // raised or recovered on another instance sharing the database: this one takes the approval up
            process.enterAt(id, ActionProcess.APPROVAL);
        }
        if (!log.moveFrom(id, ActionEntry.PENDING, "state", state, "approved_by", user, "node", null)) {
            throw new ActionConflictException("action " + id + " was decided meanwhile, here or on another instance");
        }
        process.completeApproval(id);
        return get(id);
    }

    /** Takes back an executed action; its state becomes {@code undone}. */
    public synchronized ActionEntry undo(long id, String user) {
        ActionEntry entry = get(id);
        if (!ActionEntry.VERIFIED.equals(entry.state()) && !ActionEntry.EXECUTED.equals(entry.state())) {
            throw new ActionConflictException("action " + id + " is " + entry.state() + "; only an executed action can be undone");
        }
        if (!steps.action(entry.action()).undoable()) {
            throw new ActionConflictException(entry.action() + " cannot be undone");
        }
        try {
            steps.undo(id);
        } catch (ActionFailedException e) {
            throw new ActionConflictException("the undo of action " + id + " failed: " + e.getMessage());
        }
        log.update(id, List.of(), "state", ActionEntry.UNDONE, "undo", "undone by " + user + " at " + Instant.now());
        return get(id);
    }

    /** The kill switch: nothing is executed until {@link #resume}; pending approvals stay pending. */
    public void pause(String user) {
        log.pause(true, user, Instant.now());
    }

    public void resume(String user) {
        log.pause(false, user, Instant.now());
    }

    public boolean paused() {
        return log.paused();
    }

    /** Pending approvals whose time is up end as {@code expired}. */
    @Scheduled(every = "1m", delayed = "1m", identity = "log2-action-expiry")
    void expireNow() {
        if (enabled()) {
            expire(Instant.now());
        }
    }

    public synchronized int expire(Instant now) {
        int expired = 0;
        for (ActionEntry entry : log.inState(ActionEntry.PENDING)) {
            if (entry.expiresAt() != null && !entry.expiresAt().isAfter(now)) {
                log.update(entry.id(), List.of(), "state", ActionEntry.EXPIRED, "node", null, "finished_at", now,
                        "outcome", "no approver decided before " + entry.expiresAt());
                if (process.running(entry.id())) {
                    process.completeApproval(entry.id());
                }
                expired++;
            }
        }
        return expired;
    }

    /** Actions waiting on AWS take their execute step again; one instance at a time, never while paused. */
    @Scheduled(every = "${log2.actions.wait-poll:1m}", delayed = "${log2.actions.wait-poll:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "log2-action-waiting")
    void resumeWaitingNow() {
        if (enabled() && !paused()) {
            lease.runIfFree(WAITING_LEASE, this::resumeWaiting);
        }
    }

    /** Takes the execute step of every waiting action again; answers how many. */
    public synchronized int resumeWaiting() {
        int resumed = 0;
        for (ActionEntry entry : log.inState(ActionEntry.WAITING)) {
            try {
                process.enterAt(entry.id(), ActionProcess.EXECUTE);
                resumed++;
            } catch (RuntimeException e) {
                LOG.errorf(e, "action %d could not be taken up again; the next look tries again", entry.id());
            }
        }
        return resumed;
    }

    /** Pending approvals wait at their human task again after a restart. */
    void onStart(@Observes @Priority(5100) StartupEvent event) {
        recover();
    }

    synchronized void recover() {
        for (ActionEntry entry : log.inState(ActionEntry.PENDING)) {
            if (ActionProcess.APPROVAL.equals(entry.node()) && !process.running(entry.id())) {
                process.enterAt(entry.id(), ActionProcess.APPROVAL);
            }
        }
    }

    private ActionEntry pending(long id) {
        ActionEntry entry = get(id);
        if (!ActionEntry.PENDING.equals(entry.state())) {
            throw new ActionConflictException("action " + id + " is " + entry.state() + ", not pending");
        }
        if (!ActionProcess.APPROVAL.equals(entry.node())) {
            throw new ActionConflictException("action " + id + " is not waiting for an approver");
        }
        return entry;
    }

    public boolean enabled() {
        Boolean e = enabled;
        return e != null ? e : config.enabled();
    }

    /** Turns actions on or off in this service, as {@code log2.actions.enabled} does at start. */
    void enabled(boolean on) {
        enabled = on;
    }
}
