package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A rule whose severity the log cannot store is refused when it is uploaded, with file, line and reason, instead of
 * compiling and then failing every run it fires in (and the other runs written with them) with 503.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RuleMetadataApiTest {

    @Test
    void aRuleWithASeverityOutsideTheSetIsRefusedOnUploadAndRunsGoOn() {
        String drl = String.join("\n",
                "package io.log2.rules.metadata",
                "import io.log2.agents.awsusage.MetricSample",
                "global io.log2.logic.Findings findings",
                "rule \"Loud\" @severity(\"very high priority\") @category(\"performance\")",
                "when $m : MetricSample( value > 90 ) then findings.alert(kcontext, $m); end");
        int active = Api.viewer().get("/api/agents/aws-usage").jsonPath().getInt("activeVersion.version");
        Api.editor().contentType("application/octet-stream").body(drl.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/loud.drl").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].file", equalTo("loud.drl"))
                .body("errors[0].line", equalTo(4))
                .body("errors[0].reason", containsString("@severity(\"very high priority\") is not one of low, medium, high, critical"));
        assertEquals(active, Api.viewer().get("/api/agents/aws-usage").jsonPath().getInt("activeVersion.version"));
        assertEquals(false, Files.exists(RulesFolderResource.rulesDir().resolve("aws-usage/loud.drl")));

        Api.editor().contentType("application/json").body(run(ec2Cpu("i-metadata", 93.0)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200)
                .body("status", equalTo("complete")).body("findings[0].severity", equalTo("high"));
    }
}
