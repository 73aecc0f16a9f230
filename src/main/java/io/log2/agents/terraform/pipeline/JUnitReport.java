package io.log2.agents.terraform.pipeline;

import io.log2.logic.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Findings as JUnit XML, as CI systems show test results: one test suite for the plan, one test case per rule of
 * the rule set (so the checks that passed are listed too), failed when the rule raised a finding at or above the
 * chosen severity; its findings below it are in the case's output.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static void write(Path to, String planFile, List<String> rules, List<Finding> findings, Severity failAt)
            throws IOException {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        rules.forEach(r -> byRule.put(r, new ArrayList<>()));
        findings.forEach(f -> byRule.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f));
        long failures = byRule.values().stream()
                .filter(l -> l.stream().anyMatch(f -> Severity.of(f).atLeast(failAt))).count();
        try (OutputStream out = Files.newOutputStream(to)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "terraform plan " + planFile);
            xml.writeAttribute("tests", String.valueOf(byRule.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "log2.terraform");
                xml.writeAttribute("name", e.getKey());
                List<Finding> failing = e.getValue().stream().filter(f -> Severity.of(f).atLeast(failAt)).toList();
                if (!failing.isEmpty()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", failing.stream().map((Finding f) -> Severity.of(f)).max(Enum::compareTo).orElseThrow().name().toLowerCase(java.util.Locale.ROOT));
                    xml.writeAttribute("message", failing.size() + " finding(s) at or above " + failAt.name().toLowerCase(java.util.Locale.ROOT));
                    xml.writeCharacters(lines(failing));
                    xml.writeEndElement();
                }
                List<Finding> below = e.getValue().stream().filter(f -> !Severity.of(f).atLeast(failAt)).toList();
                if (!below.isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(lines(below));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    private static String lines(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        findings.forEach(f -> s.append(f.severity()).append(' ').append(f.resource()).append(": ").append(f.message()).append('\n'));
        return s.toString();
    }
}
