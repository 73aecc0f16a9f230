package io.log2.agents.terraform.pipeline;

import io.log2.imports.ImportRejectedException;
import io.log2.logic.Finding;
import io.log2.logic.RuleSetRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/plan-check.sh <plan.json> [--severity high] [--sarif out.sarif] [--junit out.xml] [--rules dir]
 * [--region us-east-1]}: checks a plan in-process with the terraform agent's rules, prints the findings (most severe
 * first) and exits 0 when none is at or above the severity (default {@code high}), 1 when one is, 2 when the plan or
 * the rules cannot be read or the arguments are wrong. Nothing is logged to the service's database.
 */
public final class PlanCheckCommand {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int UNREADABLE = 2;

    private static final long MAX_BYTES = 1L << 30;

    private PlanCheckCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path plan = null;
        Path sarif = null;
        Path junit = null;
        Path rules = Path.of("rules", "terraform");
        String region = "us-east-1";
        Severity failAt = Severity.HIGH;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--severity" -> failAt = Severity.of(value(args, ++i, a));
                    case "--sarif" -> sarif = Path.of(value(args, ++i, a));
                    case "--junit" -> junit = Path.of(value(args, ++i, a));
                    case "--rules" -> rules = Path.of(value(args, ++i, a));
                    case "--region" -> region = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("--") || plan != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        plan = Path.of(a);
                    }
                }
            }
            if (plan == null) {
                throw new IllegalArgumentException("name the plan file");
            }
        } catch (IllegalArgumentException e) {
            err.println("plan-check: " + e.getMessage());
            err.println("usage: plan-check.sh <plan.json> [--severity low|medium|high|critical] [--sarif out.sarif] [--junit out.xml]"
                    + " [--rules dir] [--region name]");
            return UNREADABLE;
        }
        PlanCheck check;
        try {
            check = PlanCheck.fromFolder(rules, region, MAX_BYTES);
        } catch (RuleSetRejectedException e) {
            err.println("plan-check: the rules in " + rules + " do not compile:");
            e.problems().forEach(p -> err.println("  " + p.file() + (p.row() != null ? " row " + p.row() : p.line() != null ? " line " + p.line() : "")
                    + ": " + p.reason()));
            return UNREADABLE;
        } catch (UncheckedIOException e) {
            err.println("plan-check: cannot read the rules in " + rules + ": " + e.getMessage());
            return UNREADABLE;
        }
        PlanCheck.Result result;
        try (InputStream in = Files.newInputStream(plan)) {
            result = check.check(plan.getFileName().toString(), in);
        } catch (ImportRejectedException e) {
            err.println("plan-check: " + plan + " refused (" + e.status() + ", " + e.where() + "): " + e.getMessage());
            return UNREADABLE;
        } catch (NoSuchFileException e) {
            err.println("plan-check: no such file: " + plan);
            return UNREADABLE;
        } catch (IOException | UncheckedIOException e) {
            err.println("plan-check: cannot read " + plan + ": " + e.getMessage());
            return UNREADABLE;
        }
        List<Finding> findings = result.findings().stream()
                .sorted(Comparator.comparing((Finding f) -> Severity.of(f)).reversed().thenComparing(Finding::rule)
                        .thenComparing(f -> String.valueOf(f.resource())))
                .toList();
        Severity threshold = failAt;
        long failing = findings.stream().filter(f -> Severity.of(f).atLeast(threshold)).count();
        var s = result.summary();
        out.printf(Locale.ROOT, "%s: format %s, Terraform %s, %d changes (%d create, %d update, %d delete, %d replace, %d read, %d no-op)%n",
                plan, s.formatVersion(), s.terraformVersion(), s.changes(), s.creates(), s.updates(), s.deletes(), s.replaces(),
                s.reads(), s.noOps());
        for (Finding f : findings) {
            out.printf(Locale.ROOT, "%-8s %-45s %s%n", f.severity().toUpperCase(Locale.ROOT), f.rule(), f.message());
        }
        if (result.abortedBecause() != null) {
            err.println("plan-check: the run was stopped: " + result.abortedBecause());
        }
        out.printf(Locale.ROOT, "%d findings, %d at or above %s%n", findings.size(), failing, failAt.name().toLowerCase(Locale.ROOT));
        try {
            if (sarif != null) {
                SarifReport.write(sarif, plan.toString(), findings);
            }
            if (junit != null) {
                JUnitReport.write(junit, plan.toString(), check.ruleNames(), findings, failAt);
            }
        } catch (IOException e) {
            err.println("plan-check: cannot write a report: " + e.getMessage());
            return UNREADABLE;
        }
        return failing > 0 || result.abortedBecause() != null ? FAILED : PASSED;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
