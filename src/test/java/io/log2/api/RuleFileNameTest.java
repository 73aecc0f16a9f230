package io.log2.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.logic.RuleFileName;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Upload names outside the strict pattern are refused before anything is compiled, stored, written or activated. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RuleFileNameTest {

    /** Rules that compile beside the shipped ones, so only the name can be the reason for a refusal. */
    private static final String DRL = """
            package io.log2.rules.nametest
            import io.log2.agents.awsusage.MetricSample
            global io.log2.logic.Findings findings

            rule "Name test never fires"
                @severity("low") @category("resource") @message("never")
            when
                $f : MetricSample( metric == "no-such-metric" )
            then
                findings.alert(kcontext, $f);
            end
            """;

    private static List<String> folder() throws IOException {
        try (Stream<Path> files = Files.list(RulesFolderResource.rulesDir().resolve("aws-usage"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int versionCount() {
        return Api.viewer().get("/api/agents/aws-usage/versions").then().statusCode(200).extract().jsonPath()
                .getList("version").size();
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath()
                .getInt("activeVersion.version");
    }

    @Test
    void namesOutsideThePatternAreRefusedAndNothingIsStored() throws IOException {
        List<String> before = folder();
        int versions = versionCount();
        int active = activeVersion();
        String longName = "a".repeat(296) + ".drl";
        // As sent on the wire, percent-encoded: CR LF, NUL, 300 characters, hidden, a space, a tab, not a rule file.
        for (String encoded : new String[] {"evil%0D%0AX-Injected:%201.drl", "nul%00.drl", longName, ".hidden.drl",
                "with%20space.drl", "tab%09.drl", "notes.txt", "-dash-first.drl", "%C3%A9t%C3%A9.drl"}) {
            Api.editor().urlEncodingEnabled(false).contentType("application/octet-stream").body(DRL.getBytes(StandardCharsets.UTF_8))
                    .put("/api/agents/aws-usage/files/" + encoded)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("where", equalTo("name"))
                    .body("detail", anyOf(containsString("is not a rule file name"), containsString("holds a control character")));
        }
        assertEquals(before, folder(), "no file written, no temporary file left");
        assertEquals(versions, versionCount(), "no version stored");
        assertEquals(active, activeVersion(), "the running version stays");
    }

    @Test
    void aNameAtTheLengthLimitIsAccepted() throws IOException {
        String name = "n".repeat(RuleFileName.MAX_LENGTH - 4) + ".drl";
        try {
            Api.editor().contentType("application/octet-stream").body(DRL.getBytes(StandardCharsets.UTF_8)).put("/api/agents/aws-usage/files/" + name)
                    .then().statusCode(200).body("files", hasItem(name));
        } finally {
            // Put the shipped rule set back for the other tests: the folder as shipped, active again.
            Path file = RulesFolderResource.rulesDir().resolve("aws-usage").resolve(name);
            Files.deleteIfExists(file);
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    !Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath()
                            .getList("activeVersion.files").contains(name));
        }
    }
}
