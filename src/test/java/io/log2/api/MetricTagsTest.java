package io.log2.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Requests to paths no endpoint serves, sent without credentials, are counted without their path: they cannot fill
 * the http_server_requests metric with tags of their own, nor use up the 100 URI tags it allows.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class MetricTagsTest {

    private static final Pattern URI = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"");

    private static Set<String> uriTags() {
        Matcher m = URI.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        Set<String> uris = new TreeSet<>();
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    @Test
    void pathsThatMatchNoEndpointDoNotBecomeTags() {
        for (int i = 0; i < 120; i++) {
            given().request("PATCH", "/api/agents/junk-" + i).then().statusCode(405);
            // outside /api, without a session, every path is sent to the console's login page
            given().redirects().follow(false).get("/junk-" + i).then().statusCode(302);
            given().get("/api/junk-" + i).then().statusCode(404);
            given().contentType("text/plain").body("junk").post("/api/agents/junk-" + i + "/runs");
        }
        Set<String> uris = uriTags();
        assertTrue(uris.stream().noneMatch(u -> u.contains("junk")), "no tag of its own for a junk path: " + uris);
        Set<String> allowed = new java.util.HashSet<>(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("paths").keySet().stream().map(String::valueOf).toList());
        allowed.addAll(Set.of("NOT_FOUND", "REDIRECTION", "UNKNOWN", "root"));
        Set<String> others = new java.util.TreeSet<>(uris);
        others.removeAll(allowed);
        assertTrue(others.isEmpty(), "the tags are the endpoints' templates and a few fixed ones, not " + others);
        // The endpoints keep theirs.
        Api.viewer().get("/api/agents/aws-usage/versions/1").then().statusCode(200);
        assertTrue(uriTags().contains("/api/agents/{agent}/versions/{version}"), "an endpoint's template is a tag");
    }
}
