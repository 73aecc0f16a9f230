package io.log2.agents.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.agents.terraform.pipeline.PlanCheckCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The pipeline command: its exit codes, and SARIF and JUnit files that parse and say what the findings say. */
class PlanCheckCommandTest {

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PlanCheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String plan(String name) {
        return Plans.DIR.resolve(name).toString();
    }

    @Test
    void findingsAtTheSeverityFailTheCheckAndTheReportsSaySo() throws Exception {
        Path sarif = dir.resolve("plan.sarif");
        Path junit = dir.resolve("plan.xml");
        Outcome o = run(plan("for-each-security-groups.json"), "--sarif", sarif.toString(), "--junit", junit.toString());

        // 30 AdminPorts findings (3 groups x 10 ports; 22, 3389, 23, 5985, 5986 are high) and 10 low tag findings
        assertEquals(PlanCheckCommand.FAILED, o.exit(), o.err());
        assertTrue(o.out().contains("40 findings, 15 at or above high"), o.out());
        assertTrue(o.out().contains("HIGH     AdminPorts_10"), o.out());

        JsonNode log = Plans.JSON.readTree(sarif.toFile());
        assertEquals("2.1.0", log.path("version").asText());
        JsonNode run = log.path("runs").path(0);
        JsonNode results = run.path("results");
        assertEquals(40, results.size());
        List<String> ruleIds = new ArrayList<>();
        run.path("tool").path("driver").path("rules").forEach(r -> ruleIds.add(r.path("id").asText()));
        // AdminPorts_10 … _19 and RequiredTags_10, _11
        assertEquals(12, ruleIds.size());
        JsonNode first = results.path(0);
        assertEquals("AdminPorts_10", first.path("ruleId").asText());
        assertEquals("AdminPorts_10", ruleIds.get(first.path("ruleIndex").asInt()));
        assertEquals("error", first.path("level").asText());
        assertEquals("module.sg[\"awful_example\"].aws_security_group.bad",
                first.path("locations").path(0).path("logicalLocations").path(0).path("fullyQualifiedName").asText());
        assertEquals(plan("for-each-security-groups.json"),
                first.path("locations").path(0).path("physicalLocation").path("artifactLocation").path("uri").asText());
        long notes = 0;
        long warnings = 0;
        for (JsonNode r : results) {
            notes += r.path("level").asText().equals("note") ? 1 : 0;
            warnings += r.path("level").asText().equals("warning") ? 1 : 0;
        }
        assertEquals(10, notes, "the tag findings are low: notes");
        assertEquals(15, warnings, "the database ports (3306, 5432, 1433, 6379, 27017) are medium: warnings");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        NodeList cases = xml.getElementsByTagName("testcase");
        // one case per rule of the shipped rule set, whether it fired or not
        assertEquals(Plans.check().ruleNames().size(), cases.getLength());
        assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"));
        // AdminPorts_10 to _14 have high findings; the other rules either did not fire or fired below high
        assertEquals("5", suite.getAttribute("failures"));
        Element ssh = testcase(xml, "AdminPorts_10");
        Element failure = (Element) ssh.getElementsByTagName("failure").item(0);
        assertEquals("3 finding(s) at or above high", failure.getAttribute("message"));
        assertEquals(0, testcase(xml, "AdminPorts_15").getElementsByTagName("failure").getLength());
        assertEquals(1, testcase(xml, "AdminPorts_15").getElementsByTagName("system-out").getLength());
        assertEquals(0, testcase(xml, "Unencrypted RDS storage").getChildNodes().getLength());
    }

    @Test
    void findingsBelowTheSeverityPass() {
        // the same plan's most severe findings are high: nothing at critical
        Outcome o = run(plan("for-each-security-groups.json"), "--severity", "critical");
        assertEquals(PlanCheckCommand.PASSED, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("40 findings, 0 at or above critical"), o.out());
    }

    @Test
    void anUnreadablePlanOrWrongArgumentsExitWithTwo() {
        Outcome broken = run(plan("invalid.json"));
        assertEquals(PlanCheckCommand.UNREADABLE, broken.exit());
        assertTrue(broken.err().contains("refused (400, line 676, column 29)"), broken.err());
        Outcome missing = run(dir.resolve("nope.json").toString());
        assertEquals(PlanCheckCommand.UNREADABLE, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Outcome usage = run(plan("terragoat.json"), "--severity", "urgent");
        assertEquals(PlanCheckCommand.UNREADABLE, usage.exit());
        assertTrue(usage.err().contains("usage: plan-check.sh"), usage.err());
        assertFalse(Files.exists(dir.resolve("plan.sarif")));
    }

    @Test
    void theUtf16PlanPassesAtHighAndFailsAtLow() {
        // its three findings are low (encryption unknown, two missing tags)
        assertEquals(PlanCheckCommand.PASSED, run(plan("win-utf16.json")).exit());
        assertEquals(PlanCheckCommand.FAILED, run(plan("win-utf16.json"), "--severity", "low").exit());
    }

    private static Element testcase(Document xml, String name) {
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no test case " + name);
    }
}
