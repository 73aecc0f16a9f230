package io.log2.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An upload whose file cannot be written to the agent's folder changes nothing: not the folder, not the stored
 * versions, not the active version, and it leaves no temporary file behind.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RuleUploadFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final byte[] RULE = """
            package io.log2.rules.awsusage
            import io.log2.agents.awsusage.MetricSample
            rule "Upload that cannot be written"
            when
                MetricSample( value > 1000000 )
            then
            end
            """.getBytes(StandardCharsets.UTF_8);

    @Test
    void whenTheFileCannotBeRenamedIntoPlaceNoVersionIsStoredOrActivated() throws IOException {
        Path folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        // A folder where the file should go: the temporary file is written, but the rename into place fails.
        Path blocker = Files.createDirectories(folder.resolve("blocked.drl"));
        Files.writeString(blocker.resolve("keep"), "a folder in the way");
        try {
            int active = activeVersion();
            List<Object> versions = versions();

            io.restassured.response.Response answer = upload("blocked.drl");

            assertEquals(active, activeVersion());
            assertEquals(versions, versions());
            assertTrue(Files.isDirectory(blocker));
            assertEquals(List.of(), temporaryFiles(folder));
            answer.then().statusCode(500).contentType("application/problem+json")
                    .body("type", equalTo("https://log2.io/problems/rules-not-written"))
                    .body("file", equalTo("blocked.drl"))
                    .body("detail", not(containsString(folder.toString())));
        } finally {
            Files.delete(blocker.resolve("keep"));
            Files.delete(blocker);
        }
    }

    @Test
    void whenTheAgentsFolderIsNotAFolderNothingChanges() throws IOException {
        Path folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        Path aside = folder.resolveSibling("aws-usage.aside");
        int active = activeVersion();
        List<Object> versions = versions();
        Files.move(folder, aside);
        byte[] notAFolder = "not a folder".getBytes(StandardCharsets.UTF_8);
        Files.write(folder, notAFolder);
        try {
            io.restassured.response.Response answer = upload("extra.drl");

            assertArrayEquals(notAFolder, Files.readAllBytes(folder));
            assertEquals(active, activeVersion());
            assertEquals(versions, versions());
            assertEquals(List.of(), temporaryFiles(folder.getParent()));
            answer.then().statusCode(500).contentType("application/problem+json")
                    .body("type", equalTo("https://log2.io/problems/rules-not-written"));
        } finally {
            Files.delete(folder);
            Files.move(aside, folder);
        }
        // The folder is back as it was: the same version runs and no refusal is left over.
        await().atMost(WAIT).until(() -> agent().get("error") == null);
        assertEquals(active, activeVersion());
    }

    private static io.restassured.response.Response upload(String name) {
        return Api.editor().contentType("application/octet-stream").body(RULE).put("/api/agents/aws-usage/files/" + name);
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }

    private static List<Object> versions() {
        return Api.viewer().get("/api/agents/aws-usage/versions").then().statusCode(200).extract().jsonPath().getList("version");
    }
}
