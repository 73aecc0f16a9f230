package io.log2.agents.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.terraform.pipeline.PlanCheck;
import io.log2.logic.Finding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plans of {@code src/test/resources/terraform-plans/} (copied from checkov's and terraform-json's test data,
 * see the licences beside them) checked with the shipped rules of {@code rules/terraform/}, compiled once.
 */
final class Plans {

    static final Path DIR = Path.of("src/test/resources/terraform-plans");
    static final ObjectMapper JSON = new ObjectMapper();
    private static PlanCheck check;

    private Plans() {
    }

    static synchronized PlanCheck check() {
        if (check == null) {
            check = PlanCheck.fromFolder(Path.of("rules/terraform"), "us-east-1", 10_000_000);
        }
        return check;
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlanCheck.Result check(String name) {
        return check(name, bytes(name));
    }

    static PlanCheck.Result check(String name, byte[] content) {
        try (InputStream in = new ByteArrayInputStream(content)) {
            return check().check(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlanCheck.Result check(String name, ObjectNode plan) {
        try {
            return check(name, JSON.writeValueAsBytes(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The change of the plan with that address, to edit. */
    static ObjectNode change(ObjectNode plan, String address) {
        for (var c : plan.path("resource_changes")) {
            if (address.equals(c.path("address").asText())) {
                return (ObjectNode) c.path("change");
            }
        }
        throw new IllegalArgumentException("no change of " + address);
    }

    /** How many findings each rule raised. */
    static Map<String, Long> countByRule(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::rule, TreeMap::new, Collectors.counting()));
    }

    /** The resources a rule raised findings on, sorted. */
    static List<String> resources(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).map(Finding::resource).sorted().toList();
    }

    static Finding only(List<Finding> findings, String rule) {
        List<Finding> of = findings.stream().filter(f -> f.rule().equals(rule)).toList();
        if (of.size() != 1) {
            throw new AssertionError("expected one finding of " + rule + ", got " + of.size() + ": " + of);
        }
        return of.get(0);
    }
}
