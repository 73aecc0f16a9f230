package io.log2.logs;

import io.log2.logic.FactSubject;
import io.log2.logic.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of findings, as users know it from alarms. A finding has a fingerprint (agent, rule, resource and,
 * for a period fact, the period); while one with that fingerprint is open, the same condition seen again updates
 * its {@code lastSeen} and count instead of raising a new finding. The facts of one subject (a metric series, a
 * resource) are taken in time order: consecutive breaches are one finding, opened at the first, updated while the
 * condition holds, and resolved at the first later fact of the subject that the rule no longer fires on. A run
 * that holds a fact type completely (a full inventory) also resolves the open findings of that type it did not
 * raise again.
 *
 * <p>One ledger serves one group of runs on the writer thread: it starts from the open findings stored for the
 * group's fingerprints, subjects and complete types, and {@link #apply applies} the runs in commit order.
 */
final class FindingLedger {

    private final Map<String, TrackedFinding> openByFingerprint = new HashMap<>();
    private final Map<String, List<TrackedFinding>> openBySubject = new HashMap<>();
    private final Set<TrackedFinding> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<TrackedFinding> touchedInOrder = new ArrayList<>();

    FindingLedger(Collection<TrackedFinding> open) {
        open.stream().filter(TrackedFinding::isOpen).forEach(this::index);
    }

    /** The findings new or changed so far, in the order they were first touched. */
    List<TrackedFinding> touched() {
        return touchedInOrder;
    }

    /** Applies one run; returns what it did to each finding it touched, in the order it touched them. */
    List<Change> apply(Evidence run) {
        Map<TrackedFinding, Change> changes = new IdentityHashMap<>();
        List<Change> inOrder = new ArrayList<>();
        Set<TrackedFinding> breached = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, List<Raised>> byFingerprint = new LinkedHashMap<>();
        for (Raised r : run.raised) {
            byFingerprint.computeIfAbsent(r.fingerprint, k -> new ArrayList<>()).add(r);
        }
        for (List<Raised> group : byFingerprint.values()) {
            TrackedFinding current = openByFingerprint.get(group.get(0).fingerprint);
            String subject = group.get(0).subject;
            if (subject == null) {
                for (Raised r : group) {
                    current = breach(current, r, run, changes, inOrder, breached);
                }
                continue;
            }
            // Walk the subject's facts in time order: a fact the rule fired on is a breach, any other one a clear.
            group.sort((a, b) -> a.time.compareTo(b.time));
            int next = 0;
            for (Instant t : run.observed.get(subject).sortedTimes()) {
                boolean breachedNow = false;
                while (next < group.size() && !group.get(next).time.isAfter(t)) {
                    current = breach(current, group.get(next++), run, changes, inOrder, breached);
                    breachedNow = true;
                }
                if (!breachedNow && current != null && t.isAfter(current.lastSeen)) {
                    resolve(current, t, run, changes, inOrder);
                    current = null;
                }
            }
            while (next < group.size()) {
                current = breach(current, group.get(next++), run, changes, inOrder, breached);
            }
        }
        // Open findings on a subject the run saw, by rules that did not fire on it: resolved at the first later fact.
        for (Map.Entry<String, Observed> seen : run.observed.entrySet()) {
            List<TrackedFinding> open = openBySubject.get(seen.getKey());
            if (open == null) {
                continue;
            }
            for (TrackedFinding f : List.copyOf(open)) {
                if (byFingerprint.containsKey(f.fingerprint)) {
                    continue;
                }
                Instant t = seen.getValue().firstAfter(f.lastSeen);
                if (t != null) {
                    resolve(f, t, run, changes, inOrder);
                }
            }
        }
        if (!run.completeTypes.isEmpty()) {
            for (TrackedFinding f : List.copyOf(openByFingerprint.values())) {
                if (f.agent.equals(run.agent) && run.completeTypes.contains(f.factType) && !breached.contains(f)) {
                    resolve(f, run.at, run, changes, inOrder);
                }
            }
        }
        return inOrder;
    }

