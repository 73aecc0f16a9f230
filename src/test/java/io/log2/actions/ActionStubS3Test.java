package io.log2.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The S3 side of the stub refuses what S3 would: a body that is not a PublicAccessBlockConfiguration, another path. */
class ActionStubS3Test {

    private static HttpResponse<String> put(ActionStub aws, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMalformedOrForeignBodyIsRefusedWithMalformedXmlAndChangesNothing() throws Exception {
        try (ActionStub aws = new ActionStub()) {
            aws.bucket("logs", null);
            HttpResponse<String> foreign = put(aws, "/logs?publicAccessBlock",
                    "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>");
            assertEquals(400, foreign.statusCode());
            assertTrue(foreign.body().contains("<Code>MalformedXML</Code>"), foreign.body());
            HttpResponse<String> bad = put(aws, "/logs?publicAccessBlock",
                    "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>");
            assertEquals(400, bad.statusCode());
            assertNull(aws.block("logs"));
            HttpResponse<String> good = put(aws, "/logs?publicAccessBlock",
                    "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>");
            assertEquals(200, good.statusCode());
            assertEquals(Map.of("BlockPublicAcls", "true", "IgnorePublicAcls", "false", "BlockPublicPolicy", "false",
                    "RestrictPublicBuckets", "false"), aws.block("logs"));
        }
    }

    @Test
    void aRequestOffThePublicAccessBlockPathIsRefused() throws Exception {
        try (ActionStub aws = new ActionStub()) {
            aws.bucket("logs", null);
            HttpResponse<String> policy = put(aws, "/logs?policy", "{}");
            assertEquals(400, policy.statusCode());
            assertTrue(policy.body().contains("<Code>StubUnknownOperation</Code>"), policy.body());
            assertNull(aws.block("logs"));
        }
    }
}
