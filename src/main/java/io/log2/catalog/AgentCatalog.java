package io.log2.catalog;

import io.log2.logic.Agent;
import io.log2.logic.AgentConflictException;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.DeclaredAgent;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleFileName;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetService;
import io.log2.logic.RuleSetVersion;
import io.log2.logic.TemplatedAgent;
import io.log2.logic.UnknownAgentException;
import io.log2.logs.LogPurge;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The agents made through the API: creates them from DRL that declares their fact types or from a plug-in agent's
 * template, disables, enables and deletes them, and records every such change with who made it. Their definitions
 * live in the database ({@code agent_definition}) and their rules in {@code rules/<name>/} and the stored versions,
 * so they come back after a restart as they were.
 */
@ApplicationScoped
public class AgentCatalog {

    private static final Logger LOG = Logger.getLogger(AgentCatalog.class);
    /** Lower-case letters, digits and inner hyphens: a folder name, a path segment and a Maven artifact id as it is. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    public static final int MAX_NAME = 40;

    /** What a new agent is made of: its name, its template, and its rule files by name (text). */
    public record NewAgent(String name, String template, Map<String, String> files) {
    }

    /** An agent made through the API and its state. */
    public record Defined(String name, String template, boolean enabled, String createdBy, Instant createdAt) {
        static Defined of(AgentDefinition d) {
            return new Defined(d.name, d.template, d.enabled, d.createdBy, d.createdAt);
        }
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    LogPurge purge;

    /** Adds the stored agents before the rules of all agents are loaded at start. */
    void onStart(@Observes @Priority(1000) StartupEvent event) {
        loadStored();
    }

    /** Registers every stored agent that is not registered yet (all of them at start). */
    public synchronized void loadStored() {
        List<AgentDefinition> stored = QuarkusTransaction.requiringNew().call(() -> AgentDefinition.<AgentDefinition>listAll());
        for (AgentDefinition d : stored) {
            if (ruleSets.exists(d.name)) {
                continue;
            }
            try {
                ruleSets.register(agentOf(d.name, d.template), d.enabled);
            } catch (RuntimeException e) {
                LOG.errorf("agent %s (template %s) cannot be loaded: %s", d.name, d.template, e.getMessage());
            }
        }
    }

    /**
     * Runs the steps with {@link #follow} held off, as when this instance is stopped and nothing follows the database:
     * for tests of a restart, which take an agent out and load it again themselves.
     */
    public synchronized void withoutFollowing(Runnable steps) {
        steps.run();
    }

    /** Agents made elsewhere that could not be loaded here, as "name/template"; forgotten once they are deleted. */
    private final java.util.Set<String> unloadable = new java.util.HashSet<>();

    /**
     * Brings this instance's agents in line with the stored definitions, changed through another instance sharing the
     * database: new ones are registered, deleted ones removed (their folder here with them), and each runs or not as
     * its definition says. Synchronised with {@link #create} and {@link #delete}, whose own steps it must not see half done.
     */
    public synchronized void follow() {
        List<AgentDefinition> stored = QuarkusTransaction.requiringNew().call(() -> AgentDefinition.<AgentDefinition>listAll());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (AgentDefinition d : stored) {
            names.add(d.name);
            if (ruleSets.exists(d.name)) {
                if (ruleSets.plugin(d.name).isEmpty() && ruleSets.enabled(d.name) != d.enabled) {
                    ruleSets.setEnabled(d.name, d.enabled);
                    LOG.infof("agent %s was %s on another instance", d.name, d.enabled ? "enabled" : "disabled");
                }
                continue;
            }
            String seen = d.name + "/" + d.template;
            if (unloadable.contains(seen)) {
                continue;
            }
            try {
                ruleSets.register(agentOf(d.name, d.template), d.enabled);
                LOG.infof("agent %s was made on another instance; it runs here now", d.name);
            } catch (RuntimeException e) {
                // said once, not at every poll: tried again when the agent is made anew or at the next start
                unloadable.add(seen);
                LOG.errorf("agent %s (template %s), made on another instance, cannot be loaded: %s", d.name, d.template,
                        e.getMessage());
            }
        }
        unloadable.removeIf(seen -> !names.contains(seen.substring(0, seen.lastIndexOf('/'))));
        for (Agent agent : List.copyOf(ruleSets.agents())) {
            if (ruleSets.plugin(agent.name()).isEmpty() && !names.contains(agent.name())) {
                ruleSets.uninstall(agent.name());
                LOG.infof("agent %s was deleted on another instance; it is gone here too", agent.name());
            }
        }
    }

