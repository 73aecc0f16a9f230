package io.log2.agents.awsusage.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learn-and-score command on two labelled NAB series. */
class LearnAndScoreTest {

    private static final String FOLDER = "src/test/resources/data/nab-labelled";
    private static final Pattern STANDARD = Pattern.compile("NAB standard: (-?[0-9.]+)");

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, LearnAndScore.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> alerts(Path file) throws Exception {
        return new ObjectMapper().readValue(file.toFile(), new TypeReference<>() { });
    }

    @Test
    void learnsOnOneFolderAndWritesTheAlertsOfAnotherWithItsScore(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("alerts.json");
        String printed = run("--train", FOLDER, "--apply", FOLDER, "--out", out.toString());

        Map<String, List<String>> alerts = alerts(out);
        assertEquals(Set.of("ec2_cpu_utilization_24ae8d.csv", "rds_cpu_utilization_cc0c53.csv"), alerts.keySet());
        assertFalse(alerts.values().stream().allMatch(List::isEmpty), printed);
        for (Map.Entry<String, List<String>> e : alerts.entrySet()) {
            List<String> rows = Files.readAllLines(Path.of(FOLDER, e.getKey())).stream().skip(1).map(l -> l.split(",")[0]).toList();
            assertTrue(rows.containsAll(e.getValue()), "every alert is at a row of " + e.getKey());
        }
        Matcher score = STANDARD.matcher(printed);
        assertTrue(score.find(), printed);
        assertTrue(Double.parseDouble(score.group(1)) > 0, printed);
        assertTrue(printed.contains("thresholds learned"), printed);
    }

    @Test
    void aFolderWithoutWindowsGetsAlertsAndNoScore(@TempDir Path tmp) throws Exception {
        Path unlabelled = Files.createDirectory(tmp.resolve("unlabelled"));
        Files.copy(Path.of(FOLDER, "rds_cpu_utilization_cc0c53.csv"), unlabelled.resolve("rds_cpu_utilization_cc0c53.csv"));
        Path out = tmp.resolve("alerts.json");
        String printed = run("--train", FOLDER, "--apply", unlabelled.toString(), "--out", out.toString(), "--learner", "anomaly-score");
        assertEquals(Set.of("rds_cpu_utilization_cc0c53.csv"), alerts(out).keySet());
        assertFalse(printed.contains("NAB standard"), printed);
    }

    @Test
    void theStaticBaselineIsTheShippedRules(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("static.json");
        run("--baseline", "static", "--apply", FOLDER, "--out", out.toString());
        // EC2 CPU above 80% (MetricThresholds_11) is the one shipped row for these series: RDS CPU has none.
        assertEquals(List.of(), alerts(out).get("rds_cpu_utilization_cc0c53.csv"));
        List<String> lines = Files.readAllLines(Path.of(FOLDER, "ec2_cpu_utilization_24ae8d.csv"));
        boolean before = false;
        int openings = 0;
        for (String line : lines.subList(1, lines.size())) {
            boolean above = Double.parseDouble(line.split(",")[1]) > 80;
            openings += above && !before ? 1 : 0;
            before = above;
        }
        assertEquals(openings, alerts(out).get("ec2_cpu_utilization_24ae8d.csv").size(), "one alert per breach");
    }

    @Test
    void badArgumentsAndFoldersAreRefusedWithWhatWasWrong(@TempDir Path tmp) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("--train", FOLDER)).getMessage().contains("--apply is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("--train", FOLDER, "--apply", FOLDER, "--learner", "oracle"))
                .getMessage().contains("no learner 'oracle'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("--bogus", "1")).getMessage().contains("unknown option --bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("--train", tmp.toString(), "--apply", FOLDER))
                .getMessage().contains("no *.csv series"));
        Path badWindow = Files.createDirectory(tmp.resolve("bad"));
        Files.copy(Path.of(FOLDER, "rds_cpu_utilization_cc0c53.csv"), badWindow.resolve("rds_cpu_utilization_cc0c53.csv"));
        Files.writeString(badWindow.resolve("windows.json"), "{\"rds_cpu_utilization_cc0c53.csv\": [[\"2014-02-24 22:51:00\", \"2014-02-25 15:35:00\"]]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("--train", badWindow.toString(), "--apply", FOLDER))
                .getMessage().contains("is not the timestamp of a row of the file"));
    }
}
