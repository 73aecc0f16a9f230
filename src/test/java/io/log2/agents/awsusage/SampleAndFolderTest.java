package io.log2.agents.awsusage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
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

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("done").resolve(series.getFileName()))
                && Files.exists(dir.resolve("failed").resolve(garbage.getFileName() + ".error.txt")));
        assertTrue(metricRows(resource) == 2, "both samples stored");
        assertTrue(!Files.exists(series) && !Files.exists(garbage));
        assertTrue(Files.readString(dir.resolve("failed").resolve(garbage.getFileName() + ".error.txt")).length() > 10);
    }
}
