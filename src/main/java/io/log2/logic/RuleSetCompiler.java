package io.log2.logic;

import io.log2.logic.check.ActionCheck;
import io.log2.logic.check.DeclarationCheck;
import io.log2.logic.check.GeneratedCodeCheck;
import io.log2.logic.check.MetadataCheck;
import io.log2.logic.check.RulePolicy;
import io.log2.logic.check.RuleSource;
import io.log2.logic.check.SourceCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles an agent's rule files at run time into a new, independent knowledge base (the classic build,
 * which keeps line numbers in errors and source paths on rules). Nothing is shared with the running
 * version, so a failed compile leaves it untouched.
 */
public final class RuleSetCompiler {

    private static final String RESOURCES = "src/main/resources/";
    /** A rule named in a compiler message: {@code rule "X"} or {@code [Rule name='X']}. */
    private static final Pattern RULE_IN_MESSAGE = Pattern.compile("rule [\"']([^\"']+)[\"']|Rule name='([^']+)'");
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern SEMICOLON_RULESET = Pattern.compile("(?im)^\\W*\"?RuleSet\"?;");

    private final ClassLoader classLoader;
    private final Function<String, Collection<? extends Class<?>>> factTypes;
    private final Predicate<String> declaresFactTypes;
    /** The actions rules may name, or null when they are not checked. */
    private final Set<String> actionNames;

    /**
     * @param factTypes each agent's fact types by agent name: the only service classes its rules may use
     */
    public RuleSetCompiler(ClassLoader classLoader, Function<String, Collection<? extends Class<?>>> factTypes) {
        this(classLoader, factTypes, name -> false);
    }

    /**
     * @param classLoader       the service's classes; the compiler remembers what it asked of them for as long as it
     *                          lives, unless the loader is one that remembers already ({@link KnownClasses})
     * @param factTypes         each agent's fact types by agent name: the only service classes its rules may use
     * @param declaresFactTypes whether an agent's rules declare fact types of their own ({@link Agent#declaresFactTypes()})
     */
    public RuleSetCompiler(ClassLoader classLoader, Function<String, Collection<? extends Class<?>>> factTypes,
                           Predicate<String> declaresFactTypes) {
        this(KnownClasses.over(classLoader), factTypes, declaresFactTypes, null);
    }

    private RuleSetCompiler(ClassLoader knownClasses, Function<String, Collection<? extends Class<?>>> factTypes,
                            Predicate<String> declaresFactTypes, Set<String> actionNames) {
        this.classLoader = knownClasses;
        this.factTypes = factTypes;
        this.declaresFactTypes = declaresFactTypes;
        this.actionNames = actionNames == null ? null : Set.copyOf(actionNames);
    }

    /** A compiler for one agent's rules. */
    public RuleSetCompiler(ClassLoader classLoader, Agent agent) {
        this(classLoader, name -> agent.factTypes().values(), name -> agent.declaresFactTypes());
    }

    /**
     * The same compiler, refusing a rule whose {@code findings.act(…)} names an action not in {@code known}
     * ({@link ActionCheck}).
     */
    public RuleSetCompiler checkingActions(Set<String> known) {
        return new RuleSetCompiler(classLoader, factTypes, declaresFactTypes, known);
    }