    /**
     * Creates an agent: its files are compiled first and only if they compile is anything stored; then its definition
     * and the change are stored, its files written and its first version activated.
     */
    public synchronized RuleSet create(NewAgent request, String user) {
        if (request == null) {
            throw new InvalidRequestException("the body needs \"name\", \"template\" and \"files\"", "/");
        }
        String name = checkName(request.name());
        String template = request.template() == null ? AgentDefinition.CUSTOM : request.template();
        if (ruleSets.exists(name)) {
            throw new AgentConflictException("an agent named '" + name + "' exists"
                    + (ruleSets.plugin(name).isPresent() ? " (a plug-in agent)" : ""));
        }
        Agent agent = agentOf(name, template);
        List<RuleFile> files = files(request.files(), template);
        CompiledRuleSet compiled = ruleSets.compileNew(agent, files);
        String detail = "template " + template + ", files " + files.stream().map(RuleFile::name).toList();
        long change = QuarkusTransaction.requiringNew().call(() -> {
            AgentDefinition d = new AgentDefinition();
            d.name = name;
            d.template = template;
            d.enabled = true;
            d.createdBy = user;
            d.createdAt = Instant.now();
            d.persist();
            AgentChange created = AgentChange.of(name, AgentChange.CREATE, detail, user);
            created.persist();
            return created.id;
        });
        try {
            return ruleSets.install(agent, compiled, RuleSetVersion.SOURCE_CREATE, "agent created from template " + template, user);
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                AgentDefinition.deleteById(name);
                AgentChange.deleteById(change);
            });
            throw e;
        }
    }

    public synchronized Defined setEnabled(String name, boolean enabled, String user) {
        AgentDefinition d = defined(name);
        if (d.enabled != enabled) {
            QuarkusTransaction.requiringNew().run(() -> {
                AgentDefinition stored = AgentDefinition.findById(name);
                stored.enabled = enabled;
                AgentChange.of(name, enabled ? AgentChange.ENABLE : AgentChange.DISABLE, null, user).persist();
            });
            ruleSets.setEnabled(name, enabled);
            d.enabled = enabled;
        }
        return Defined.of(d);
    }

    /**
     * Deletes an agent made through the API: it stops running and its folder is removed; with {@code purgeLogs} its
     * runs, firings, findings, feedback, proposals and versions go too, else they stay readable under its name.
     *
     * @return the rows purged by kind (empty when the logs are kept)
     */
    public synchronized Map<String, Integer> delete(String name, boolean purgeLogs, String user) {
        defined(name);
        ruleSets.uninstall(name);
        Map<String, Integer> purged = purgeLogs ? purge.purge(name) : Map.of();
        QuarkusTransaction.requiringNew().run(() -> {
            AgentDefinition.deleteById(name);
            AgentChange.of(name, AgentChange.DELETE, purgeLogs ? "logs purged: " + purged : "logs kept", user).persist();
        });
        return purged;
    }

    public List<Defined> defined() {
        return QuarkusTransaction.requiringNew().call(() -> AgentDefinition.<AgentDefinition>list("order by name"))
                .stream().map(Defined::of).toList();
    }

    /** The recorded changes, newest first, of one agent or of all (agent null). */
    public List<AgentChange> changes(String agent, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> agent == null
                ? AgentChange.<AgentChange>find("order by id desc").page(0, limit).list()
                : AgentChange.<AgentChange>find("agent = ?1 order by id desc", agent).page(0, limit).list());
    }

    private AgentDefinition defined(String name) {
        AgentDefinition d = QuarkusTransaction.requiringNew().call(() -> AgentDefinition.<AgentDefinition>findById(name));
        if (d == null) {
            if (ruleSets.plugin(name).isPresent()) {
                throw new AgentConflictException("'" + name + "' is a plug-in agent; only agents made through the API "
                        + "can be disabled or deleted");
            }
            throw new UnknownAgentException(name);
        }
        return d;
    }

    /** The agent a template makes: one that declares its own fact types, or one that reads a plug-in's. */
    private Agent agentOf(String name, String template) {
        if (template.equals(AgentDefinition.CUSTOM)) {
            return new DeclaredAgent(name);
        }
        return ruleSets.plugin(template).map(plugin -> (Agent) new TemplatedAgent(name, plugin))
                .orElseThrow(() -> new InvalidRequestException("unknown template '" + template + "'; one of "
                        + templates(), "/template"));
    }

    private TreeSet<String> templates() {
        TreeSet<String> names = new TreeSet<>();
        names.add(AgentDefinition.CUSTOM);
        ruleSets.agents().stream().map(Agent::name).filter(n -> ruleSets.plugin(n).isPresent()).forEach(names::add);
        return names;
    }

    private static String checkName(String name) {
        if (name == null || name.length() < 2 || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("an agent's name has 2 to " + MAX_NAME + " characters: lower-case letters, "
                    + "digits and single hyphens between them, starting with a letter (such as \"billing-checks\")", "/name");
        }
        return name;
    }

    /** The request's files, or the template's active rules when none are given for a plug-in template. */
    private List<RuleFile> files(Map<String, String> given, String template) {
        if (given == null || given.isEmpty()) {
            if (template.equals(AgentDefinition.CUSTOM)) {
                throw new InvalidRequestException("a custom agent needs its rule files in \"files\", such as "
                        + "{\"rules.drl\": \"package ...\"}", "/files");
            }
            return ruleSets.activeIfAny(template).map(rs -> rs.compiled().files()).filter(f -> !f.isEmpty())
                    .orElseThrow(() -> new InvalidRequestException("the template '" + template
                            + "' has no active rules to start from; give the agent's files", "/files"));
        }
        List<RuleFile> files = new ArrayList<>();
        for (Map.Entry<String, String> file : given.entrySet()) {
            try {
                RuleFileName.checkUpload(file.getKey());
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException(e.getMessage(), "/files/" + file.getKey());
            }
            if (file.getValue() == null || file.getValue().isBlank()) {
                throw new InvalidRequestException("the file '" + file.getKey() + "' is empty", "/files/" + file.getKey());
            }
            if (file.getValue().indexOf('\0') >= 0) {
                throw new InvalidRequestException("the file '" + file.getKey() + "' holds a NUL character", "/files/" + file.getKey());
            }
            files.add(new RuleFile(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return files;
    }
}
