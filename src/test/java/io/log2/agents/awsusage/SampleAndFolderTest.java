package io.log2.agents.awsusage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The bundled samples of a first start, and the watched import folder. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class SampleAndFolderTest {

    @Inject
    SampleData samples;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "log2.imports.dir")
    String importDir;

    private long metricRows(String resource) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM metric_history WHERE resource = ?")) {
            ps.setString(1, resource);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theBundledSamplesShowFindingsAtOnce() throws Exception {
        // Samples load on a first start, into an empty history; other tests here may have imported the same bill,
        // and rows stored again unchanged are not new. Forget them, as on a first start.
        try (Connection c = dataSource.getConnection(); PreparedStatement bill = c.prepareStatement(
                "DELETE FROM cost_history WHERE source = 'import:focus'");
             PreparedStatement cpu = c.prepareStatement("DELETE FROM metric_history WHERE resource = 'i-nab-ac20cd'")) {
            bill.executeUpdate();
            cpu.executeUpdate();
        }
        String runId = samples.load();
        JsonPath run = Api.viewer().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
        List<String> messages = run.getList("findings.message", String.class);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("EC2 CPU") && m.contains("on i-nab-ac20cd")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Cost anomaly on 2024-09-12")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Amazon Elastic Compute Cloud cost $")), messages.toString());
        theCpuSeriesIsOneFindingPerEpisodeNotOnePerSample(runId);
    }

    /** The runs of consecutive samples above 80% in the bundled series, counted from the file, and how it ends. */
    private record Episodes(List<Integer> lengths, boolean endsAbove) {
    }

    private static Episodes episodesOfTheBundledSeries() throws Exception {
        List<Integer> episodes = new ArrayList<>();
        boolean above = false;
        try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(SampleData.CPU);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line : reader.lines().skip(1).filter(l -> !l.isBlank()).toList()) {
                boolean now = Double.parseDouble(line.split(",")[1]) > 80.0;
                if (now && !above) {
                    episodes.add(0);
                }
                if (now) {
                    episodes.set(episodes.size() - 1, episodes.get(episodes.size() - 1) + 1);
                }
                above = now;
            }
        }
        return new Episodes(episodes, above);
    }

    /** Today's first start showed one finding per sample above 80% (457); it shows one per episode. */
    private static void theCpuSeriesIsOneFindingPerEpisodeNotOnePerSample(String runId) throws Exception {
        Episodes series = episodesOfTheBundledSeries();
        List<Integer> episodes = series.lengths();
        int breaches = episodes.stream().mapToInt(Integer::intValue).sum();
        assertTrue(breaches > episodes.size(), "the series holds its breaches: " + breaches + " in " + episodes);
        String resource = SampleData.CPU_SERIES.resource();
        Api.viewer().queryParam("run", runId).queryParam("resource", resource).queryParam("limit", 1000).get("/api/firings")
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(breaches));
        JsonPath findings = Api.viewer().queryParam("resource", resource).queryParam("limit", 1000).get("/api/findings")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(episodes.size(), findings.getList("items").size(), findings.prettify());
        List<Integer> counts = new ArrayList<>(findings.getList("items.count", Integer.class));
        java.util.Collections.reverse(counts);
        assertEquals(episodes, counts);
        List<String> states = findings.getList("items.state", String.class);
        assertEquals(series.endsAbove() ? "open" : "resolved", states.get(0), "the latest episode");
        assertTrue(states.subList(1, states.size()).stream().allMatch("resolved"::equals), states.toString());
    }

    @Test
    void aFileDroppedInTheImportFolderIsImportedAndMovedAside() throws Exception {
        Path dir = Path.of(importDir);
        Files.createDirectories(dir);
        String resource = "i-folder-" + System.nanoTime();
        Path series = dir.resolve("AWS.EC2--CPUUtilization--" + resource + ".csv");
        Files.writeString(series, "timestamp,value\n2026-11-20T10:00:00Z,93.5\n2026-11-20T10:05:00Z,12.0\n");
        Path garbage = dir.resolve("bill-" + resource + ".csv");
        Files.write(garbage, new byte[] {0x50, 0x4b, 3, 4, 0, 0, 0, 0, 1, 2, 3, 4});

        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(dir.resolve("done").resolve(series.getFileName()))
                && Files.exists(dir.resolve("failed").resolve(garbage.getFileName() + ".error.txt")));
        assertTrue(metricRows(resource) == 2, "both samples stored");
        assertTrue(!Files.exists(series) && !Files.exists(garbage));
        assertTrue(Files.readString(dir.resolve("failed").resolve(garbage.getFileName() + ".error.txt")).length() > 10);
    }
}
