package io.log2.agents.awsusage.imports;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Labelled history through the service: a zipped NAB folder (seven real EC2 CPU series and their labelled windows)
 * is stored, evaluated by a cycle, and its findings labelled useful inside the windows and noise outside; a
 * person's label outlives a second import; a bad folder is refused naming the file and field, with nothing stored.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LabelledImportTest {

    private static final String URL = "/api/agents/aws-usage/imports/labelled";
    private static final List<String> SERIES = List.of("24ae8d", "53ea38", "5f5533", "77c1ca", "825cc2", "ac20cd", "c6585a");
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
    /** The shipped EC2 CPU threshold: a sample above it is a breach. */
    private static final double THRESHOLD = 80.0;

    @Inject
    DataSource dataSource;

    @Test
    void findingsInsideAWindowAreUsefulOutsideNoiseAndAPersonsLabelOutlivesAnotherImport() throws Exception {
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put("nab/windows.json", resource("windows.json"));
        folder.put("nab/LICENSE.txt", resource("LICENSE.txt"));
        for (String id : SERIES) {
            folder.put("nab/data/" + file(id), resource(file(id)));
        }
        byte[] zip = zip(folder);
        JsonPath windows = new JsonPath(new String(resource("windows.json"), StandardCharsets.UTF_8));

        JsonPath report = post(zip, "nab.zip").statusCode(200).extract().jsonPath();
        int useful = 0;
        int noise = 0;
        for (String id : SERIES) {
            // The oracle: each run of consecutive samples above the threshold is one finding, useful when it
            // touches a labelled window of its file.
            List<Instant[]> episodes = episodes(rows(id));
            List<Instant[]> labelled = new ArrayList<>();
            for (List<String> w : windows.<List<String>>getList("'" + file(id) + "'")) {
                labelled.add(new Instant[] {time(w.get(0)), time(w.get(1))});
            }
            int u = (int) episodes.stream().filter(e -> labelled.stream()
                    .anyMatch(w -> !e[1].isBefore(w[0]) && !e[0].isAfter(w[1]))).count();
            Map<String, Object> f = report.getMap("files.find { it.file == '" + file(id) + "' }");
            assertEquals("AWS/EC2", f.get("namespace"));
            assertEquals("CPUUtilization", f.get("metric"));
            assertEquals(id, f.get("resource"), "the resource is the NAB file's id");
            assertEquals(4032, f.get("samples"), id);
            assertEquals(labelled.size(), f.get("windows"), id);
            assertEquals(episodes.size(), f.get("findings"), id);
            assertEquals(u, f.get("useful"), id);
            assertEquals(episodes.size() - u, f.get("noise"), id);
            assertEquals(u, findings(id, "useful").size(), id);
            assertEquals(episodes.size() - u, findings(id, "noise").size(), id);
            assertEquals(0, findings(id, "none").size(), id);
            useful += u;
            noise += episodes.size() - u;
        }
        // Worked out from the files: 77c1ca has 19 episodes in its window and 99 outside, 825cc2 4 and 2, ac20cd 1.
        assertEquals(24, useful);
        assertEquals(101, noise);
        assertEquals(24, report.getInt("useful"));
        assertEquals(101, report.getInt("noise"));
        assertEquals(7 * 4032, report.getInt("samples"));

        List<Map<String, Object>> noisy = findings("77c1ca", "noise");
        Api.viewer().queryParam("resource", "77c1ca").queryParam("label", "noise").queryParam("limit", 1000)
                .get("/api/findings").then().statusCode(200)
                .body("items.feedback.by", everyItem(equalTo("import:nab.zip")))
                .body("items.feedback.source", everyItem(equalTo("import")));
        long usefulOne = ((Number) findings("77c1ca", "useful").get(0).get("id")).longValue();
        Api.viewer().get("/api/findings/" + usefulOne).then().statusCode(200).body("label", equalTo("useful"));
        long firing = Api.viewer().get("/api/findings/" + usefulOne).jsonPath().getLong("lastFiring");
        Api.viewer().get("/api/firings/" + firing).then().statusCode(200).body("label", equalTo("useful"))
                .body("feedback.by", equalTo("import:nab.zip"));

        // A person says one "noise" finding was an incident: that label wins, and a second import leaves it.
        long corrected = ((Number) noisy.get(0).get("id")).longValue();
        Api.editor().contentType("application/json").body("{\"label\":\"useful\",\"note\":\"the deploy that went wrong\"}")
                .post("/api/findings/" + corrected + "/feedback").then().statusCode(200).body("label", equalTo("useful"));
        JsonPath again = post(zip, "nab.zip").statusCode(200).extract().jsonPath();
        assertEquals(1, again.getInt("keptPersonLabels"));
        assertEquals(98, again.getInt("files.find { it.file == 'ec2_cpu_utilization_77c1ca.csv' }.noise"));
        Api.viewer().get("/api/findings/" + corrected).then().statusCode(200).body("label", equalTo("useful"))
                .body("feedback.by", equalTo("editor-user")).body("feedback.source", equalTo("person"));
        // The import labelled it once, not twice.
        Api.viewer().get("/api/findings/" + corrected + "/feedback").then().statusCode(200)
                .body("by", equalTo(List.of("editor-user", "import:nab.zip")));
        assertEquals(98, findings("77c1ca", "noise").size());
        assertEquals(20, findings("77c1ca", "useful").size());
    }

    @Test
    void aBadFolderIsRefusedNamingTheFileAndFieldWithNothingStored() throws Exception {
        String resource = "i-bad-" + System.nanoTime();
        byte[] series = resource(file("77c1ca"));
        byte[] targets = ("{\"cpu.csv\": {\"namespace\": \"AWS/EC2\", \"metric\": \"CPUUtilization\", \"resource\": \""
                + resource + "\"}}").getBytes(StandardCharsets.UTF_8);
        long imports = count("SELECT COUNT(*) FROM import_log");

        refused(Map.of("windows.json", "{\"cpu.csv\": [[\"2014-04-08 17:30:00\"".getBytes(StandardCharsets.UTF_8),
                "targets.json", targets, "cpu.csv", series), 422, "windows.json, line");
        refused(folder("{\"cpu.csv\": [], \"other.csv\": []}", targets, series), 422, "windows.json, other.csv");
        refused(folder("{\"cpu.csv\": [[\"2014-04-09 17:30:00\", \"2014-04-08 17:30:00\"]]}", targets, series), 422,
                "windows.json, cpu.csv, window 1, end");
        refused(folder("{\"cpu.csv\": [[\"2014-04-08 17:31:00\", \"2014-04-09 17:30:00\"]]}", targets, series), 422,
                "windows.json, cpu.csv, window 1, start");
        refused(folder("{\"cpu.csv\": [[\"2014-04-08 17:30:00\", \"2099-01-01 00:00:00\"]]}", targets, series), 422,
                "windows.json, cpu.csv, window 1, end");
        refused(folder("{\"cpu.csv\": [[\"2014-04-08 17:30:00\", \"tomorrow\"]]}", targets, series), 422,
                "windows.json, cpu.csv, window 1, end");
        refused(folder("{\"cpu.csv\": [\"2014-04-08 17:30:00\"]}", targets, series), 422, "windows.json, cpu.csv, window 1");
        refused(folder("[]", targets, series), 422, "windows.json");
        refused(Map.of("targets.json", targets, "cpu.csv", series), 400, "windows.json");
        refused(Map.of("windows.json", "{}".getBytes(StandardCharsets.UTF_8), "targets.json", targets, "cpu.csv", series),
                422, "windows.json, cpu.csv");
        refused(Map.of("windows.json", "{\"web.csv\": []}".getBytes(StandardCharsets.UTF_8), "web.csv", series), 422,
                "targets.json, web.csv");
        refused(folder("{\"cpu.csv\": []}", targets, "timestamp,value\n2014-04-08 17:30:00,high\n".getBytes(StandardCharsets.UTF_8)),
                422, "cpu.csv, line 2");
        post("not a zip".getBytes(StandardCharsets.UTF_8), "folder.zip").statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("body"));
        Api.viewer().multiPart("file", "folder.zip", zip(folder("{\"cpu.csv\": []}", targets, series)), "application/zip")
                .post(URL).then().statusCode(403);

        assertEquals(0, count("SELECT COUNT(*) FROM metric_history WHERE resource = '" + resource + "'"));
        assertEquals(imports, count("SELECT COUNT(*) FROM import_log"));

        // The same folder with good windows is taken, so the refusals above were the windows' fault.
        post(zip(folder("{\"cpu.csv\": [[\"2014-04-08 17:30:00\", \"2014-04-10 03:00:00\"]]}", targets, series)), "ok.zip")
                .statusCode(200).body("files[0].resource", equalTo(resource)).body("files[0].useful", equalTo(19));
        assertEquals(4032, count("SELECT COUNT(*) FROM metric_history WHERE resource = '" + resource + "'"));
    }

    private void refused(Map<String, byte[]> folder, int status, String where) throws IOException {
        post(zip(folder), "folder.zip").statusCode(status).contentType("application/problem+json")
                .body("where", startsWith(where));
    }

    private static Map<String, byte[]> folder(String windows, byte[] targets, byte[] series) {
        return Map.of("windows.json", windows.getBytes(StandardCharsets.UTF_8), "targets.json", targets, "cpu.csv", series);
    }

    private static ValidatableResponse post(byte[] zip, String name) {
        return Api.editor().multiPart("file", name, zip, "application/zip").post(URL).then();
    }

    /** Every finding on a resource with a label (or "none"), through the API. */
    private static List<Map<String, Object>> findings(String resource, String label) {
        JsonPath page = Api.viewer().queryParam("resource", resource).queryParam("label", label).queryParam("limit", 1000)
                .get("/api/findings").then().statusCode(200).extract().jsonPath();
        assertTrue(page.getString("next") == null);
        return page.getList("items");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String file(String id) {
        return "ec2_cpu_utilization_" + id + ".csv";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LabelledImportTest.class.getResourceAsStream("/data/nab/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Instant time(String nab) {
        return LocalDateTime.parse(nab, NAB_TIME).toInstant(ZoneOffset.UTC);
    }

    private static List<String[]> rows(String id) throws IOException {
        String text = new String(resource(file(id)), StandardCharsets.UTF_8);
        return text.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    }

    /** Runs of consecutive samples above the threshold: [first, last] sample times. */
    private static List<Instant[]> episodes(List<String[]> rows) {
        List<Instant[]> out = new ArrayList<>();
        Instant[] current = null;
        for (String[] r : rows) {
            if (Double.parseDouble(r[1]) > THRESHOLD) {
                if (current == null) {
                    current = new Instant[] {time(r[0]), time(r[0])};
                    out.add(current);
                } else {
                    current[1] = time(r[0]);
                }
            } else {
                current = null;
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
