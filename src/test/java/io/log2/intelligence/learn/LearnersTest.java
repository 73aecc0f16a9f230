package io.log2.intelligence.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.intelligence.Alerts;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.Learned;
import io.log2.intelligence.LearnedTable;
import io.log2.intelligence.Learner;
import io.log2.intelligence.Learners;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.Signal;
import io.log2.intelligence.Training;
import io.log2.agents.awsusage.eval.LabelledFolder;
import io.log2.agents.awsusage.eval.RuleAlerts;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.NabScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The learners on two labelled NAB series (src/test/resources/data/nab-labelled). */
class LearnersTest {

    private static final Path FOLDER = Path.of("src/test/resources/data/nab-labelled");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Set<String> FEATURE_COLUMNS = java.util.Arrays.stream(Signal.Feature.values())
            .flatMap(f -> java.util.stream.Stream.of(f.column(true), f.column(false))).collect(Collectors.toSet());

    private static List<LabelledFolder.SeriesFile> files;
    private static Training training;

    @BeforeAll
    static void read() throws Exception {
        files = LabelledFolder.read(FOLDER);
        training = new Training(files.stream().map(LabelledFolder.SeriesFile::series).toList());
    }

    @Test
    void bothLearnersAreFoundAsServices() {
        assertEquals(List.of("anomaly-score", "thresholds"), Learners.loaded().stream().map(Learner::name).toList());
    }

    @Test
    void thresholdRowsTestFeaturesOnlyAndBeatNeverFiringOnTheirTrainingSeries() throws Exception {
        Learned learned = new ThresholdLearner().learn(training);
        checkRows(learned, "thresholds");
    }

    @Test
    void anomalyScoreRowThresholdsTheScore() throws Exception {
        Learned learned = new AnomalyScoreLearner().learn(training);
        checkRows(learned, "anomaly-score");
        assertEquals(1, learned.rows().size());
        assertEquals(Set.of("Score above", "Recent score at most"), learned.rows().get(0).cells().keySet().stream()
                .filter(FEATURE_COLUMNS::contains).collect(Collectors.toSet()));
    }

    private static void checkRows(Learned learned, String learner) throws Exception {
        assertFalse(learned.rows().isEmpty(), "these series have incidents a row can find");
        assertTrue(learned.rows().size() <= 20);
        Learned.Evidence e = learned.evidence();
        assertEquals(learner, e.learner());
        assertEquals(2, e.series());
        assertEquals(8064, e.samples()); // 4032 rows in each file
        // the windows cover rows 3447..3647 and 3677..3877 of the EC2 file, 2980..3180 and 3479..3679 of the RDS one
        assertEquals(4 * 201, e.anomalousSamples());
        assertEquals("2014-02-14T14:30:00Z..2014-02-28T14:30:00Z", e.trainingWindow());
        assertTrue(e.trainingNab() > 0, "better than never firing: " + e.trainingNab());
        for (RowChange row : learned.rows()) {
            assertEquals(RowChange.Kind.ADD, row.kind());
            assertEquals(LearnedTable.FILE, row.file());
            assertEquals(LearnedTable.TABLE, row.table());
            assertTrue(row.cells().get("Provenance").contains("learner " + learner + ", training window " + e.trainingWindow()));
            row.cells().forEach((column, text) -> {
                if (FEATURE_COLUMNS.contains(column)) {
                    assertTrue(NUMBER.matcher(text).matches(), column + " holds a number, not " + text);
                }
            });
            for (LabelledFolder.SeriesFile f : files) {
                assertFalse(row.cells().values().stream().anyMatch(v -> v.contains(f.series().name().replace(".csv", ""))),
                        "no series is named in a row");
            }
        }
        // The rows fire in Drools where the learner's reading of them raises alerts, and score what it said.
        RuleAlerts rules = RuleAlerts.compile(Path.of("rules/aws-usage"), learned.rows());
        Set<String> ids = learned.rows().stream().map(RowChange::rowId).collect(Collectors.toSet());
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        List<boolean[]> detected = new ArrayList<>();
        List<NabScorer.FileRows> rows = new ArrayList<>();
        List<Signal> signals = learned.rows().stream().map(LearnersTest::signal).toList();
        for (LabelledFolder.SeriesFile f : files) {
            LabelledSeries s = f.series();
            boolean[] drools = rules.alerts(s.features(), rule -> ids.contains(rule.name()));
            assertArrayEquals(Alerts.raised(s.features(), signals), drools, f.name());
            detected.add(drools);
            rows.add(scorer.file(s.size(), s.windows()));
        }
        assertEquals(e.trainingNab(), scorer.score(rows, detected).nab(), 1e-9);
    }

    /** A row read back from its cells, as Drools reads the table. */
    private static Signal signal(RowChange row) {
        List<Signal.Bound> bounds = new ArrayList<>();
        for (Signal.Feature f : Signal.Feature.values()) {
            for (boolean above : new boolean[] {true, false}) {
                String text = row.cells().get(f.column(above));
                if (text != null) {
                    bounds.add(new Signal.Bound(f, above, Double.parseDouble(text)));
                }
            }
        }
        return new Signal(bounds);
    }
}
