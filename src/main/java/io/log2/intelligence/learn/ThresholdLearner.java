package io.log2.intelligence.learn;

import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.Learned;
import io.log2.intelligence.Learner;
import io.log2.intelligence.Signal;
import io.log2.intelligence.Training;
import io.log2.intelligence.Sample;
import io.log2.intelligence.score.NabScorer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.data.vector.IntVector;

/**
 * Thresholds on features that separate labelled incidents from the rest. A CART tree (Smile, Gini, depth
 * {@value #DEPTH}) is grown on the samples after each series' probation, labelled anomalous inside a window; every
 * root-to-leaf path to a leaf where anomalies are at least twice as frequent as overall is a candidate row (the
 * path's bounds), and so is each of the score, long z, change z and short z above or below a high quantile of its values, alone
 * or crossing it after a quiet while (its recent magnitude within the same value), or beyond a level on a value
 * the series has not reached for four hours to a week ({@link #unseenFor}, a learned hold-off). Rows are then chosen
 * among the candidates by the NAB score they reach on the training series (see {@link Candidates}), because the tree
 * separates samples while the benchmark rewards the first alert of each incident and charges every false one.
 */
@ApplicationScoped
public class ThresholdLearner implements Learner {

    static final int DEPTH = 4;
    /** The recent maximum of the magnitude of each feature that has one. */
    private static final java.util.Map<Signal.Feature, Signal.Feature> CROSSINGS = new java.util.LinkedHashMap<>();
    /** The features the tree splits on: the sample's own (the recent maxima are tested only as "at most"). */
    private static final Signal.Feature[] TREE_FEATURES = {Signal.Feature.SHORT_Z, Signal.Feature.LONG_Z, Signal.Feature.CHANGE_Z, Signal.Feature.SCORE};
    private static final StructType SCHEMA = new StructType(java.util.Arrays.stream(TREE_FEATURES)
            .map(f -> new StructField(f.name(), DataTypes.DoubleType)).toList());

