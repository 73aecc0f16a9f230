package io.log2.agents.awsusage.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.Learned;
import io.log2.intelligence.LearnedTable;
import io.log2.intelligence.Learner;
import io.log2.intelligence.Learners;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.Training;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.NabScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Learns rows from one labelled folder and applies them to another: writes {@code {"file.csv": ["timestamp", ...]}}
 * with the alerts the learned rows raise firing in Drools, and prints the NAB score when the second folder has a
 * {@code windows.json}. Also scores the product's default static thresholds, a tuned z-score, and learning with
 * one file left out. See the README, "Measured quality".
 */
public final class LearnAndScore {

    private static final String USAGE = """
            usage: learn-and-score --train <folder> --apply <folder> [--out alerts.json] [--learner thresholds|anomaly-score]
                   learn-and-score --leave-one-out <folder> [--out alerts.json] [--learner ...]
                   learn-and-score --baseline static|zscore --apply <folder> [--out alerts.json]
              options: --rules <agent folder> (default rules/aws-usage), --profile standard|reward_low_FP_rate|reward_low_FN_rate""";

    private final PrintStream out;
    private final Path rules;
    private final NabProfile profile;

    LearnAndScore(PrintStream out, Path rules, NabProfile profile) {
        this.out = out;
        this.rules = rules;
        this.profile = profile;
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("learn-and-score: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the command; returns its exit status. */
    static int run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'\n" + USAGE);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Set<String> known = Set.of("train", "apply", "out", "learner", "leave-one-out", "baseline", "rules", "profile");
        for (String o : options.keySet()) {
            if (!known.contains(o)) {
                throw new IllegalArgumentException("unknown option --" + o + "\n" + USAGE);
            }
        }
        LearnAndScore command = new LearnAndScore(out, Path.of(options.getOrDefault("rules", "rules/aws-usage")),
                NabProfile.named(options.getOrDefault("profile", "standard")));
        Path alertsFile = options.containsKey("out") ? Path.of(options.get("out")) : null;
        Map<String, List<String>> alerts;
        if (options.containsKey("leave-one-out")) {
            alerts = command.leaveOneOut(folder(options.get("leave-one-out")), learner(options));
        } else if (options.containsKey("baseline")) {
            alerts = command.baseline(options.get("baseline"), folder(required(options, "apply")));
        } else {
            alerts = command.learnAndApply(folder(required(options, "train")), folder(required(options, "apply")), learner(options));
        }
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(alerts);
        if (alertsFile != null) {
            Files.writeString(alertsFile, json + "\n");
            out.println("alerts written to " + alertsFile);
        } else {
            out.println(json);
        }
        return 0;
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is missing\n" + USAGE);
        }
        return v;
    }

