package io.log2.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.Facts;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Each endpoint has its body limit: imports log2.imports.max-bytes (3 MiB in the test profile), everything else
 * log2.max-body-bytes (1 MiB there). A body sent without Content-Length (chunked) is counted as it arrives.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class BodyLimitTest {

    private static final int RUN_LIMIT = 1024 * 1024;
    private static final int IMPORT_LIMIT = 3 * 1024 * 1024;
    private static final String IMPORTS = "/api/agents/aws-usage/imports";
    private static final String BOUNDARY = "log2-test-boundary";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    /** A metric series of at least {@code size} bytes, of a metric no rule reads. */
    private static byte[] series(int size) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        Instant t = Instant.parse("2001-01-01T00:00:00Z");
        for (int i = 0; csv.length() < size; i++) {
            csv.append(t.plusSeconds(60L * i)).append(",1.0\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] runBody(int size) {
        StringBuilder body = new StringBuilder("{\"facts\":[");
        for (int i = 0; body.length() < size; i++) {
            body.append(i == 0 ? "" : ",").append(Facts.ec2Cpu("i-big-" + i, 10));
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anImportLargerThanARunBodyIsAccepted() {
        byte[] csv = series(RUN_LIMIT + RUN_LIMIT / 2);
        int rows = (int) new String(csv, StandardCharsets.UTF_8).lines().count() - 1;
        Api.editor().contentType(MULTIPART).body(multipart(BOUNDARY, "padding-" + System.nanoTime(), csv))
                .post(IMPORTS).then().statusCode(200).body("metricSamples", equalTo(rows));
    }

    /** A multipart body built here, so that it goes out with its Content-Length (RestAssured streams its own). */
    private static byte[] multipart(String boundary, String resource, byte[] file) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"namespace\"\r\n\r\nTest/BodyLimit\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metric\"\r\n\r\nPadding\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"resource\"\r\n\r\n" + resource + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"padding.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[h.length + file.length + t.length];
        System.arraycopy(h, 0, body, 0, h.length);
        System.arraycopy(file, 0, body, h.length, file.length);
        System.arraycopy(t, 0, body, h.length + file.length, t.length);
        return body;
    }

    @Test
    void anImportOverItsOwnLimitIsA413NamingTheSettingBeforeItIsRead() {
        Api.editor().contentType(MULTIPART).body(multipart(BOUNDARY, "too-big", series(IMPORT_LIMIT + 512 * 1024)))
                .post(IMPORTS).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("log2.imports.max-bytes")).body("limit", equalTo(IMPORT_LIMIT + 64 * 1024));
    }

    @Test
    void aChunkedImportOverItsLimitIsA413() throws Exception {
        HttpResponse<String> answer = Chunked.send("POST", IMPORTS, MULTIPART,
                multipart(BOUNDARY, "too-big-chunked", series(IMPORT_LIMIT + 512 * 1024)));
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aChunkedRunBodyIsCountedAndRefusedOverTheRunLimit() throws Exception {
        HttpResponse<String> answer = Chunked.send("POST", "/api/agents/aws-usage/runs", "application/json",
                runBody(RUN_LIMIT + 200_000));
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("\"limit\":" + RUN_LIMIT) && answer.body().contains("log2.max-body-bytes"), answer.body());
        // Under the limit, a chunked body is read as usual.
        assertEquals(200, Chunked.send("POST", "/api/agents/aws-usage/runs", "application/json", runBody(50_000)).statusCode());
    }

    @Test
    void aChunkedRuleUploadIsCountedToo() throws Exception {
        int versions = Api.viewer().get("/api/agents/aws-usage/versions").then().extract().jsonPath().getList("version").size();
        byte[] drl = ("// padding\n".repeat(RUN_LIMIT / 10)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = Chunked.send("PUT", "/api/agents/aws-usage/files/padding.drl", "application/octet-stream", drl);
        assertEquals(413, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"limit\":" + RUN_LIMIT), answer.body());
        Api.viewer().get("/api/agents/aws-usage/versions").then().body("size()", equalTo(versions));
    }

    /** Requests whose body goes out without Content-Length, in chunks, as the editor's credentials. */
    private static final class Chunked {

        static HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
            Api.editor(); // makes sure the test users exist
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .header("Content-Type", contentType)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("editor-user:" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    // An input stream of unknown length: the client sends it chunked.
                    .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