    static {
        CROSSINGS.put(Signal.Feature.SCORE, Signal.Feature.RECENT_SCORE);
        CROSSINGS.put(Signal.Feature.LONG_Z, Signal.Feature.RECENT_LONG_Z);
        CROSSINGS.put(Signal.Feature.CHANGE_Z, Signal.Feature.RECENT_CHANGE_Z);
    }
    /** The features single-feature candidates test: these and the short z, which has no recent maximum. */
    private static final Signal.Feature[] SINGLE = {Signal.Feature.SCORE, Signal.Feature.LONG_Z, Signal.Feature.CHANGE_Z, Signal.Feature.SHORT_Z};
    /** How long a value must not have been reached for an "unseen for" candidate: four hours to a week. */
    static final double[] UNSEEN_FOR = {48, 144, 288, 576, 1152, Sample.WEEK};
    private static final double[] UNSEEN_SCORE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5};
    private static final double[] UNSEEN_Z = {0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20};
    private static final double[] SCORE_STEPS = java.util.stream.IntStream.rangeClosed(4, 39).mapToDouble(i -> i / 4.0).toArray();
    private static final double[] Z_STEPS = java.util.stream.IntStream.rangeClosed(4, 40).mapToDouble(i -> i / 2.0).toArray();
    private static final double[] HIGH = {0.9, 0.95, 0.97, 0.98, 0.99, 0.993, 0.995, 0.997, 0.998, 0.999, 0.9995, 0.9998};

    @Override
    public String name() {
        return "thresholds";
    }

    @Override
    public Learned learn(Training training) {
        List<Signal> candidates = new ArrayList<>(treePaths(training));
        for (Signal.Feature feature : SINGLE) {
            Signal.Feature recent = CROSSINGS.get(feature);
            double[] values = Candidates.values(training, feature);
            if (values.length == 0) {
                continue;
            }
            List<double[]> levels = new ArrayList<>();
            for (double q : HIGH) {
                levels.add(new double[] {Candidates.quantile(values, q), Candidates.quantile(values, 1 - q)});
            }
            // and round levels, so that a good threshold between two quantiles is not missed
            double[] steps = feature == Signal.Feature.SCORE ? SCORE_STEPS : Z_STEPS;
            for (double step : steps) {
                levels.add(new double[] {step, -step});
            }
            for (double[] level : levels) {
                double high = level[0];
                double low = level[1];
                candidates.add(new Signal(List.of(new Signal.Bound(feature, true, high))));
                candidates.add(new Signal(List.of(new Signal.Bound(feature, false, low))));
                // The same threshold crossed after a quiet while: the feature's recent magnitude stayed within it.
                if (recent != null && high > 0) {
                    candidates.add(new Signal(List.of(new Signal.Bound(feature, true, high), new Signal.Bound(recent, false, high))));
                }
                if (recent != null && low < 0) {
                    candidates.add(new Signal(List.of(new Signal.Bound(feature, false, low), new Signal.Bound(recent, false, -low))));
                }
            }
            candidates.addAll(unseenFor(feature));
        }
        Candidates.Choice choice = new Candidates(training).choose(candidates.stream().distinct().toList());
        String reason = String.format(Locale.ROOT, "rows chosen among %d candidates (CART paths and feature quantiles) "
                + "for the NAB score they reach on the labelled history: %.1f", candidates.size(), choice.nab());
        return new Learned(LearnedRows.additions(name(), training, choice.rows(), reason),
                new Learned.Evidence(name(), training.window(), training.series().size(), training.samples(),
                        training.anomalousSamples(), choice.nab()));
    }

    /**
     * A feature beyond a level on a value the series has not reached for a while, a learned hold-off: a score above
     * it on a value the highest (or the lowest) for {@code n} samples, a z above it on the highest, below minus it on
     * the lowest, for {@code n} among {@link #UNSEEN_FOR}.
     */
    static List<Signal> unseenFor(Signal.Feature feature) {
        List<Signal> out = new ArrayList<>();
        boolean score = feature == Signal.Feature.SCORE;
        for (double level : score ? UNSEEN_SCORE : UNSEEN_Z) {
            for (double n : UNSEEN_FOR) {
                Signal.Bound high = new Signal.Bound(Signal.Feature.SINCE_AS_HIGH, true, n);
                Signal.Bound low = new Signal.Bound(Signal.Feature.SINCE_AS_LOW, true, n);
                out.add(new Signal(List.of(new Signal.Bound(feature, true, level), high)));
                out.add(new Signal(List.of(score ? new Signal.Bound(feature, true, level) : new Signal.Bound(feature, false, -level), low)));
            }
        }
        return out;
    }

    /** The CART paths to leaves with anomalies at least twice as frequent as in all samples. */
    static List<Signal> treePaths(Training training) {
        Signal.Feature[] features = TREE_FEATURES;
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (LabelledSeries s : training.series()) {
            for (int i = NabScorer.probation(s.size()); i < s.size(); i++) {
                Sample f = s.features().get(i);
                double[] row = new double[features.length];
                boolean complete = true;
                for (int j = 0; j < features.length; j++) {
                    Double v = features[j].of(f);
                    complete &= v != null;
                    row[j] = v == null ? 0 : v;
                }
                if (complete) {
                    x.add(row);
                    y.add(s.anomalous(i) ? 1 : 0);
                }
            }
        }
        long anomalies = y.stream().filter(v -> v == 1).count();
        if (anomalies == 0 || anomalies == y.size()) {
            return List.of();
        }
        String[] names = new String[features.length];
        for (int j = 0; j < features.length; j++) {
            names[j] = features[j].name();
        }
        DataFrame data = DataFrame.of(x.toArray(double[][]::new), names)
                .merge(IntVector.of("anomaly", y.stream().mapToInt(Integer::intValue).toArray()));
        DecisionTree tree = DecisionTree.fit(Formula.lhs("anomaly"), data, SplitRule.GINI, DEPTH, 1 << DEPTH, 20);
        int anomalyClass = -1;
        int[] classes = tree.classes();
        for (int k = 0; k < classes.length; k++) {
            if (classes[k] == 1) {
                anomalyClass = k;
            }
        }
        double baseRate = (double) anomalies / y.size();
        List<Signal> out = new ArrayList<>();
        walk(tree.root(), new ArrayList<>(), features, anomalyClass, baseRate, out);
        return out;
    }

    private static void walk(Node node, List<Signal.Bound> path, Signal.Feature[] features, int anomalyClass,
                             double baseRate, List<Signal> out) {
        if (node instanceof OrdinalNode split) {
            // Smile keeps the split value to itself; its description names it, with six significant digits.
            String text = split.toString(SCHEMA, true);
            double t = Double.parseDouble(text.substring(text.indexOf("<=") + 2));
            Signal.Feature f = features[split.feature()];
            List<Signal.Bound> left = new ArrayList<>(path);
            left.add(new Signal.Bound(f, false, t));
            walk(split.trueChild(), left, features, anomalyClass, baseRate, out);
            List<Signal.Bound> right = new ArrayList<>(path);
            right.add(new Signal.Bound(f, true, t));
            walk(split.falseChild(), right, features, anomalyClass, baseRate, out);
        } else if (node instanceof DecisionNode leaf && !path.isEmpty()) {
            int[] count = leaf.count();
            int total = 0;
            for (int c : count) {
                total += c;
            }
            if (anomalyClass >= 0 && total > 0 && count[anomalyClass] >= 5 && count[anomalyClass] > 2 * baseRate * total) {
                out.add(Signal.of(path));
            }
        } else if (node instanceof InternalNode other) {
            throw new IllegalStateException("unexpected split " + other.getClass().getSimpleName());
        }
    }
}