    private TrackedFinding breach(TrackedFinding current, Raised r, Evidence run, Map<TrackedFinding, Change> changes,
                                  List<Change> inOrder, Set<TrackedFinding> breached) {
        Finding f = r.finding;
        if (current == null) {
            current = new TrackedFinding(null, run.agent, r.fingerprint, f.rule(), f.resource(), r.period, r.subject, r.factType);
            current.firstSeen = r.time;
            current.lastSeen = r.time;
            current.firstRunId = run.runId;
            current.firstFiringSeq = f.firing();
            index(current);
            change(current, RunFinding.OPENED, changes, inOrder);
        }
        Change change = change(current, RunFinding.UPDATED, changes, inOrder);
        current.count++;
        change.seen++;
        change.firings.add(f.firing());
        if (!r.time.isBefore(current.lastSeen) || current.lastRunId == null) {
            current.lastSeen = r.time.isAfter(current.lastSeen) ? r.time : current.lastSeen;
            current.lastRunId = run.runId;
            current.lastFiringSeq = f.firing();
            current.kind = f.kind();
            current.severity = f.severity();
            current.category = f.category();
            current.value = f.value();
            current.threshold = f.threshold();
            current.message = f.message();
        }
        if (change.latest == null || !r.time.isBefore(change.latest.time)) {
            change.latest = r;
        }
        breached.add(current);
        touch(current);
        return current;
    }

    private void resolve(TrackedFinding f, Instant at, Evidence run, Map<TrackedFinding, Change> changes, List<Change> inOrder) {
        f.state = TrackedFinding.RESOLVED;
        f.resolvedAt = at;
        f.resolvedBy = run.runId;
        unindex(f);
        Change change = change(f, RunFinding.RESOLVED, changes, inOrder);
        if (change.action.equals(RunFinding.UPDATED)) {
            change.action = RunFinding.RESOLVED;
        }
        touch(f);
    }

    private static Change change(TrackedFinding f, String action, Map<TrackedFinding, Change> changes, List<Change> inOrder) {
        Change change = changes.get(f);
        if (change == null) {
            change = new Change(f, action);
            changes.put(f, change);
            inOrder.add(change);
        }
        return change;
    }

    private void touch(TrackedFinding f) {
        if (touched.add(f)) {
            touchedInOrder.add(f);
        }
    }

    private void index(TrackedFinding f) {
        openByFingerprint.put(f.fingerprint, f);
        if (f.subject != null) {
            openBySubject.computeIfAbsent(f.subject, k -> new ArrayList<>(1)).add(f);
        }
    }

    private void unindex(TrackedFinding f) {
        openByFingerprint.remove(f.fingerprint, f);
        List<TrackedFinding> list = f.subject == null ? null : openBySubject.get(f.subject);
        if (list != null) {
            list.remove(f);
            if (list.isEmpty()) {
                openBySubject.remove(f.subject);
            }
        }
    }

    /**
     * What one run did to one finding: the action, how often the run saw it, the run's latest raise of it, and the
     * firings (sequence numbers in the run) that raised it.
     */
    static final class Change {
        final TrackedFinding finding;
        final List<Integer> firings = new ArrayList<>(1);
        String action;
        int seen;
        Raised latest;

        Change(TrackedFinding finding, String action) {
            this.finding = finding;
            this.action = action;
        }

        /** The change as the API shows it; the finding has its id once written. */
        RunFinding view() {
            TrackedFinding f = finding;
            Finding own = latest == null ? null : latest.finding;
            return new RunFinding(f.id, action, f.state, seen, own == null ? null : own.firing(), f.kind, f.severity,
                    f.category, f.rule, own == null ? null : own.file(), own == null ? null : own.row(), f.resource,
                    f.period, own == null ? null : own.value(), own == null ? null : own.threshold(),
                    own == null ? f.message : own.message());
        }
    }

    /** A finding a run raised, with its fingerprint, the key of its fact's subject, and the time of that fact. */
    record Raised(Finding finding, String fingerprint, String subject, String factType, String period, Instant time) {
    }

