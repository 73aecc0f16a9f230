package io.log2.catalog;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.Agent;
import io.log2.logic.DeclaredFactReader;
import io.log2.logic.FactFields;
import io.log2.logic.RuleSetService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Agents made through the API, end to end on the real service and database: created from DRL that declares its fact
 * types, run with facts of those types, their firings and findings logged and labelled, disabled, deleted with and
 * without their logs, every change in the audit trail; and every refusal.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
public class AgentCatalogApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Orders over a limit, and express orders with many items: a declared type with text, number, whole and yes/no fields. */
    static final String ORDERS_DRL = """
            package io.log2.rules.orders

            global io.log2.logic.Findings findings

            declare Order
                resource : String
                amount : double
                items : int
                express : boolean
            end

            rule "Large order"
                @severity("high") @category("cost")
                @message("order {resource}: {value} over {threshold}")
            when
                $o : Order( $value : amount > 1000 )
            then
                findings.alert(kcontext, $o, $value, 1000);
            end

            rule "Express bulk order"
                @severity("low") @category("resource")
                @message("express order {resource} with {items} items")
            when
                $o : Order( express, items >= 10 )
            then
                findings.alert(kcontext, $o);
            end
            """;

    @Inject
    DataSource dataSource;
    @Inject
    RuleSetService ruleSets;
    @Inject
    AgentCatalog catalog;

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    static String body(String name, String template, Map<String, String> files) throws Exception {
        return JSON.writeValueAsString(files == null ? Map.of("name", name, "template", template)
                : Map.of("name", name, "template", template, "files", files));
    }

    private static JsonPath create(RequestSpecification as, String name) throws Exception {
        return as.contentType("application/json").body(body(name, "custom", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(201).extract().jsonPath();
    }

    private static String order(String resource, double amount, int items, boolean express) {
        return "{\"type\":\"Order\",\"resource\":\"" + resource + "\",\"amount\":" + amount + ",\"items\":" + items
                + ",\"express\":" + express + "}";
    }

    private static JsonPath run(String agent, String... facts) {
        return Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(200).extract().jsonPath();
    }

    private long count(String sql, String agent) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aCustomAgentRunsFactsOfItsDeclaredTypesLogsItsFiringsAndIsLabelledDisabledAndDeletedWithItsLogsKept() throws Exception {
        String agent = unique("orders");
        JsonPath created = create(Api.editor(), agent);
        assertEquals(agent, created.getString("name"));
        assertEquals("custom", created.getString("template"));
        assertTrue(created.getBoolean("enabled"));
        assertEquals("editor-user", created.getString("createdBy"));
        assertEquals(1, created.getInt("agent.activeVersion.version"));
        assertEquals("create", created.getString("agent.activeVersion.source"));
        assertEquals(List.of("resource: String", "amount: double", "items: int", "express: boolean"),
                created.getList("agent.factTypes.Order"));
        assertTrue(Files.isRegularFile(RulesFolderResource.rulesDir().resolve(agent).resolve("rules.drl")));
        Api.viewer().get("/api/agents").then().statusCode(200).body("name", hasItem(agent));

        JsonPath ran = run(agent, order("o-1", 1500.5, 2, false), order("o-2", 20, 12, true), order("o-3", 10, 1, false));
        assertEquals(3, ran.getInt("factCount"));
        assertEquals(2, ran.getInt("firingCount"));
        assertEquals(1, ran.getInt("version"));

        JsonPath firings = Api.viewer().queryParam("agent", agent).get("/api/firings").then().statusCode(200)
                .body("items", hasSize(2)).body("items.agent", everyItem(equalTo(agent)))
                .body("items.package", everyItem(equalTo("io.log2.rules.orders"))).extract().jsonPath();
        assertEquals(List.of("Express bulk order", "Large order"), firings.getList("items.rule").stream().sorted().toList());
        int large = firings.getList("items.rule").indexOf("Large order");
        // the matched fact is logged with its declared fields and the finding reads its resource and value
        assertEquals("o-1", firings.getString("items[" + large + "].resource"));
        assertEquals(1500.5, firings.getDouble("items[" + large + "].facts[0].amount"));
        JsonPath findings = Api.viewer().queryParam("agent", agent).get("/api/findings").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        int i = findings.getList("items.rule").indexOf("Large order");
        assertEquals("order o-1: 1500.5 over 1000", findings.getString("items[" + i + "].message"));
        long finding = findings.getLong("items[" + i + "].id");

        Api.editor().contentType("application/json").body("{\"label\":\"useful\"}")
                .post("/api/findings/" + finding + "/feedback").then().statusCode(200).body("label", equalTo("useful"));
        Api.viewer().get("/api/findings/" + finding).then().statusCode(200).body("label", equalTo("useful"));

        // disabled: runs refused, nothing logged; enabled again: runs
        Api.admin().post("/api/agents/" + agent + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        long runsBefore = count("SELECT COUNT(*) FROM run WHERE agent = ?", agent);
        Api.editor().contentType("application/json").body("{\"facts\":[" + order("o-4", 5000, 1, false) + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(409)
                .contentType(containsString("application/problem+json")).body("detail", containsString("disabled"));
        assertEquals(runsBefore, count("SELECT COUNT(*) FROM run WHERE agent = ?", agent));
        Api.editor().post("/api/agents/" + agent + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        run(agent, order("o-5", 3000, 1, false));

        // deleted without purge: gone from the API, its folder removed, its logs and versions kept
        Api.editor().delete("/api/agents/" + agent).then().statusCode(200).body("logsKept", equalTo(true));
        Api.viewer().get("/api/agents/" + agent).then().statusCode(404);
        Api.editor().contentType("application/json").body("{\"facts\":[]}").post("/api/agents/" + agent + "/runs")
                .then().statusCode(404);
        assertFalse(Files.exists(RulesFolderResource.rulesDir().resolve(agent).resolve("rules.drl")));
        assertEquals(2, count("SELECT COUNT(*) FROM run WHERE agent = ?", agent));
        assertEquals(3, count("SELECT COUNT(*) FROM firing WHERE agent = ?", agent));
        assertEquals(3, count("SELECT COUNT(*) FROM finding WHERE agent = ?", agent));
        assertEquals(1, count("SELECT COUNT(*) FROM finding_feedback WHERE finding_id IN (SELECT id FROM finding WHERE agent = ?)", agent));
        assertEquals(1, count("SELECT COUNT(*) FROM rule_set_version WHERE agent = ?", agent));
        assertEquals(0, count("SELECT COUNT(*) FROM agent_definition WHERE name = ?", agent));
        Api.viewer().queryParam("agent", agent).get("/api/firings").then().statusCode(200).body("items", hasSize(3));

        // the audit trail: who did what, newest first
        JsonPath changes = Api.viewer().queryParam("agent", agent).get("/api/agent-changes").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("delete", "enable", "disable", "create"), changes.getList("action"));
        assertEquals(List.of("editor-user", "editor-user", "admin", "editor-user"), changes.getList("by"));
        assertEquals("logs kept", changes.getString("[0].detail"));
        assertTrue(changes.getString("[3].detail").contains("template custom, files [rules.drl]"));
    }

    @Test
    void deletingWithPurgeRemovesTheAgentsRunsFiringsFindingsFeedbackAndVersionsAndNoOtherAgentsRows() throws Exception {
        String agent = unique("purged");
        String other = unique("kept");
        create(Api.admin(), agent);
        create(Api.admin(), other);
        run(agent, order("p-1", 2000, 1, false));
        run(other, order("k-1", 2000, 1, false));
        long finding = Api.viewer().queryParam("agent", agent).get("/api/findings").then().statusCode(200)
                .extract().jsonPath().getLong("items[0].id");
        Api.editor().contentType("application/json").body("{\"label\":\"noise\"}")
                .post("/api/findings/" + finding + "/feedback").then().statusCode(200);
        long otherFirings = count("SELECT COUNT(*) FROM firing WHERE agent = ?", other);

        JsonPath deleted = Api.admin().queryParam("purge", "true").delete("/api/agents/" + agent).then().statusCode(200)
                .body("logsKept", equalTo(false)).extract().jsonPath();
        assertEquals(1, deleted.getInt("purged.runs"));
        assertEquals(1, deleted.getInt("purged.firings"));
        assertEquals(1, deleted.getInt("purged.runRules"));
        assertEquals(1, deleted.getInt("purged.consequenceTimes"));
        assertEquals(1, deleted.getInt("purged.feedback"));
        assertEquals(1, deleted.getInt("purged.versions"));
        for (String table : List.of("run", "firing", "run_rule", "consequence_time", "finding", "rule_set_version")) {
            assertEquals(0, count("SELECT COUNT(*) FROM " + table + " WHERE agent = ?", agent), table);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM finding_feedback WHERE finding_id = CAST(? AS BIGINT)", String.valueOf(finding)));
        assertEquals(otherFirings, count("SELECT COUNT(*) FROM firing WHERE agent = ?", other));
        Api.viewer().queryParam("agent", agent).get("/api/agent-changes").then().statusCode(200)
                .body("[0].action", equalTo("delete")).body("[0].detail", containsString("logs purged"));
        // the name is free again, and a new agent of that name starts at version 1
        create(Api.admin(), agent).getInt("agent.activeVersion.version");
        Api.viewer().get("/api/agents/" + agent).then().statusCode(200).body("activeVersion.version", equalTo(1));
    }

    @Test
    void anAgentMadeThroughTheApiComesBackAfterARestartWithItsRulesAndItsDisabledState() throws Exception {
        String agent = unique("restart");
        create(Api.editor(), agent);
        Api.editor().post("/api/agents/" + agent + "/disable").then().statusCode(200);
        // the catalog's poll would register the stored agent again at any moment: held off, the agent comes back by
        // loadStored alone, as at start
        catalog.withoutFollowing(() -> {
            ruleSets.unload(agent);
            Api.viewer().get("/api/agents/" + agent).then().statusCode(404);
            catalog.loadStored();
        });
        Api.viewer().get("/api/agents/" + agent).then().statusCode(200).body("activeVersion.version", equalTo(1))
                .body("factTypes.Order", hasSize(4));
        Api.editor().contentType("application/json").body("{\"facts\":[" + order("r-1", 5000, 1, false) + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(409);
        Api.editor().post("/api/agents/" + agent + "/enable").then().statusCode(200);
        assertEquals(1, run(agent, order("r-1", 5000, 1, false)).getInt("firingCount"));
    }

    /** A fact type for {@link #anAgentAppearsOnlyOnceItsRulesAreLoaded} (public, in a public class, for the rules to see it). */
    public record Parcel(String resource, double weight) {
    }

    @Test
    void anAgentAppearsOnlyOnceItsRulesAreLoaded() throws Exception {
        // an agent made on another instance is registered here by a poll while requests run: none of them may find it
        // listed without rules. The agent's fact types are read while its rules compile, so that is where it looks.
        // (Registered without a definition, it is removed again by the next poll, its folder with it.)
        String agent = unique("parcels");
        Path dir = RulesFolderResource.rulesDir().resolve(agent);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rules.drl"), """
                package io.log2.rules.parcels
                import io.log2.catalog.AgentCatalogApiTest.Parcel
                global io.log2.logic.Findings findings
                rule "Heavy parcel"
                    @severity("low") @category("resource") @message("parcel {resource}")
                when
                    $p : Parcel( weight > 30 )
                then
                    findings.alert(kcontext, $p);
                end
                """);
        List<Boolean> listedWhileCompiling = new CopyOnWriteArrayList<>();
        ruleSets.register(new Agent() {
            @Override
            public String name() {
                return agent;
            }

            @Override
            public Map<String, Class<? extends Record>> factTypes() {
                listedWhileCompiling.add(ruleSets.exists(agent));
                return Map.of("Parcel", Parcel.class);
            }
        }, true);
        assertFalse(listedWhileCompiling.isEmpty(), "the rules were compiled on registering");
        assertEquals(List.of(false), listedWhileCompiling.stream().distinct().toList());
        assertEquals(1, ruleSets.active(agent).version(), "the rules compiled and are active once it is listed");
    }

    @Test
    void aTemplateNamesAPluginAgentWhoseFactTypesAndRulesTheNewAgentStartsFrom() throws Exception {
        String agent = unique("usage-copy");
        JsonPath created = Api.editor().contentType("application/json").body(body(agent, "aws-usage", null))
                .post("/api/agents").then().statusCode(201).extract().jsonPath();
        assertEquals("aws-usage", created.getString("template"));
        assertTrue(created.getMap("agent.factTypes").containsKey("MetricSample"));
        assertTrue(created.getInt("agent.rules") > 0);
        JsonPath ran = run(agent, "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\","
                + "\"resource\":\"i-template\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":99.0}");
        assertTrue(ran.getInt("firingCount") > 0);
        Api.viewer().queryParam("agent", agent).get("/api/firings").then().statusCode(200)
                .body("items.agent", everyItem(equalTo(agent))).body("items.resource", hasItem("i-template"));
        // a template's agent declares nothing: its rules use the template's records
        Api.editor().contentType("application/json")
                .body(body(unique("usage-declares"), "aws-usage", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(422).body("errors[0].reason", containsString("type declarations are not allowed"));
    }

    @Test
    void learnersAndFindingsReadTheFieldsOfADeclaredFactAsTheyReadARecords() throws Exception {
        String agent = unique("fields");
        create(Api.editor(), agent);
        Object fact = DeclaredFactReader.read(agent, ruleSets.active(agent).compiled().kieBase(),
                List.of(JSON.readTree(order("f-1", 12.5, 3, true)))).get(0);
        assertTrue(FactFields.isFact(fact));
        assertEquals(List.of("resource", "amount", "items", "express"), List.copyOf(FactFields.names(fact)));
        assertEquals(Map.of("amount", 12.5, "items", 3.0), FactFields.numbers(fact));
        assertEquals("f-1", FactFields.resourceOf(fact));
        assertEquals(Boolean.TRUE, FactFields.get(fact, "express"));
    }

    @Test
    void factsThatAreNotOfADeclaredTypeOrHaveAnUnknownFieldOrAWrongValueAreRefusedNamingTheFactAndField() throws Exception {
        String agent = unique("strict");
        create(Api.editor(), agent);
        long runs = count("SELECT COUNT(*) FROM run WHERE agent = ?", agent);
        refused(agent, order("s-1", 10, 1, false) + ",{\"type\":\"Invoice\",\"amount\":1}",
                "/facts/1/type", "unknown type 'Invoice'");
        refused(agent, "{\"type\":\"Order\",\"resource\":\"s-2\",\"amout\":1}", "/facts/0/amout", "unknown field 'amout'");
        refused(agent, "{\"type\":\"Order\",\"amount\":\"lots\"}", "/facts/0/amount", "field 'amount' must be a finite number");
        refused(agent, "{\"type\":\"Order\",\"items\":2.5}", "/facts/0/items", "field 'items' must be a whole number");
        refused(agent, "{\"type\":\"Order\",\"express\":\"yes\"}", "/facts/0/express", "field 'express' must be true or false");
        refused(agent, "{\"type\":\"Order\",\"resource\":7}", "/facts/0/resource", "field 'resource' must be text");
        refused(agent, "{\"type\":\"Order\",\"amount\":null}", "/facts/0/amount", "not null");
        refused(agent, "{\"amount\":1}", "/facts/0/type", "has no \"type\"");
        refused(agent, "[1]", "/facts/0", "not a JSON object");
        assertEquals(runs, count("SELECT COUNT(*) FROM run WHERE agent = ?", agent));
    }

    private static void refused(String agent, String facts, String where, String detail) {
        Api.editor().contentType("application/json").body("{\"facts\":[" + facts + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("where", equalTo(where)).body("detail", containsString(detail));
    }

    @Test
    void brokenRulesAreRefusedWithFileLineAndReasonAndNothingIsCreated() throws Exception {
        String agent = unique("broken");
        String broken = ORDERS_DRL.replace("Order( $value : amount > 1000 )", "Order( $value : amount > 1000");
        Api.editor().contentType("application/json").body(body(agent, "custom", Map.of("rules.drl", broken)))
                .post("/api/agents").then().statusCode(422)
                // the parenthesis left open on line 16 is noticed at the 'then' of line 17
                .body("errors[0].file", equalTo("rules.drl")).body("errors[0].line", equalTo(17));
        String badField = ORDERS_DRL.replace("items : int", "items : java.io.File");
        Api.editor().contentType("application/json").body(body(agent, "custom", Map.of("rules.drl", badField)))
                .post("/api/agents").then().statusCode(422)
                .body("errors[0].reason", containsString("field 'items' of type java.io.File"))
                .body("errors[0].line", equalTo(5));
        String annotated = ORDERS_DRL.replace("declare Order", "declare Order @role(event)");
        Api.editor().contentType("application/json").body(body(agent, "custom", Map.of("rules.drl", annotated)))
                .post("/api/agents").then().statusCode(422)
                .body("errors[0].reason", containsString("annotations on declared types are not supported"));
        Api.viewer().get("/api/agents/" + agent).then().statusCode(404);
        assertEquals(0, count("SELECT COUNT(*) FROM agent_definition WHERE name = ?", agent));
        assertEquals(0, count("SELECT COUNT(*) FROM rule_set_version WHERE agent = ?", agent));
        assertEquals(0, count("SELECT COUNT(*) FROM agent_change WHERE agent = ?", agent));
        assertFalse(Files.exists(RulesFolderResource.rulesDir().resolve(agent).resolve("rules.drl")));
    }

    @Test
    void namesInUseBadNamesUnknownTemplatesAndViewersAreRefused() throws Exception {
        String agent = unique("taken");
        create(Api.editor(), agent);
        Api.editor().contentType("application/json").body(body(agent, "custom", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(409).body("detail", containsString("exists"));
        Api.editor().contentType("application/json").body(body("aws-usage", "custom", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(409).body("detail", containsString("plug-in"));
        for (String bad : List.of("Orders", "a", "orders_1", "-orders", "orders-", "../etc", "x".repeat(41))) {
            Api.editor().contentType("application/json").body(body(bad, "custom", Map.of("rules.drl", ORDERS_DRL)))
                    .post("/api/agents").then().statusCode(400).body("where", equalTo("/name"));
        }
        Api.editor().contentType("application/json").body(body(unique("tpl"), "nosuch", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(400).body("where", equalTo("/template"))
                .body("detail", containsString("custom"));
        Api.editor().contentType("application/json").body(body(unique("nofiles"), "custom", Map.of()))
                .post("/api/agents").then().statusCode(400).body("where", equalTo("/files"));
        Api.editor().contentType("application/json").body(body(unique("badfile"), "custom", Map.of("rules.txt", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(400).body("where", equalTo("/files/rules.txt"));

        Api.viewer().contentType("application/json").body(body(unique("viewer"), "custom", Map.of("rules.drl", ORDERS_DRL)))
                .post("/api/agents").then().statusCode(403);
        Api.viewer().post("/api/agents/" + agent + "/disable").then().statusCode(403);
        Api.viewer().delete("/api/agents/" + agent).then().statusCode(403);
        Api.as("approver").delete("/api/agents/" + agent).then().statusCode(403);
        // plug-in agents are not the API's to disable or delete
        Api.admin().post("/api/agents/aws-usage/disable").then().statusCode(409);
        Api.admin().delete("/api/agents/aws-usage").then().statusCode(409);
        Api.admin().queryParam("purge", "maybe").delete("/api/agents/" + agent).then().statusCode(400)
                .body("where", equalTo("purge"));
        Api.viewer().get("/api/agents/" + agent).then().statusCode(200);
    }
}
