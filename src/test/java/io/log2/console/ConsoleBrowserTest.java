package io.log2.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser against the running service: sign in (and a wrong password refused), the overview's
 * charts drawn, a finding explained and labelled, a broken table's row error shown, a proposal approved, the audit.
 * The data comes in through the API: a FOCUS cost export (moved to 2045, a year of its own), a monitoring cycle and
 * runs of a NAB CPU series. Every page is saved under target/console-screenshots/.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleBrowserTest {

    private static final Path NAB = Path.of("src/test/resources/data/nab/ec2_cpu_utilization_77c1ca.csv");
    private static final Path FOCUS = Path.of("src/test/resources/data/focus/focus_sample.csv");
    private static Browser browser;
    private static boolean seeded;
    private static String resource;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void browser() throws IOException {
        if (browser == null) {
            browser = new Browser(base);
        }
        browser.forget();
        seed();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** Costs, a cycle over them, CPU samples above 80% in runs, and one finding labelled noise. */
    private static synchronized void seed() throws IOException {
        if (seeded) {
            return;
        }
        String focus = Files.readString(FOCUS, StandardCharsets.UTF_8).replace("2024-", "2045-");
        Api.editor().multiPart("file", "focus-2045.csv", focus.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(200).body("kind", equalTo("FOCUS"));
        // a cycle evaluates everything the suite stored so far: on a busy machine it outlasts the default 30 s timeout
        Api.editor().config(RestAssured.config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 300_000))).post("/api/agents/aws-usage/cycles").then().statusCode(200);

        resource = "i-console-" + Long.toString(System.nanoTime(), 36);
        List<String> lines = Files.readAllLines(NAB).subList(1, 4033);
        for (int r = 0; r < 6; r++) {
            List<String> facts = new ArrayList<>();
            for (String line : lines.subList(r * 600, r * 600 + 600)) {
                String[] cell = line.split(",");
                facts.add("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\""
                        + resource + "\",\"timestamp\":\"" + cell[0].replace(' ', 'T') + "Z\",\"value\":" + cell[1] + "}");
            }
            Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                    .post("/api/agents/aws-usage/runs").then().statusCode(200);
        }
        List<Map<String, Object>> cpu = cpuFindings();
        assertTrue(cpu.size() >= 2, "the NAB series crosses 80% more than once: " + cpu.size());
        Api.editor().contentType("application/json").body("{\"label\":\"noise\",\"note\":\"a known batch job\"}")
                .post("/api/findings/" + cpu.get(cpu.size() - 1).get("id") + "/feedback").then().statusCode(200);
        seeded = true;
    }

    private static List<Map<String, Object>> cpuFindings() {
        return Api.viewer().queryParam("resource", resource).queryParam("rule", "MetricThresholds_11").queryParam("limit", 1000)
                .get("/api/findings").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void onlyTheLoginPageIsServedWithoutASessionAndAWrongPasswordIsRefused() throws IOException {
        // without a session: the console redirects to its login page, which is open; the API still answers Basic
        Response page = RestAssured.given().redirects().follow(false).get("/");
        assertEquals(302, page.statusCode());
        assertTrue(page.header("Location").endsWith("/login.html"), page.header("Location"));
        RestAssured.given().redirects().follow(false).get("/console/app.js").then().statusCode(302);
        RestAssured.given().get("/login.html").then().statusCode(200).body(containsString("j_security_check"));
        RestAssured.given().get("/api/agents").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic")).contentType("application/problem+json");
        Api.viewer().get("/api/me").then().statusCode(200).body("username", equalTo("viewer-user"));
        Response refused = RestAssured.given().redirects().follow(false).formParam("j_username", "viewer-user")
                .formParam("j_password", "wrong").post("/j_security_check");
        assertEquals(302, refused.statusCode(), refused.headers() + " " + refused.body().asString());
        assertTrue(refused.header("Location").endsWith("/login.html?error=wrong"), refused.header("Location"));
        assertEquals(null, refused.cookie("log2-session"), "no session for a wrong password");

        browser.signIn("viewer-user", "not-the-password");
        assertTrue(browser.find(By.id("login-error")).getText().contains("Wrong user name or password"));
        assertTrue(browser.url().contains("/login.html?error"), browser.url());
        browser.screenshot("login");
        browser.open("/");
        assertTrue(browser.url().endsWith("/login.html"), "still no session: " + browser.url());

        browser.signIn("viewer-user", Api.PASSWORD);
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "viewer-user (viewer)"));
        // the session reaches the API: the same call the console makes, from the page
        Object me = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/me').then(r => r.json()).then(j => done(j.username))");
        assertEquals("viewer-user", me);

        browser.find(By.id("logout")).click();
        browser.find(By.id("sign-in"));
        browser.open("/");
        assertTrue(browser.url().endsWith("/login.html"), "logged out: " + browser.url());
    }

    @Test
    void theOverviewDrawsItsCharts() throws IOException {
        browser.signIn("viewer-user", Api.PASSWORD);
        browser.open("/#/overview");
        for (String chart : List.of("chart-severity", "chart-category", "chart-daily-cost", "chart-month", "chart-top-firings",
                "chart-top-noise")) {
            browser.waitFor().until(d -> drawnShapes(chart) > 0);
        }
        // every open finding, page by page: the suite's other tests leave more than one page of them
        int open = 0;
        String cursor = null;
        do {
            var request = Api.viewer().queryParam("state", "open").queryParam("limit", 1000);
            var page = (cursor == null ? request : request.queryParam("cursor", cursor)).get("/api/findings")
                    .then().statusCode(200).extract().jsonPath();
            open += page.getList("items").size();
            cursor = page.getString("next");
        } while (cursor != null);
        assertEquals(String.valueOf(open), browser.find(By.id("open-findings")).getText());
        String month = browser.find(By.id("month-to-date")).getText();
        assertTrue(month.contains("spent in") && month.contains("budget"), month);
        // the daily cost draws its line, the budget and the forecast band: more than one series
        assertTrue(drawnShapes("chart-daily-cost") >= 3, "cost, budget and forecast lines");
        browser.screenshot("overview");

        // on a phone's screen: the charts stack, drawn to its width, and nothing runs off the side
        org.openqa.selenium.Dimension laptop = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            browser.open("/#/findings");
            browser.find(By.id("findings"));
            browser.open("/#/overview");
            browser.waitFor().until(d -> drawnShapes("chart-daily-cost") >= 3);
            long overflow = ((Number) ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
            assertEquals(0, overflow, "the overview is as wide as the phone");
            long chartWidth = ((Number) ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.getElementById('chart-daily-cost').getBoundingClientRect().width")).longValue();
            assertTrue(chartWidth > 250 && chartWidth <= 390, "the cost chart fits the phone: " + chartWidth);
            browser.screenshot("overview-phone");
        } finally {
            browser.driver.manage().window().setSize(laptop);
        }
    }

    /** The SVG shapes with a drawing (a path with a d attribute) in a chart's box. */
    private static long drawnShapes(String chart) {
        return ((Number) ((JavascriptExecutor) browser.driver).executeScript(
                "const box = document.getElementById(arguments[0]); if (!box) return 0;"
                        + "return [...box.querySelectorAll('svg path')].filter(p => (p.getAttribute('d') || '').length > 2).length",
                chart)).longValue();
    }

    @Test
    void aFindingExplainsItselfAndTakesALabel() throws IOException {
        List<Map<String, Object>> cpu = cpuFindings();
        long id = ((Number) cpu.get(0).get("id")).longValue();
        JsonPath finding = Api.viewer().get("/api/findings/" + id).then().statusCode(200).extract().jsonPath();

        browser.signIn("editor-user", Api.PASSWORD);
        browser.open("/#/findings?limit=20&resource=" + resource);
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#findings a.finding-link")).size() == Math.min(20, cpu.size()));
        browser.screenshot("findings");
        browser.open("/#/findings?limit=1000&resource=" + resource);
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#findings a.finding-link")).size() == cpu.size());
        browser.find(By.linkText("#" + id)).click();

        // the rule's table row, as in the spreadsheet
        WebElement row = browser.find(By.id("row-cells"));
        assertTrue(row.getText().contains("Threshold") && row.getText().contains("CPUUtilization"), row.getText());
        assertTrue(browser.find(By.id("table-row")).getText().contains("thresholds.drl.xlsx"));
        String vs = browser.find(By.id("value-vs-threshold")).getText();
        assertTrue(vs.contains("against the threshold 80"), vs);
        assertTrue(browser.find(By.id("bindings")).getText().contains("\"$threshold\""), "bound values shown");
        assertTrue(browser.find(By.id("facts")).getText().contains(resource), "matched facts shown");
        assertEquals(Math.min(cpu.size(), 20), browser.driver.findElements(By.cssSelector("#occurrences tbody tr")).size(),
                "the latest 20 occurrences of the rule on the resource");
        assertTrue(browser.find(By.cssSelector("body")).getText().contains(finding.getString("message")));

        browser.find(By.id("label-note")).sendKeys("seen from the console");
        browser.find(By.id("label-useful")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("label"), "useful"));
        browser.screenshot("finding");

        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("label", equalTo("useful")).body("feedback.by", equalTo("editor-user"))
                .body("feedback.note", equalTo("seen from the console"));
    }

    @Test
    void aBrokenTableIsRefusedWithItsRowError() throws IOException {
        int active = Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath().getInt("activeVersion.version");
        // the second data row (sheet row 10) of the forecast table names a budget no Java expression can be
        String table = Files.readString(Path.of("rules/aws-usage/forecast.drl.csv"), StandardCharsets.UTF_8);
        String[] lines = table.split("\n", -1);
        assertTrue(lines[9].startsWith("\"Forecast quarter end") && lines[9].contains(",150,100,quarter,"), lines[9]);
        lines[9] = lines[9].replace(",150,100,quarter,", ",no budget,100,quarter,");
        Path broken = Files.createDirectories(Path.of("target/console-uploads")).resolve("forecast.drl.csv");
        Files.writeString(broken, String.join("\n", lines), StandardCharsets.UTF_8);

        browser.signIn("editor-user", Api.PASSWORD);
        browser.open("/#/rules/aws-usage");
        browser.find(By.cssSelector("#versions a.file-link"));
        browser.driver.findElement(By.id("upload-file")).sendKeys(broken.toAbsolutePath().toString());
        assertEquals("forecast.drl.csv", browser.find(By.id("upload-name")).getAttribute("value"));
        browser.find(By.cssSelector("#upload button[type=submit]")).click();

        WebElement errors = browser.find(By.cssSelector("#upload-outcome table.errors"));
        List<WebElement> cells = errors.findElements(By.cssSelector("tbody tr:first-child td"));
        assertEquals("forecast.drl.csv", cells.get(0).getText());
        assertEquals("10", cells.get(2).getText(), "the row of the broken cell");
        assertTrue(browser.find(By.id("upload-outcome")).getText().contains("422"));
        browser.screenshot("rules");
        assertEquals(active, Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath().getInt("activeVersion.version"),
                "nothing activated");
    }

    @Test
    void anApproverApprovesAProposal() throws IOException {
        String rowId = "ConsoleRow_" + System.nanoTime() % 1_000_000;
        long id = Api.editor().contentType("application/json").body("""
                {"learner":"person","reason":"a namespace no sample has yet",
                 "changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                   "cells":{"Rule":"Console test metric","Threshold":"50","Namespace":"Log2/Console","Metric":"Nothing",
                            "Measure":"value","Test":">","Kind":"alert","Severity":"low","Category":"resource",
                            "Message":"{value} on {resource} is above {threshold}"},
                   "reason":"watch the new service"}]}
                """.formatted(rowId)).post("/api/agents/aws-usage/proposals").then().statusCode(201)
                .body("state", equalTo("awaiting-approval")).extract().jsonPath().getLong("id");

        // a viewer sees it but has no buttons
        browser.signIn("viewer-user", Api.PASSWORD);
        browser.open("/#/proposals/aws-usage/" + id);
        browser.find(By.id("proposal-state-badge"));
        assertTrue(browser.driver.findElements(By.id("approve")).isEmpty(), "a viewer cannot approve");
        browser.forget();

        browser.signIn("approver-user", Api.PASSWORD);
        browser.open("/#/proposals");
        browser.find(By.linkText("#" + id));
        browser.screenshot("proposals");
        browser.find(By.linkText("#" + id)).click();
        assertTrue(browser.find(By.id("proposal-state-badge")).getText().contains("awaiting-approval"));
        assertTrue(browser.find(By.cssSelector("body")).getText().contains(rowId));
        browser.find(By.id("decision-reason")).sendKeys("looks right");
        browser.find(By.id("approve")).click();
        browser.waitFor().until(d -> !d.findElement(By.id("proposal-state-badge")).getText().contains("awaiting-approval"));
        browser.screenshot("proposal");

        JsonPath p = Api.viewer().get("/api/agents/aws-usage/proposals/" + id).then().statusCode(200).extract().jsonPath();
        assertTrue(List.of("watching", "deployed").contains(p.getString("state")), p.getString("state"));
        assertEquals("approver-user", p.getString("decidedBy"));
        assertEquals("looks right", p.getString("decisionReason"));
        assertTrue(browser.find(By.id("proposal-state-badge")).getText().contains(p.getString("state")));
        assertTrue(browser.find(By.cssSelector("#process li.current, #process li.done")).isDisplayed(), "the process drawn");

        // rolled back from the console: the version it replaced is activated again
        int replaced = p.get("replacedVersion") != null ? p.getInt("replacedVersion") : p.getInt("baseVersion");
        browser.find(By.id("roll-back")).click();
        browser.find(By.id("rolled-back"));
        int now = activeVersion();
        assertTrue(now > p.getInt("deployedVersion"), "a new version after the deployed one: " + now);
        Api.viewer().queryParam("from", replaced).get("/api/agents/aws-usage/versions/" + now + "/diff").then().statusCode(200)
                .body("files.status.unique()", equalTo(List.of("unchanged")));
    }

    @Test
    void theAuditPagesFiringsAndShowsARun() throws IOException {
        browser.signIn("viewer-user", Api.PASSWORD);
        browser.open("/#/audit?resource=" + resource + "&limit=20");
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#firings tbody tr")).size() == 20);
        String firstPage = browser.find(By.cssSelector("#firings tbody tr:first-child td")).getText();
        browser.screenshot("audit");
        browser.find(By.id("next-page")).click();
        browser.waitFor().until(d -> !d.findElement(By.cssSelector("#firings tbody tr:first-child td")).getText().equals(firstPage));
        long second = Long.parseLong(browser.find(By.cssSelector("#firings tbody tr:first-child td")).getText());
        assertTrue(second < Long.parseLong(firstPage), "newest first, the next page older");

        JsonPath firing = Api.viewer().get("/api/firings/" + second).then().statusCode(200).extract().jsonPath();
        browser.find(By.cssSelector("#firings tbody tr:first-child td:nth-child(3) a")).click();
        browser.find(By.id("run-firings"));
        assertTrue(browser.url().endsWith("#/runs/" + firing.getString("runId")), browser.url());
        int firings = Api.viewer().get("/api/runs/" + firing.getString("runId")).then().statusCode(200).extract().jsonPath().getInt("firingCount");
        assertEquals(Math.min(firings, 1000), browser.driver.findElements(By.cssSelector("#run-firings tbody tr")).size());
        assertFalse(browser.find(By.cssSelector("main")).getText().isBlank());
        browser.screenshot("run");
    }

    @Test
    void twoVersionsAreComparedAndAnEarlierOneActivatedAgain() throws IOException {
        int before = activeVersion();
        // a row added to the thresholds table by an approved proposal, then a line added to the DRL by an upload
        String rowId = "DiffRow_" + System.nanoTime() % 1_000_000;
        long id = Api.editor().contentType("application/json").body("""
                {"learner":"person","reason":"a row for the diff",
                 "changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                   "cells":{"Rule":"Diff test metric","Threshold":"50","Namespace":"Log2/Diff","Metric":"Nothing",
                            "Measure":"value","Test":">","Kind":"alert","Severity":"low","Category":"resource",
                            "Message":"{value} on {resource} is above {threshold}"},
                   "reason":"watch the new service"}]}
                """.formatted(rowId)).post("/api/agents/aws-usage/proposals").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.as("approver").contentType("application/json").body("{\"reason\":\"for the diff\"}")
                .post("/api/agents/aws-usage/proposals/" + id + "/approve").then().statusCode(200);
        String drl = Api.viewer().get("/api/agents/aws-usage/versions/" + before + "/files/security.drl").then().statusCode(200)
                .extract().asString();
        Api.editor().body(drl.replaceFirst("\n", "\n// reviewed in the console\n").getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/security.drl").then().statusCode(200);
        int after = activeVersion();
        assertTrue(after >= before + 2, before + " then " + after);

        browser.signIn("approver-user", Api.PASSWORD);
        browser.open("/#/rules/aws-usage");
        new Select(browser.find(By.id("diff-from"))).selectByValue(String.valueOf(before));
        new Select(browser.find(By.id("diff-to"))).selectByValue(String.valueOf(after));
        browser.find(By.cssSelector("#compare button[type=submit]")).click();
        WebElement diff = browser.find(By.id("diff"));
        WebElement table = diff.findElement(By.cssSelector(".file-diff[data-file='thresholds.drl.xlsx'] table.row-diff"));
        assertTrue(table.getText().contains(rowId) && table.getText().contains("added"), table.getText());
        WebElement namespace = table.findElements(By.cssSelector("table.cells tr")).stream()
                .filter(tr -> tr.findElement(By.tagName("th")).getText().equals("Namespace")).findFirst().orElseThrow();
        assertEquals("Log2/Diff", namespace.findElement(By.cssSelector("td.after")).getText());
        List<String> added = diff.findElements(By.cssSelector(".file-diff[data-file='security.drl'] pre.text-diff span.add"))
                .stream().map(WebElement::getText).toList();
        assertEquals(List.of("+// reviewed in the console"), added);
        assertTrue(diff.findElements(By.cssSelector(".file-diff[data-file='forecast.drl.csv']")).isEmpty(), "unchanged files left out");
        browser.screenshot("rules-diff");

        // the earlier version's rules made active again, by the approver, through the activate endpoint
        browser.find(By.id("activate-reason")).sendKeys("back to the rules before the diff");
        browser.find(By.cssSelector("button.activate[data-version='" + before + "']")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("activate-outcome"), "active again"));
        int now = activeVersion();
        assertTrue(now > after, "a new version: " + now);
        JsonPath version = Api.viewer().get("/api/agents/aws-usage/versions/" + now).then().statusCode(200).extract().jsonPath();
        assertEquals("approver-user", version.getString("createdBy"));
        assertEquals("activation of version " + before + ": back to the rules before the diff", version.getString("reason"));
        Api.viewer().queryParam("from", before).get("/api/agents/aws-usage/versions/" + now + "/diff").then().statusCode(200)
                .body("files.status.unique()", equalTo(List.of("unchanged")));
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath().getInt("activeVersion.version");
    }

    @Test
    void aDroppedExportShowsItsRowsReadKeptAndRefused() throws IOException {
        byte[] export = Files.readString(FOCUS, StandardCharsets.UTF_8).replace("2024-", "2046-").getBytes(StandardCharsets.UTF_8);
        browser.signIn("editor-user", Api.PASSWORD);
        browser.open("/#/data");
        List<Map<String, Object>> cycles = Api.viewer().get("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath().getList("$");
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#cycles tbody tr")).size() == cycles.size());
        // the newest cycle's collectors, each with its outcome
        Object collectors = cycles.get(0).get("collectors");
        Map<String, Object> outcomes = collectors == null ? Map.of() : JsonPath.from(collectors.toString()).getMap("$");
        String shown = browser.find(By.cssSelector("#cycles tbody tr:first-child")).getText();
        outcomes.forEach((collector, outcome) -> assertTrue(shown.contains(collector + ": " + outcome), shown));

        drop("focus-2046.csv", new String(export, StandardCharsets.UTF_8));
        browser.find(By.id("import-report"));
        browser.screenshot("data");
        // the same file imported again through the API reads, keeps and refuses the same rows (the import is idempotent)
        JsonPath again = Api.editor().multiPart("file", "focus-2046.csv", export, "text/csv").post("/api/agents/aws-usage/imports")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(again.getString("rowsRead"), browser.find(By.id("rows-read")).getText());
        assertEquals(again.getString("rowsKept"), browser.find(By.id("rows-kept")).getText());
        Map<String, Integer> refused = again.getMap("refused");
        assertEquals(String.valueOf(refused.values().stream().mapToInt(Integer::intValue).sum()), browser.find(By.id("rows-refused")).getText());
        assertTrue(again.getInt("rowsKept") > 0 && again.getInt("rowsKept") <= again.getInt("rowsRead"));

        // a file that is no export: its problem is shown, nothing imported
        drop("notes.csv", "hello,world\n1,2\n");
        WebElement problem = browser.find(By.cssSelector("#import-outcome .problem"));
        assertTrue(problem.getText().matches("(?s)^4\\d\\d .*"), problem.getText());
    }

    /** Drops a file on the import's drop zone as a browser does: a drop event carrying the file. */
    private static void drop(String name, String text) {
        ((JavascriptExecutor) browser.driver).executeScript("""
                const [name, text] = arguments;
                const files = new DataTransfer();
                files.items.add(new File([text], name, { type: 'text/csv' }));
                const zone = document.getElementById('drop-zone');
                zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
                zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
                """, name, text);
    }

    @Test
    void insightsShowSavingsForecastsAndTheStrategy() throws IOException {
        browser.signIn("viewer-user", Api.PASSWORD);
        browser.open("/#/insights");
        JsonPath o = Api.viewer().get("/api/agents/aws-usage/opportunities").then().statusCode(200).extract().jsonPath();
        int opportunities = o.getList("opportunities").size();
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#opportunity-list tbody tr")).size() == Math.max(1, opportunities));
        assertTrue(browser.find(By.id("total-saving")).getText().startsWith("$"));
        if (opportunities > 0) {
            browser.waitFor().until(d -> drawnShapes("chart-savings") > 0);
        }
        Response forecast = Api.viewer().get("/api/agents/aws-usage/forecast");
        if (forecast.statusCode() == 200) {
            int periods = forecast.jsonPath().getList("total").size();
            browser.waitFor().until(d -> d.findElements(By.cssSelector("#forecast-periods tbody tr")).size() == Math.max(1, periods));
        } else {
            assertTrue(browser.find(By.cssSelector("#forecast .problem")).getText().contains(String.valueOf(forecast.statusCode())));
        }
        int rules = Api.viewer().get("/api/agents/aws-usage/strategy").then().statusCode(200).extract().jsonPath().getList("rules").size();
        browser.waitFor().until(d -> d.findElements(By.cssSelector("#strategy-rules tbody tr")).size() == Math.max(1, rules));
        browser.screenshot("insights");
    }

    @Test
    void anAdminEditsARouteAndSilencesAndExpiresAFinding() throws IOException {
        String suffix = Long.toString(System.nanoTime() % 1_000_000, 36);
        String channel = "console-hook-" + suffix;
        Api.admin().contentType("application/json").body("{\"name\":\"" + channel + "\",\"type\":\"webhook\","
                + "\"target\":\"http://127.0.0.1:9/never\",\"secret\":\"a-secret-of-some-length\"}")
                .post("/api/notifications/channels").then().statusCode(201);
        String routesBefore = Api.admin().get("/api/notifications/routes").then().statusCode(200).extract().asString();
        browser.signIn("admin", Api.ADMIN_PASSWORD);
        browser.open("/#/notifications");
        browser.find(By.id("add-route")).click();
        List<WebElement> cells = browser.driver.findElements(By.cssSelector("#route-table tbody tr:last-child input"));
        Map<String, String> route = Map.of("id", "console-" + suffix, "agent", "no-such-agent", "severity", "high", "channel", channel);
        for (WebElement cell : cells) {
            String value = route.get(cell.getAttribute("data-key"));
            if (value != null) {
                cell.sendKeys(value);
            }
        }
        browser.find(By.id("save-routes")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes-outcome"), "Saved"));
        List<Map<String, Object>> routes = Api.viewer().get("/api/notifications/routes").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> saved = routes.stream().filter(r -> ("console-" + suffix).equals(r.get("id"))).findFirst().orElseThrow();
        assertEquals(channel, saved.get("channel"));
        assertEquals("high", saved.get("severity"));

        String resource = "i-silenced-" + suffix;
        browser.find(By.id("silence-resource")).sendKeys(resource);
        browser.find(By.id("silence-rule")).sendKeys("MetricThresholds_11");
        browser.find(By.id("silence-comment")).sendKeys("maintenance from the console");
        ((JavascriptExecutor) browser.driver).executeScript("const d = new Date(Date.now() + 2 * 3600e3);"
                + "document.getElementById('silence-ends').value = new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16)");
        browser.find(By.cssSelector("#silence-form button[type=submit]")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("silence-list"), "resource=" + resource));
        browser.screenshot("notifications");
        Map<String, Object> silence = silences(false).stream().filter(x -> resource.equals(((Map<?, ?>) x.get("matchers")).get("resource")))
                .findFirst().orElseThrow();
        assertEquals("admin", silence.get("createdBy"));
        assertEquals(Map.of("resource", resource, "rule", "MetricThresholds_11"), silence.get("matchers"));
        java.time.Instant ends = java.time.Instant.parse((String) silence.get("endsAt"));
        assertTrue(ends.isAfter(java.time.Instant.now().plusSeconds(3600)), "ends in about two hours: " + ends);

        browser.find(By.cssSelector("button.expire[data-id='" + silence.get("id") + "']")).click();
        browser.waitFor().until(d -> !d.findElement(By.id("silence-list")).getText().contains(resource));
        assertTrue(silences(false).stream().noneMatch(x -> silence.get("id").equals(x.get("id"))), "no longer active");
        assertTrue(silences(true).stream().anyMatch(x -> silence.get("id").equals(x.get("id"))), "still listed among the ended");

        // the route table as it was, and the channel gone
        Api.admin().contentType("application/json").body(routesBefore).put("/api/notifications/routes").then().statusCode(200);
        Api.admin().delete("/api/notifications/channels/" + channel).then().statusCode(204);
    }

    private static List<Map<String, Object>> silences(boolean all) {
        return Api.viewer().queryParam("all", all).get("/api/notifications/silences").then().statusCode(200).extract().jsonPath().getList("$");
    }
}