    /** Compiles the files or throws {@link RuleSetRejectedException} naming file, line or row, and reason. */
    public CompiledRuleSet compile(String agent, List<RuleFile> files) {
        if (files.isEmpty()) {
            throw new RuleSetRejectedException(agent, List.of(new RuleProblem(null, null, null,
                    "no rule files (*.drl, *.drl.xlsx, *.drl.xls, *.drl.csv) in the agent's folder")));
        }
        List<RuleProblem> semicolons = files.stream().filter(RuleSetCompiler::separatedBySemicolons)
                .map(f -> new RuleProblem(f.name(), null, null, "the cells of this CSV file are separated by ';', as Excel"
                        + " saves CSV in some languages, and Drools reads only ',': save it with ',' between cells"))
                .toList();
        if (!semicolons.isEmpty()) {
            throw new RuleSetRejectedException(agent, semicolons);
        }
        List<RuleFile> normalised = TableNormaliser.normalise(files);
        TableRows tableRows = TableRows.of(normalised);
        List<RuleProblem> dropped = tableRows.rowsAfterBlankRows();
        if (!dropped.isEmpty()) {
            throw new RuleSetRejectedException(agent, dropped);
        }
        RulePolicy policy = new RulePolicy(factTypes.apply(agent), declaresFactTypes.test(agent));
        List<RuleSource> sources = checkedSources(agent, normalised, policy, tableRows);
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.log2.rules", agent, "0.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (RuleFile file : normalised) {
            kfs.write(RESOURCES + agent + "/" + file.name(), file.content());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            KieBuilder builder;
            try {
                builder = ks.newKieBuilder(kfs, classLoader).buildAll();
            } catch (RuntimeException e) {
                // Unreadable spreadsheets make the table parser throw rather than report.
                throw new RuleSetRejectedException(agent, List.of(new RuleProblem(guessFile(e, files), null, null, rootMessage(e))));
            }
            List<RuleProblem> problems = new ArrayList<>();
            for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
                problems.add(toProblem(m, files, tableRows));
            }
            if (!problems.isEmpty()) {
                ks.getRepository().removeKieModule(releaseId);
                throw new RuleSetRejectedException(agent, problems);
            }
            checkGeneratedCode(agent, builder, sources, policy, ks, releaseId, tableRows);
            KieContainer container = ks.newKieContainer(releaseId, classLoader);
            KieBaseConfiguration configuration = ks.newKieBaseConfiguration(null, classLoader);
            configuration.setProperty("drools.consequenceExceptionHandler", ConsequenceErrorHandler.class.getName());
            KieBase kieBase = container.newKieBase(configuration);
            ks.getRepository().removeKieModule(releaseId);
            removeBlankRows(kieBase, tableRows);
            Map<Rule, RuleInfo> rules = describe(kieBase, tableRows);
            checkEveryFileHasRules(agent, files, rules, tableRows);
            boolean usesFindings = kieBase.getKiePackages().stream()
                    .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals("findings")));
            return new CompiledRuleSet(agent, RuleFolder.contentHash(files), files, kieBase, rules, usesFindings);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Reads every file as the engine will and checks, before the engine compiles or evaluates any part of it, that
     * its rules stay inside the sandbox ({@link SourceCheck}), that what they report fits the log ({@link MetadataCheck})
     * and, when the compiler knows the actions, that the actions they ask for exist ({@link ActionCheck}).
     */
    private List<RuleSource> checkedSources(String agent, List<RuleFile> files, RulePolicy policy, TableRows tableRows) {
        List<RuleSource> sources = new ArrayList<>();
        for (RuleFile file : files) {
            try {
                sources.add(RuleSource.read(file));
            } catch (RuntimeException e) {
                throw new RuleSetRejectedException(agent, List.of(new RuleProblem(file.name(), null, null, rootMessage(e))));
            }
        }
        List<RuleProblem> problems = new ArrayList<>();
        if (policy.allowsDeclarations()) {
            // first, so that every file may name the types any file declares
            new DeclarationCheck(policy, classLoader).check(sources).forEach(problems::add);
        }
        SourceCheck check = new SourceCheck(policy, classLoader, sources);
        ActionCheck actions = actionNames == null ? null : new ActionCheck(actionNames);
        for (RuleSource source : sources) {
            RuleFile file = source.file();
            check.check(source).forEach(p -> problems.add(withRow(p, file, tableRows)));
            new MetadataCheck().check(source).forEach(p -> problems.add(withRow(p, file, tableRows)));
            if (actions != null) {
                actions.check(source).forEach(p -> problems.add(withRow(p, file, tableRows)));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleSetRejectedException(agent, problems);
        }
        return sources;
    }

    /**
     * Checks the classes the engine compiled from the rules' code and makes them stoppable
     * ({@link GeneratedCodeCheck}); a refused build is dropped from the repository.
     */
    private static void checkGeneratedCode(String agent, KieBuilder builder, List<RuleSource> sources, RulePolicy policy,
                                           KieServices ks, ReleaseId releaseId, TableRows tableRows) {
        List<RuleProblem> problems = new GeneratedCodeCheck(policy).checkAndGuard(builder, sources);
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleSetRejectedException(agent, problems.stream().map(p -> withRow(p, tableRows)).toList());
        }
    }

    /** A decision table's problem names the sheet row of the line of DRL generated from it. */
    private static RuleProblem withRow(RuleProblem problem, RuleFile file, TableRows tableRows) {
        return file == null || !file.isDecisionTable() ? problem : withRow(problem, tableRows);
    }

    private static RuleProblem withRow(RuleProblem problem, TableRows tableRows) {
        if (problem.file() == null || problem.line() == null || problem.row() != null) {
            return problem;
        }
        Integer row = tableRows.rowAtLine(problem.file(), problem.line());
        return row == null ? problem : new RuleProblem(problem.file(), problem.line(), row, problem.reason());
    }

    /** Takes out the rules Drools made of blank table rows: no condition, no action, a firing in every run. */
    private static void removeBlankRows(KieBase kieBase, TableRows tableRows) {
        for (KiePackage pkg : List.copyOf(kieBase.getKiePackages())) {
            for (Rule rule : List.copyOf(pkg.getRules())) {
                String file = fileOf(rule);
                if (file != null && tableRows.blankRules(file).contains(rule.getName())) {
                    kieBase.removeRule(pkg.getName(), rule.getName());
                }
            }
        }
    }

    /** The name of the file a rule comes from, or null. */
    private static String fileOf(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            String path = impl.getResource().getSourcePath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return null;
    }

    private static Map<Rule, RuleInfo> describe(KieBase kieBase, TableRows tableRows) {
        Map<Rule, RuleInfo> rules = new IdentityHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                String file = fileOf(rule);
                rules.put(rule, new RuleInfo(rule.getName(), rule.getPackageName(), file, tableRow(rule, file, tableRows)));
            }
        }
        return rules;
    }

    /** A table rule's row comes from the table (its name is its id, which stays when the row moves); a DRL rule may state it in metadata. */
    private static Integer tableRow(Rule rule, String file, TableRows tableRows) {
        Object meta = rule.getMetaData().get("sourceRow");
        if (meta != null) {
            try {
                return Integer.valueOf(meta.toString());
            } catch (NumberFormatException ignored) {
                // fall through to the table
            }
        }
        if (file == null || file.endsWith(".drl")) {
            return null;
        }
        return tableRows.rowOf(file, rule.getName());
    }

    /**
     * A decision table must yield rules or at least hold a {@code RuleTable} (one without rows waits for rows, written
     * by a person or proposed by a learner): a file Drools reads no table from has a misspelt keyword or none.
     */
    private static void checkEveryFileHasRules(String agent, List<RuleFile> files, Map<Rule, RuleInfo> rules,
                                               TableRows tableRows) {
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleFile file : files) {
            boolean any = rules.values().stream().anyMatch(r -> file.name().equals(r.file()));
            if (file.isDecisionTable() && !any && !tableRows.hasTable(file.name())) {
                problems.add(new RuleProblem(file.name(), null, null,
                        "the decision table holds no rule table: it needs a RuleSet cell and a RuleTable"));
            }
        }
        if (rules.isEmpty() && problems.isEmpty()) {
            problems.add(new RuleProblem(null, null, null, "the rule set has no rules"));
        }
        if (!problems.isEmpty()) {
            throw new RuleSetRejectedException(agent, problems);
        }
    }

    /** A CSV decision table whose {@code RuleSet} cell is followed by ';' rather than ','. */
    private static boolean separatedBySemicolons(RuleFile file) {
        return file.isDecisionTable() && TableLayout.isCsv(file)
                && SEMICOLON_RULESET.matcher(new String(file.content(), StandardCharsets.UTF_8)).find();
    }

    private static RuleProblem toProblem(Message m, List<RuleFile> files, TableRows tableRows) {
        String file = m.getPath();
        if (file != null && file.lastIndexOf('/') >= 0) {
            file = file.substring(file.lastIndexOf('/') + 1);
        }
        Integer line = m.getLine() > 0 ? m.getLine() : null;
        Integer row = null;
        String text = m.getText() == null ? "" : m.getText().trim();
        if (file != null && !file.endsWith(".drl")) {
            Matcher rule = RULE_IN_MESSAGE.matcher(text);
            if (rule.find()) {
                row = tableRows.rowOf(file, rule.group(1) != null ? rule.group(1) : rule.group(2));
            }
            if (row == null && line != null) {
                row = tableRows.rowAtLine(file, line);
            }
        }
        if (file == null && files.size() == 1) {
            file = files.get(0).name();
        }
        return new RuleProblem(file, line, row, text);
    }

    private static String guessFile(RuntimeException e, List<RuleFile> files) {
        String text = String.valueOf(e.getMessage());
        return files.stream().map(RuleFile::name).filter(text::contains).findFirst()
                .orElse(files.stream().filter(RuleFile::isDecisionTable).map(RuleFile::name).findFirst().orElse(null));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
