package io.log2.agents.terraform.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.logic.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as a SARIF 2.1.0 log, as code-scanning services read it: one run of the tool, a rule per rule that
 * fired (its id is the rule's name or table row Id), a result per finding with its level (critical and high:
 * {@code error}, medium: {@code warning}, low: {@code note}) and its location: the plan file, and the resource's
 * address as a logical location.
 */
public final class SarifReport {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SarifReport() {
    }

    public static void write(Path to, String planFile, List<Finding> findings) throws IOException {
        JSON.writeValue(to.toFile(), of(planFile, findings));
    }

    static ObjectNode of(String planFile, List<Finding> findings) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "log2-terraform");
        driver.put("informationUri", "https://log2.io/agents/terraform");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Finding f : findings) {
            ruleIndex.computeIfAbsent(f.rule(), id -> {
                ObjectNode rule = rules.addObject();
                rule.put("id", id);
                rule.putObject("shortDescription").put("text", id + (f.file() != null ? " (" + f.file()
                        + (f.row() != null ? ", row " + f.row() : "") + ")" : ""));
                rule.putObject("defaultConfiguration").put("level", Severity.of(f).sarifLevel());
                ObjectNode properties = rule.putObject("properties");
                properties.put("severity", f.severity());
                if (f.category() != null) {
                    properties.putArray("tags").add(f.category());
                }
                return rules.size() - 1;
            });
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.rule());
            result.put("ruleIndex", ruleIndex.get(f.rule()));
            result.put("level", Severity.of(f).sarifLevel());
            result.putObject("message").put("text", f.message());
            ObjectNode location = result.putArray("locations").addObject();
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", planFile);
            physical.putObject("region").put("startLine", 1);
            if (f.resource() != null) {
                ObjectNode logical = location.putArray("logicalLocations").addObject();
                logical.put("name", f.resource());
                logical.put("fullyQualifiedName", f.resource());
                logical.put("kind", "resource");
            }
            result.putObject("partialFingerprints").put("log2/v1", f.rule() + "|" + f.resource());
            result.putObject("properties").put("severity", f.severity());
        }
        return log;
    }
}
