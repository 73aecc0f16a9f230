package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rule files that would harm the service (run a process, exit, touch files, the network, the environment, the CDI
 * container, reflection, threads; through a consequence, a constraint, a {@code from}, metadata, a function, an
 * MVEL consequence, a decision-table cell) are refused with 422 naming file, line or row, and reason; nothing of them
 * is activated or written. Each file in {@code src/test/resources/rules/hostile} says on its first line (a DRL
 * comment, or a table's Notes row) where and why it must be refused.
 * The API refuses every such file the same way; {@code RuleSandboxTest} checks all of them against the compiler.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class HostileRulesTest {

    private static final Path HOSTILE = Path.of("src/test/resources/rules/hostile");
    private static final Pattern EXPECTED = Pattern.compile("refused at (line|row) (\\d+): ([^,\\n]+)");
    private static final String TABLE = "thresholds.drl.xlsx";

    @AfterEach
    void restoreShippedRules() throws IOException {
        Path folder = folder();
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                if (!Files.exists(Path.of("rules/aws-usage").resolve(p.getFileName()))) {
                    Files.delete(p);
                }
            }
        }
        RulesFolderResource.copy(Path.of("rules/aws-usage"), folder);
        List<String> shipped;
        try (var files = Files.list(Path.of("rules/aws-usage"))) {
            shipped = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonPath agent = agent();
            return agent.get("error") == null
                    && shipped.equals(agent.getList("activeVersion.files", String.class).stream().sorted().toList());
        });
    }

    /**
     * One file for each way in: a Java consequence, a function, an MVEL constraint, a {@code from}, an MVEL
     * consequence, the CDI container, a decision-table cell. {@code RuleSandboxTest} compiles every hostile file.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exit.drl", "mvel-constraint.drl", "getenv-message.drl", "mvel-consequence.drl",
            "arc-container.drl", "table-kind.drl.csv"})
    void anUploadedHostileFileIsRefusedAndNothingIsActivated(String name) throws IOException {
        byte[] content = Files.readAllBytes(HOSTILE.resolve(name));
        Matcher expected = EXPECTED.matcher(new String(content, StandardCharsets.UTF_8));
        assertTrue(expected.find(), name + " says where and why it is refused");
        int active = activeVersion();
        int versions = versionCount();

        JsonPath problem = Api.editor().contentType("application/octet-stream").body(content)
                .put("/api/agents/aws-usage/files/" + name).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].file", equalTo(name))
                .body("errors.reason", org.hamcrest.Matchers.hasItem(containsString(expected.group(3).trim())))
                .extract().jsonPath();
        int at = Integer.parseInt(expected.group(2));
        if (expected.group(1).equals("line")) {
            assertEquals(at, problem.getInt("errors[0].line"), problem.prettify());
        } else {
            assertEquals(at, problem.getInt("errors[0].row"), problem.prettify());
        }

        assertEquals(active, activeVersion());
        assertEquals(versions, versionCount());
        assertFalse(Files.exists(folder().resolve(name)), "a refused upload is not written to the folder");
        assertEquals(1, runCpu(93.0).getList("findings").size(), "the running rules still work");
    }

    @Test
    void aSpreadsheetCellWithHostileCodeIsRefusedWithItsRow() throws IOException {
        int active = activeVersion();
        byte[] shipped = Files.readAllBytes(Path.of("rules/aws-usage", TABLE));
        String reason = "System (java.lang.System) is not allowed";
        // the Measure cell of the EC2 CPU row (sheet row 11); RuleSandboxTest tries the Only when and Kind cells too
        Api.editor().contentType("application/octet-stream").body(RuleEditingTest.withCell(shipped, 10, 5, "System.getenv().size()"))
                .put("/api/agents/aws-usage/files/" + TABLE).then().statusCode(422)
                .body("errors[0].file", equalTo(TABLE))
                .body("errors[0].row", equalTo(11))
                .body("errors[0].reason", containsString(reason));
        assertEquals(active, activeVersion());
        assertTrue(java.util.Arrays.equals(shipped, Files.readAllBytes(folder().resolve(TABLE))));
    }

    @Test
    void aHostileFileSavedInTheFolderIsRefusedAndTheRunningVersionStays() throws IOException {
        int active = activeVersion();
        Files.copy(HOSTILE.resolve("runtime-exec.drl"), folder().resolve("runtime-exec.drl"));
        await().atMost(Duration.ofSeconds(120)).until(() -> agent().get("error") != null);
        JsonPath agent = agent();
        assertEquals("runtime-exec.drl", agent.getString("error.problems[0].file"));
        assertEquals(6, agent.getInt("error.problems[0].line"));
        assertTrue(agent.getString("error.problems[0].reason").contains("java.lang.Runtime.getRuntime is not allowed"),
                agent.getString("error.problems[0].reason"));
        assertEquals(active, activeVersion());
        assertEquals(1, runCpu(93.0).getList("findings").size());
    }

    @Test
    void rulesThatStayInsideTheSandboxAreAccepted() {
        String drl = String.join("\n",
                "package io.log2.rules.allowed",
                "import io.log2.agents.awsusage.MetricSample",
                "import java.util.*",
                "global io.log2.logic.Findings findings",
                "function double percent(double part, double whole) { return whole == 0 ? 0 : part * 100 / whole; }",
                "rule \"Busy hour\" @severity(\"low\") @category(\"performance\") @message(\"{resource}: {label}\")",
                "when",
                "    $m : MetricSample( metric == \"CPUUtilization\", value > 95, resource.startsWith(\"i-allowed\") )",
                "    $n : Number() from accumulate( MetricSample( resource == $m.resource(), $v : value ), sum($v) )",
                "    $all : List() from collect( MetricSample( resource == $m.resource() ) )",
                "then",
                "    Map<String, Integer> counts = new TreeMap<>();",
                "    for (Object o : $all) { counts.merge(((MetricSample) o).resource(), 1, Integer::sum); }",
                "    String label = String.format(\"%.1f%% at %s\", percent($m.value(), 100), java.time.LocalDate.of(2026, 11, 20));",
                "    try { Integer.parseInt(label); } catch (NumberFormatException e) { label = label.trim(); }",
                "    findings.alert(kcontext, $m, $n, counts.size());",
                "end");
        int active = activeVersion();
        Api.editor().contentType("application/octet-stream").body(drl.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/allowed.drl").then().statusCode(200);
        assertTrue(activeVersion() > active);
        JsonPath result = runCpu(97.0);
        List<String> rules = result.getList("findings.rule");
        assertTrue(rules.contains("Busy hour"), rules.toString());
    }

    private static JsonPath runCpu(double value) {
        return Api.editor().contentType("application/json").body(run(ec2Cpu("i-allowed-1", value)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static Path folder() {
        return RulesFolderResource.rulesDir().resolve("aws-usage");
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }

    private static int versionCount() {
        return Api.viewer().get("/api/agents/aws-usage/versions").jsonPath().getList("$").size();
    }
}
