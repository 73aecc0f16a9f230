package io.log2.logic;

import io.log2.config.Log2Config;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Owns each agent's active rule set: compiles the agent's folder, stores every new version, and swaps it in
 * atomically. A rule set that does not compile is refused and the running one stays; the refusal is kept
 * for {@code GET /api/agents/{name}} to show.
 */
@ApplicationScoped
public class RuleSetService {

    private static final Logger LOG = Logger.getLogger(RuleSetService.class);

    /** Per agent: its folder, its active rule set and the last refused attempt. */
    static final class AgentState {
        final Agent agent;
        final RuleFolder folder;
        final AtomicReference<RuleSet> active = new AtomicReference<>();
        volatile RejectedAttempt rejected;
        /** A folder hash seen once by the scanner; compiled when seen again unchanged (the editor has finished saving). */
        volatile String pendingHash;
        /** The folder hash whose tables the active version is, with rule ids filled in ({@link RuleIds}). */
        volatile String idsFilledFrom;
        /** A version stored by another instance that does not compile here; not tried again. */
        volatile int unfollowable;
        /** Runs are refused while an agent made through the API is disabled. */
        volatile boolean enabled = true;
        /**
         * Set, under the state's lock, once the agent is deleted: nothing writes its folder again (no scan, follow,
         * start-up load or deployment), so the folder stays gone while the agent leaves the list.
         */
        boolean removed;

        AgentState(Agent agent, RuleFolder folder) {
            this.agent = agent;
            this.folder = folder;
        }
    }

    /** Every agent by name: the plug-ins found at start and the agents made through the API since. */
    private final Map<String, AgentState> agents = new ConcurrentSkipListMap<>();
    /** The plug-in agents (CDI beans), by name: templates for agents made through the API, never removed. */
    private final Map<String, Agent> plugins = new TreeMap<>();
    private final Path rulesDir;
    /** The service's classes as every compile of this service asks for them, remembered for the service's life. */
    private final ClassLoader knownClasses = KnownClasses.over(RuleSetService.class.getClassLoader());
    private volatile boolean started;

    @Inject
    VersionStore versions;
    @Inject
    Event<RuleSetActivated> activated;
    @Inject
    RuleIdHistory ruleIdHistory;
    @Inject
    RulesConfig rules;
    @Inject
    Instance<ApprovalGate> gate;
    /** The actions rules may ask for; without the bean, action names are not checked. */
    @Inject
    Instance<ActionNames> actionNames;

    @Inject
    public RuleSetService(@Any Instance<Agent> installed, Log2Config config) {
        rulesDir = Path.of(config.rulesDir());
        for (Agent agent : installed) {
            plugins.put(agent.name(), agent);
            agents.put(agent.name(), new AgentState(agent, new RuleFolder(rulesDir.resolve(agent.name()))));
        }
    }

    void onStart(@Observes StartupEvent event) {
        loadAll();
    }