    /** The times at which a run saw facts of one subject. */
    static final class Observed {
        private final List<Instant> times = new ArrayList<>();
        private boolean sorted = true;

        void add(Instant t) {
            if (!times.isEmpty() && t.isBefore(times.get(times.size() - 1))) {
                sorted = false;
            }
            times.add(t);
        }

        List<Instant> sortedTimes() {
            if (!sorted) {
                Collections.sort(times);
                sorted = true;
            }
            return times;
        }

        /** The earliest time after {@code t}, or null. */
        Instant firstAfter(Instant t) {
            Instant first = null;
            for (Instant x : times) {
                if (x.isAfter(t) && (first == null || x.isBefore(first))) {
                    first = x;
                }
            }
            return first;
        }
    }

    /**
     * What the ledger reads of one run: the findings it raised, keyed, and every subject its facts reported on
     * with their times. Facts are described here, on the writer thread, to keep the engine's thread free.
     */
    static final class Evidence {
        final String runId;
        final String agent;
        final Instant at;
        final List<Raised> raised;
        final Map<String, Observed> observed;
        final Set<String> completeTypes;

        private Evidence(String runId, String agent, Instant at, List<Raised> raised, Map<String, Observed> observed,
                         Set<String> completeTypes) {
            this.runId = runId;
            this.agent = agent;
            this.at = at;
            this.raised = raised;
            this.observed = observed;
            this.completeTypes = completeTypes;
        }

        static Evidence of(RunRecord run) {
            RunFacts facts = run.facts();
            Instant at = run.startedAt();
            Map<List<String>, Observed> bySubject = new HashMap<>();
            List<String> last = null;
            Observed lastObserved = null;
            for (Object fact : facts.facts()) {
                FactSubject s = facts.subjectOf(fact);
                if (s.subject() != null) {
                    // Facts of one subject usually come together (a series in time order): skip the map for those.
                    if (!s.subject().equals(last)) {
                        last = s.subject();
                        lastObserved = bySubject.computeIfAbsent(last, k -> new Observed());
                    }
                    lastObserved.add(s.time() != null ? s.time() : at);
                }
            }
            Map<List<String>, String> subjectKeys = new HashMap<>();
            Map<List<String>, String> fingerprints = new HashMap<>();
            List<Raised> raised = new ArrayList<>(run.findings().size());
            for (Finding f : run.findings()) {
                FactSubject s = facts.subjectOf(f.fact());
                Instant time = s.time() != null ? s.time() : at;
                String subject = null;
                if (s.subject() != null) {
                    // A fact a rule inserted was not among the run's facts; its subject still counts as seen.
                    bySubject.computeIfAbsent(s.subject(), k -> new Observed());
                    subject = subjectKeys.computeIfAbsent(s.subject(), k -> subjectKey(run.agent(), k));
                }
                String fingerprint = fingerprints.computeIfAbsent(java.util.Arrays.asList(f.rule(), f.resource(), s.period()),
                        k -> Fingerprints.of(run.agent(), k.get(0), k.get(1), k.get(2)));
                raised.add(new Raised(f, fingerprint, subject, f.fact() == null ? null : f.fact().getClass().getSimpleName(),
                        s.period(), time));
            }
            Map<String, Observed> observed = new LinkedHashMap<>();
            bySubject.forEach((subject, times) -> observed.put(
                    subjectKeys.computeIfAbsent(subject, k -> subjectKey(run.agent(), k)), times));
            return new Evidence(run.runId(), run.agent(), at, raised, observed, facts.completeTypes());
        }

        static String subjectKey(String agent, List<String> subject) {
            String[] parts = new String[subject.size() + 1];
            parts[0] = agent;
            for (int i = 0; i < subject.size(); i++) {
                parts[i + 1] = subject.get(i);
            }
            return Fingerprints.of(parts);
        }

        Set<String> fingerprints() {
            Set<String> keys = new LinkedHashSet<>();
            raised.forEach(r -> keys.add(r.fingerprint));
            return keys;
        }
    }
}