    private static Path folder(String path) {
        Path p = Path.of(path);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(path + " is not a folder");
        }
        return p;
    }

    private static Learner learner(Map<String, String> options) {
        String name = options.getOrDefault("learner", "thresholds");
        List<Learner> all = Learners.loaded();
        return all.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no learner '" + name + "' (" + all.stream().map(Learner::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** Learns from one folder, applies the rows to the other, prints the rows and, with windows, the score. */
    Map<String, List<String>> learnAndApply(Path train, Path apply, Learner learner) throws IOException {
        List<LabelledFolder.SeriesFile> training = LabelledFolder.read(train);
        if (!LabelledFolder.labelled(train)) {
            throw new IllegalArgumentException(train + " has no windows.json to learn from");
        }
        List<LabelledFolder.SeriesFile> target = LabelledFolder.read(apply);
        Learned learned = learner.learn(new Training(training.stream().map(LabelledFolder.SeriesFile::series).toList()));
        describe(learned);
        List<boolean[]> detected = learnedAlerts(learned.rows(), target);
        report("learned rows (" + learner.name() + ")", target, detected, LabelledFolder.labelled(apply));
        return timestamps(target, detected);
    }

    /** Learns on all files but one, applies the rows to that one, for every file; scores the alerts together. */
    Map<String, List<String>> leaveOneOut(Path folder, Learner learner) throws IOException {
        if (!LabelledFolder.labelled(folder)) {
            throw new IllegalArgumentException(folder + " has no windows.json");
        }
        List<LabelledFolder.SeriesFile> files = LabelledFolder.read(folder);
        List<boolean[]> detected = new ArrayList<>();
        for (LabelledFolder.SeriesFile left : files) {
            List<LabelledSeries> others = files.stream().filter(f -> f != left).map(LabelledFolder.SeriesFile::series).toList();
            Learned learned = learner.learn(new Training(others));
            detected.add(learnedAlerts(learned.rows(), List.of(left)).get(0));
            out.printf(Locale.ROOT, "left out %s: %d rows learned on the other %d files%n", left.name(), learned.rows().size(), others.size());
        }
        report("leave-one-out (" + learner.name() + ")", files, detected, true);
        return timestamps(files, detected);
    }

    /** The product's shipped rules over the samples, or the best plain z-score with hold-off on the folder itself. */
    Map<String, List<String>> baseline(String which, Path apply) throws IOException {
        List<LabelledFolder.SeriesFile> target = LabelledFolder.read(apply);
        List<boolean[]> detected = new ArrayList<>();
        switch (which) {
            case "static" -> {
                RuleAlerts shipped = RuleAlerts.compile(rules, List.of());
                for (LabelledFolder.SeriesFile f : target) {
                    detected.add(shipped.alerts(f.samples(), rule -> true));
                }
                report("default static thresholds", target, detected, LabelledFolder.labelled(apply));
            }
            case "zscore" -> {
                if (!LabelledFolder.labelled(apply)) {
                    throw new IllegalArgumentException("the z-score is tuned on the folder's windows: " + apply + " has no windows.json");
                }
                ZScore best = ZScore.tune(target.stream().map(LabelledFolder.SeriesFile::series).toList(), profile);
                out.printf(Locale.ROOT, "z-score: %s > %.2f, hold-off %d samples after an alert (tuned on the folder over the short, "
                        + "long and exponentially weighted means)%n", best.deviation(), best.threshold(), best.holdOff());
                for (LabelledFolder.SeriesFile f : target) {
                    detected.add(best.alerts(f.series().features()));
                }
                report("z-score with hold-off", target, detected, true);
            }
            default -> throw new IllegalArgumentException("no baseline '" + which + "' (static, zscore)");
        }
        return timestamps(target, detected);
    }

    private List<boolean[]> learnedAlerts(List<RowChange> rows, List<LabelledFolder.SeriesFile> target) throws IOException {
        Set<String> ids = rows.stream().map(RowChange::rowId).collect(Collectors.toSet());
        List<boolean[]> detected = new ArrayList<>();
        if (rows.isEmpty()) {
            target.forEach(f -> detected.add(new boolean[f.samples().size()]));
            return detected;
        }
        RuleAlerts learned = RuleAlerts.compile(rules, rows);
        for (LabelledFolder.SeriesFile f : target) {
            List<?> facts = f.series().features();
            detected.add(learned.alerts(facts, rule -> ids.contains(rule.name())));
        }
        return detected;
    }

    private void describe(Learned learned) {
        Learned.Evidence e = learned.evidence();
        out.printf(Locale.ROOT, "%s learned %d rows for %s/%s from %d series, %d samples (%d in windows), training window %s; "
                        + "NAB on the training series %.1f%n", e.learner(), learned.rows().size(), LearnedTable.FILE,
                LearnedTable.TABLE, e.series(), e.samples(), e.anomalousSamples(), e.trainingWindow(), e.trainingNab());
        for (RowChange r : learned.rows()) {
            out.println("  " + r.rowId() + ": " + r.cells().get("Rule"));
        }
    }

    private void report(String what, List<LabelledFolder.SeriesFile> files, List<boolean[]> detected, boolean labelled) {
        int alerts = 0;
        for (boolean[] d : detected) {
            for (boolean b : d) {
                alerts += b ? 1 : 0;
            }
        }
        out.printf(Locale.ROOT, "%s: %d alerts over %d files%n", what, alerts, files.size());
        if (!labelled) {
            return;
        }
        for (NabProfile p : NabProfile.ALL) {
            NabScorer scorer = new NabScorer(p);
            List<NabScorer.FileRows> rows = files.stream().map(f -> scorer.file(f.samples().size(), f.series().windows())).toList();
            NabScorer.CorpusScore score = scorer.score(rows, detected);
            out.printf(Locale.ROOT, "NAB %s: %.1f (raw %.3f, perfect %.0f, never firing %.0f)%s%n", p.name(), score.nab(),
                    score.raw(), score.perfect(), score.nothing(), p.equals(profile) ? "  <-" : "");
        }
    }

    private static Map<String, List<String>> timestamps(List<LabelledFolder.SeriesFile> files, List<boolean[]> detected) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int f = 0; f < files.size(); f++) {
            List<String> at = new ArrayList<>();
            boolean[] d = detected.get(f);
            for (int i = 0; i < d.length; i++) {
                if (d[i]) {
                    at.add(files.get(f).timestamps().get(i));
                }
            }
            out.put(files.get(f).name(), at);
        }
        return out;
    }
}