    /**
     * Loads every agent's rules as at start: the folder if it is the last stored version or, without
     * {@code log2.rules.require-approval}, if it compiles; else the last stored version. The agents are independent,
     * so they compile side by side, one per core: start-up is mostly the compiler. Public for tests of a restart.
     */
    public void loadAll() {
        synchronized (agents) {
            List<AgentState> all = List.copyOf(agents.values());
            int threads = Math.max(1, Math.min(all.size(), Runtime.getRuntime().availableProcessors()));
            AtomicInteger number = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "rules-load-" + number.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            RuntimeException first = null;
            try {
                List<Future<?>> loads = all.stream().<Future<?>>map(state -> pool.submit(() -> loadAtStartup(state))).toList();
                // every load ends before the first failure is thrown: none is cut off in the middle of writing its folder
                for (Future<?> load : loads) {
                    try {
                        waitFor(load);
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
            } finally {
                pool.shutdown();
            }
            if (first != null) {
                throw first;
            }
            started = true;
        }
    }

    private static void waitFor(Future<?> load) {
        try {
            load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the agents' rules were loaded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The plug-in agent of that name (a CDI bean), if there is one. */
    public Optional<Agent> plugin(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    /** Whether an agent of that name exists, a plug-in or one made through the API. */
    public boolean exists(String name) {
        return agents.containsKey(name);
    }

    /**
     * Adds an agent made earlier through the API, as at start: its rules are loaded from its folder or its last stored
     * version like a plug-in's (at once when the service has started, else with every agent's).
     */
    public void register(Agent agent, boolean enabled) {
        synchronized (agents) {
            if (agents.containsKey(agent.name())) {
                throw new AgentConflictException("an agent named '" + agent.name() + "' exists");
            }
            AgentState state = new AgentState(agent, new RuleFolder(rulesDir.resolve(agent.name())));
            state.enabled = enabled;
            if (started) {
                // loaded before it is listed: a run or a view between the two would find the agent without rules
                loadAtStartup(state);
            }
            agents.put(agent.name(), state);
        }
    }

    /**
     * Compiles the first rule set of an agent that does not exist yet, without storing or activating anything.
     *
     * @throws RuleSetRejectedException with the compiler's errors
     */
    public CompiledRuleSet compileNew(Agent agent, List<RuleFile> files) {
        return compileWithIds(new AgentState(agent, new RuleFolder(rulesDir.resolve(agent.name()))), files);
    }

    /**
     * Adds a new agent with its compiled first rule set: its files are written to {@code rules/<name>/}, stored as a
     * version and activated, and only then does the agent appear. If any step fails nothing is added.
     *
     * @throws AgentConflictException when an agent of that name exists
     */
    public RuleSet install(Agent agent, CompiledRuleSet compiled, String source, String reason, String user) {
        synchronized (agents) {
            if (agents.containsKey(agent.name())) {
                throw new AgentConflictException("an agent named '" + agent.name() + "' exists");
            }
            AgentState state = new AgentState(agent, new RuleFolder(rulesDir.resolve(agent.name())));
            RuleSet rs;
            synchronized (state) {
                rs = deploy(state, compiled, source, reason, user);
            }
            agents.put(agent.name(), state);
            return rs;
        }
    }

    /**
     * Removes an agent made through the API: its rules folder is emptied and removed, then it is gone from the list; its
     * stored versions and logs are left to the caller. Plug-in agents cannot be removed.
     */
    public void uninstall(String name) {
        if (plugins.containsKey(name)) {
            throw new AgentConflictException("'" + name + "' is a plug-in agent; only agents made through the API can be deleted");
        }
        AgentState state = agents.get(name);
        if (state == null) {
            throw new UnknownAgentException(name);
        }
        // The folder goes before the agent leaves the list: whoever finds the agent gone (a 404, another instance
        // following this one's catalog) finds its folder gone too. Both locks are taken one after the other, never one
        // inside the other, as loadAll holds the list's while it takes each agent's.
        synchronized (state) {
            if (state.removed) {
                throw new UnknownAgentException(name);
            }
            state.removed = true;
            state.folder.read().forEach(f -> state.folder.remove(f.name()));
            try {
                java.nio.file.Files.deleteIfExists(state.folder.dir());
            } catch (java.io.IOException e) {
                LOG.warnf("the rules folder %s of deleted agent %s is left: %s", state.folder.dir(), name, e.getMessage());
            }
        }
        synchronized (agents) {
            agents.remove(name, state);
        }
        state.active.set(null);
    }

    /**
     * Takes an agent made through the API out of the running service only, as stopping the service does: its folder,
     * versions and definition stay, and {@link #register} brings it back. Public for tests of a restart.
     */
    public void unload(String name) {
        if (plugins.containsKey(name)) {
            throw new AgentConflictException("'" + name + "' is a plug-in agent");
        }
        synchronized (agents) {
            agents.remove(name);
        }
    }

    /** Enables or disables an agent's runs. */
    public void setEnabled(String name, boolean enabled) {
        state(name).enabled = enabled;
    }

    public boolean enabled(String name) {
        return state(name).enabled;
    }

    /** @throws AgentConflictException when the agent is disabled */
    public void checkEnabled(String name) {
        if (!state(name).enabled) {
            throw new AgentConflictException("agent '" + name + "' is disabled: enable it with POST /api/agents/" + name
                    + "/enable before running it");
        }
    }

    public Collection<Agent> agents() {
        return agents.values().stream().map(s -> s.agent).toList();
    }

    public Agent agent(String name) {
        return state(name).agent;
    }

    /** The active rule set of an agent. */
    public RuleSet active(String name) {
        RuleSet rs = state(name).active.get();
        if (rs == null) {
            throw new NoActiveRuleSetException(name);
        }
        return rs;
    }

    public Optional<RuleSet> activeIfAny(String name) {
        return Optional.ofNullable(state(name).active.get());
    }

    public Optional<RejectedAttempt> lastRejected(String name) {
        return Optional.ofNullable(state(name).rejected);
    }

    public RuleFolder folder(String name) {
        return state(name).folder;
    }

    /**
     * Replaces one file of an agent's rules: the whole set is compiled with the new file first; only if it
     * compiles is the file written to the folder and the new version activated.
     */
    public RuleSet upload(String name, String fileName, byte[] content, String user) {
        RuleFileName.checkUpload(fileName);
        AgentState state = state(name);
        synchronized (state) {
            List<RuleFile> files = new ArrayList<>(state.folder.read());
            files.removeIf(f -> f.name().equals(fileName));
            files.add(new RuleFile(fileName, content));
            CompiledRuleSet compiled;
            try {
                compiled = compileWithIds(state, files);
            } catch (RuleSetRejectedException e) {
                LOG.warnf("upload of %s for agent %s refused: %s", fileName, name, e.problems());
                throw e;
            }
            RuleSet rs = state.active.get();
            boolean changed = rs == null || !rs.contentHash().equals(compiled.contentHash());
            // The file is on disk before its version exists: the version is stored in a transaction that
            // commits only once the file is in place, and activated only after that. If any step fails,
            // the folder, the stored versions and the active version are as they were.
            try (RuleFolder.Staged staged = state.folder.stage(compiled.file(fileName))) {
                if (!changed) {
                    staged.commit();
                } else {
                    RuleSetVersion v;
                    try {
                        v = QuarkusTransaction.requiringNew().call(() -> {
                            RuleSetVersion stored = versions.store(compiled, RuleSetVersion.SOURCE_UPLOAD, "upload of " + fileName, user);
                            staged.commit();
                            return stored;
                        });
                    } catch (RuntimeException e) {
                        try {
                            staged.undo();
                        } catch (RuntimeException notUndone) {
                            e.addSuppressed(notUndone);
                        }
                        throw e;
                    }
                    rs = activate(state, compiled, v);
                }
            }
            state.rejected = null;
            return rs;
        }
    }

    /**
     * Makes a stored version's rules active again (a roll back or forward). Its files are compiled as they are
     * today; only if they compile are they written to the folder (files it did not have are removed) and stored
     * as a new version with source {@code activation} that says which version it repeats, who asked and why,
     * then swapped in. A version whose files no longer compile is refused and the running version stays.
     *
     * @throws NoSuchElementException when the agent has no such version
     */
    public RuleSet activateStored(String name, int seq, String user, String why) {
        AgentState state = state(name);
        RuleSetVersion stored = versions.version(name, seq)
                .orElseThrow(() -> new NoSuchElementException("agent '" + name + "' has no version " + seq));
        synchronized (state) {
            CompiledRuleSet compiled = compilerOf(state).compile(name, versions.files(stored.id));
            RuleSet rs = deploy(state, compiled, RuleSetVersion.SOURCE_ACTIVATION,
                    "activation of version " + seq + ": " + why, user);
            LOG.infof("agent %s: version %d activated again by %s as version %d: %s", name, seq, user, rs.version(), why);
            return rs;
        }
    }

    /**
     * Compiles a candidate rule set of an agent (its tables' ids checked) without activating anything.
     *
     * @throws RuleSetRejectedException with the compiler's errors
     */
    public CompiledRuleSet compileCandidate(String name, List<RuleFile> files) {
        return compileWithIds(state(name), files);
    }

    /**
     * Activates a compiled candidate (a proposal's): its files are written to the folder and it is stored as a new
     * version with the given source, reason and user, then swapped in; as {@link #activateStored}.
     */
    public RuleSet deployCandidate(CompiledRuleSet compiled, String source, String reason, String user) {
        AgentState state = state(compiled.agent());
        synchronized (state) {
            return deploy(state, compiled, source, reason, user);
        }
    }

    /**
     * Puts a compiled rule set into the agent's folder (its files written, files it lacks removed), stores it as a
     * new version and activates it. The folder changes only inside the transaction that stores the version; if any
     * step fails the folder is put back as it was, nothing is stored and the running version stays.
     */
    private RuleSet deploy(AgentState state, CompiledRuleSet compiled, String source, String reason, String user) {
        if (state.removed) {
            // deleted while this change waited for the agent's lock: its folder is not made again
            throw new UnknownAgentException(state.agent.name());
        }
        RuleSet active = state.active.get();
        if (active != null && active.contentHash().equals(compiled.contentHash())) {
            return active;
        }
        List<RuleFile> before = state.folder.read();
        List<RuleFile> removed = before.stream().filter(f -> compiled.file(f.name()) == null).toList();
        List<RuleFolder.Staged> staged = new ArrayList<>();
        try {
            for (RuleFile file : compiled.files()) {
                if (!before.contains(file)) {
                    staged.add(state.folder.stage(file));
                }
            }
            RuleSetVersion v;
            try {
                v = QuarkusTransaction.requiringNew().call(() -> {
                    RuleSetVersion stored = versions.store(compiled, source, reason, user);
                    for (RuleFolder.Staged file : staged) {
                        file.commit();
                    }
                    for (RuleFile file : removed) {
                        state.folder.remove(file.name());
                    }
                    return stored;
                });
            } catch (RuntimeException e) {
                putBack(state, staged, removed, e);
                throw e;
            }
            state.rejected = null;
            return activate(state, compiled, v);
        } finally {
            staged.forEach(RuleFolder.Staged::close);
        }
    }

    private static void putBack(AgentState state, List<RuleFolder.Staged> staged, List<RuleFile> removed, RuntimeException e) {
        for (RuleFolder.Staged file : staged) {
            try {
                file.undo();
            } catch (RuntimeException notUndone) {
                e.addSuppressed(notUndone);
            }
        }
        for (RuleFile file : removed) {
            if (!java.nio.file.Files.exists(state.folder.dir().resolve(file.name()))) {
                try (RuleFolder.Staged back = state.folder.stage(file)) {
                    back.commit();
                } catch (RuntimeException notPutBack) {
                    e.addSuppressed(notPutBack);
                }
            }
        }
    }

    /**
     * Makes the agent run its latest stored version when that is newer than the one running here: a version stored by
     * another instance sharing the database. Its files are written to this instance's folder first, so the folder holds
     * what runs and its scan stores nothing. A version that does not compile here is logged once and the running one
     * stays (so does one whose files cannot be written here). Called by {@link VersionFollower}.
     *
     * @return the rule set activated, empty when nothing changed
     */
    public Optional<RuleSet> follow(String name, int seq) {
        AgentState state = agents.get(name);
        if (state == null || !started) {
            return Optional.empty();
        }
        synchronized (state) {
            RuleSet active = state.active.get();
            if (state.removed || active != null && active.version() >= seq || state.unfollowable == seq) {
                return Optional.empty();
            }
            Optional<RuleSetVersion> stored = versions.version(name, seq);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            try {
                List<RuleFile> files = versions.files(stored.get().id);
                CompiledRuleSet compiled = compilerOf(state).compile(name, files);
                writeFolder(state, compiled.files());
                state.pendingHash = null;
                state.rejected = null;
                LOG.infof("agent %s: version %d was stored by another instance; it runs here now", name, seq);
                return Optional.of(activate(state, compiled, stored.get()));
            } catch (RuleSetRejectedException e) {
                state.unfollowable = seq;
                LOG.errorf("agent %s: version %d, stored by another instance, does not compile here: %s", name, seq, e.problems());
                return Optional.empty();
            } catch (RuntimeException e) {
                // a folder that cannot be written, for one: tried again at the next version or start, not every poll
                state.unfollowable = seq;
                LOG.errorf(e, "agent %s: version %d, stored by another instance, cannot run here; the running version stays",
                        name, seq);
                return Optional.empty();
            }
        }
    }

    /** Makes the folder hold exactly these files: changed ones written atomically, others removed. */
    private static void writeFolder(AgentState state, List<RuleFile> files) {
        List<RuleFile> before = state.folder.read();
        for (RuleFile file : files) {
            if (!before.contains(file)) {
                try (RuleFolder.Staged staged = state.folder.stage(file)) {
                    staged.commit();
                }
            }
        }
        for (RuleFile file : before) {
            if (files.stream().noneMatch(f -> f.name().equals(file.name()))) {
                state.folder.remove(file.name());
            }
        }
    }

    /** Looks at every agent's folder and activates what changed and compiles. Called by the watcher. */
    public void scan() {
        if (!started) {
            // The start-up load reads every folder itself; scanning meanwhile would compile each one a second time.
            return;
        }
        for (AgentState state : agents.values()) {
            try {
                scan(state);
            } catch (RuntimeException e) {
                LOG.errorf(e, "scanning the rules of agent %s failed", state.agent.name());
            }
        }
    }

    private void scan(AgentState state) {
        ApprovalGate.Held held = null;
        synchronized (state) {
            if (state.removed) {
                return;
            }
            List<RuleFile> files = state.folder.read();
            String hash = RuleFolder.contentHash(files);
            RuleSet active = state.active.get();
            if (active != null && (active.contentHash().equals(hash) || hash.equals(state.idsFilledFrom))) {
                state.pendingHash = null;
                state.rejected = null;
                return;
            }
            RejectedAttempt rejected = state.rejected;
            if (rejected != null && hash.equals(rejected.contentHash())) {
                return;
            }
            if (!hash.equals(state.pendingHash)) {
                state.pendingHash = hash;
                return;
            }
            state.pendingHash = null;
            if (rules.requireApproval() && active != null) {
                held = holdForApproval(state, files, active);
            } else {
                activateFiles(state, files, RuleSetVersion.SOURCE_FILE, "edit of the rules folder");
            }
        }
        // validated outside the agent's lock: the proposal's steps take the process engine's lock, and a deployment
        // holding that one takes the agent's
        if (held != null && held.isNew()) {
            gate.get().begin(held.id());
        }
    }

    /**
     * With {@code log2.rules.require-approval}: the folder's edit becomes a proposal of whole files, kept in the
     * database, and the folder is put back to the active version's files. So the folder always holds what runs, and
     * neither a restart nor another instance can take the edit as the active version; it reaches the folder again
     * only when it is approved and deployed. A file saved again meanwhile is left as it is (its own proposal follows).
     */
    private ApprovalGate.Held holdForApproval(AgentState state, List<RuleFile> files, RuleSet active) {
        List<RuleFile> running = active.compiled().files();
        List<FileChange> changes = FileChange.between(running, files);
        ApprovalGate.Held held = gate.get().hold(state.agent.name(), changes, "folder", "system");
        List<RuleFile> now = state.folder.read();
        for (FileChange change : changes) {
            RuleFile read = files.stream().filter(f -> f.name().equals(change.name())).findFirst().orElse(null);
            RuleFile onDisk = now.stream().filter(f -> f.name().equals(change.name())).findFirst().orElse(null);
            if (!java.util.Objects.equals(read, onDisk)) {
                continue;
            }
            RuleFile back = running.stream().filter(f -> f.name().equals(change.name())).findFirst().orElse(null);
            if (back == null) {
                state.folder.remove(change.name());
            } else {
                try (RuleFolder.Staged staged = state.folder.stage(back)) {
                    staged.commit();
                }
            }
        }
        LOG.infof("agent %s: the edit of %s in its rules folder waits for approval as proposal %d; version %d stays active "
                + "and the folder has its files again", state.agent.name(), changes.stream().map(FileChange::name).toList(),
                held.id(), active.version());
        return held;
    }

    private void loadAtStartup(AgentState state) {
        synchronized (state) {
            if (state.removed) {
                return;
            }
            Optional<RuleSetVersion> latest = versions.latest(state.agent.name());
            if (state.folder.read().isEmpty() && latest.isPresent()) {
                // the database is the source of truth: an instance started with an empty rules folder, or an agent made
                // on another instance, gets the folder of the version that runs
                writeFolder(state, versions.files(latest.get().id));
                LOG.infof("agent %s: its empty rules folder %s was filled from its stored version %d", state.agent.name(),
                        state.folder.dir(), latest.get().seq);
            }
            List<RuleFile> files = state.folder.read();
            String hash = RuleFolder.contentHash(files);
            if (rules.requireApproval() && latest.isPresent() && !latest.get().contentHash.equals(hash)
                    && !sameRules(state, files, latest.get())) {
                // edited while the service was stopped: the stored version runs, the edit waits for approval (its
                // proposal is validated when the proposals' processes are entered again at start)
                restoreStored(state, latest.get());
                RuleSet active = state.active.get();
                if (active != null) {
                    holdForApproval(state, files, active);
                }
                return;
            }
            try {
                CompiledRuleSet compiled = compileWithIds(state, files);
                if (latest.isPresent() && latest.get().contentHash.equals(compiled.contentHash())) {
                    activate(state, compiled, latest.get());
                } else {
                    activate(state, compiled, versions.store(compiled, RuleSetVersion.SOURCE_STARTUP,
                            "rules found in " + state.folder.dir() + " at start", "system"));
                }
                writeBackIds(state, files, compiled);
            } catch (RuleSetRejectedException e) {
                state.rejected = new RejectedAttempt(Instant.now(), RuleSetVersion.SOURCE_STARTUP, hash, e.problems());
                LOG.errorf("rules of agent %s in %s do not compile: %s", state.agent.name(), state.folder.dir(), e.problems());
                latest.ifPresent(v -> restoreStored(state, v));
            }
        }
    }

    /** Whether the folder's files, with the rule ids the service fills in, are the stored version's. */
    private boolean sameRules(AgentState state, List<RuleFile> files, RuleSetVersion version) {
        try {
            return compileWithIds(state, files).contentHash().equals(version.contentHash);
        } catch (RuleSetRejectedException e) {
            return false;
        }
    }

    /** Falls back to the last stored version when the folder is broken at start, so the agent keeps running. */
    private void restoreStored(AgentState state, RuleSetVersion version) {
        try {
            activate(state, compilerOf(state).compile(state.agent.name(), versions.files(version.id)), version);
            LOG.warnf("agent %s runs its stored version %d until its folder compiles", state.agent.name(), version.seq);
        } catch (RuleSetRejectedException e) {
            LOG.errorf("stored version %d of agent %s does not compile either: %s", version.seq, state.agent.name(), e.problems());
        }
    }

    private void activateFiles(AgentState state, List<RuleFile> files, String source, String reason) {
        String hash = RuleFolder.contentHash(files);
        try {
            CompiledRuleSet compiled = compileWithIds(state, files);
            RuleSet active = state.active.get();
            if (active == null || !active.contentHash().equals(compiled.contentHash())) {
                activate(state, compiled, versions.store(compiled, source, reason, "system"));
            }
            state.rejected = null;
            writeBackIds(state, files, compiled);
        } catch (RuleSetRejectedException e) {
            state.rejected = new RejectedAttempt(Instant.now(), source, hash, e.problems());
            LOG.warnf("rules of agent %s refused, version %s stays active: %s", state.agent.name(),
                    state.active.get() == null ? "none" : state.active.get().version(), e.problems());
        }
    }

    /** Checks the rule ids of the files' tables and fills in missing ones ({@link RuleIds}), then compiles. */
    private CompiledRuleSet compileWithIds(AgentState state, List<RuleFile> files) {
        String agent = state.agent.name();
        return compilerOf(state).compile(agent, RuleIds.fillIn(agent, files, () -> {
            RuleSet active = state.active.get();
            return active != null ? active.compiled().files()
                    : versions.latest(agent).map(v -> versions.files(v.id)).orElse(List.of());
        }, () -> ruleIdHistory.ruleNames(agent)));
    }

    /** Puts the ids filled in by the service into the folder's files, so the user's file shows them. */
    private void writeBackIds(AgentState state, List<RuleFile> read, CompiledRuleSet compiled) {
        String hash = RuleFolder.contentHash(read);
        if (!hash.equals(compiled.contentHash())) {
            state.idsFilledFrom = hash;
            RuleIds.writeBack(state.folder, read, compiled.files());
        }
    }

    private RuleSet activate(AgentState state, CompiledRuleSet compiled, RuleSetVersion version) {
        RuleSet rs = new RuleSet(compiled, version.seq, version.source, Instant.now());
        state.active.set(rs);
        state.idsFilledFrom = null;
        LOG.infof("agent %s: version %d active (%d rules, %s)", state.agent.name(), version.seq, compiled.rules().size(),
                version.source);
        activated.fire(new RuleSetActivated(rs));
        return rs;
    }

    /**
     * A compiler that lets the agent's rules use its fact types, or declare their own when the agent does, and
     * ask only for actions there are.
     */
    private RuleSetCompiler compilerOf(AgentState state) {
        RuleSetCompiler compiler = new RuleSetCompiler(knownClasses, state.agent);
        return actionNames.isResolvable() ? compiler.checkingActions(actionNames.get().known()) : compiler;
    }

    private AgentState state(String name) {
        AgentState state = agents.get(name);
        if (state == null) {
            throw new UnknownAgentException(name);
        }
        return state;
    }
}
