package io.log2.actions;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.ActionRequest;
import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * block-public-access against a local S3 endpoint: the four settings are put as S3's XML on
 * {@code ?publicAccessBlock}, and the undo restores exactly what the bucket had, or deletes the block it lacked.
 */
@QuarkusTest
class BlockPublicAccessTest {

    static final Map<String, String> ALL = Map.of("BlockPublicAcls", "true", "IgnorePublicAcls", "true",
            "BlockPublicPolicy", "true", "RestrictPublicBuckets", "true");

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stub() throws IOException {
        aws = ActionStub.started(clients, service, "block-public-access,,,,,,auto\n");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private String bucket(Map<String, String> block) {
        String bucket = "public-" + UUID.randomUUID().toString().substring(0, 13);
        aws.bucket(bucket, block);
        return bucket;
    }

    private ActionEntry block(String bucket) {
        return service.get(service.raise(new ActionRequest("block-public-access", "run.1", 1, "public bucket", "high", bucket,
                account, Map.of()), "run-1", null));
    }

    private static void assertSettings(ActionStub.Request put, String acls, String ignore, String policy, String restrict) {
        assertEquals(List.of(acls, ignore, policy, restrict), List.of(put.param("BlockPublicAcls"), put.param("IgnorePublicAcls"),
                put.param("BlockPublicPolicy"), put.param("RestrictPublicBuckets")), put.param("body"));
    }

    @Test
    void aBucketWithoutABlockGetsAllFourSettingsAndTheUndoDeletesTheBlock() {
        String bucket = bucket(null);
        ActionEntry done = block(bucket);
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("- " + bucket + " public access block: none\n+ " + bucket + " BlockPublicAcls: true\n+ " + bucket
                + " IgnorePublicAcls: true\n+ " + bucket + " BlockPublicPolicy: true\n+ " + bucket
                + " RestrictPublicBuckets: true", done.diff());
        assertEquals(BlockPublicAccess.NONE, done.previous());
        assertEquals(List.of("GetPublicAccessBlock", "PutPublicAccessBlock", "GetPublicAccessBlock"), aws.operations(bucket));
        ActionStub.Request put = aws.last("PutPublicAccessBlock");
        assertEquals("/" + bucket + "?publicAccessBlock", put.param("path"));
        assertTrue(put.param("body").contains("<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
                put.param("body"));
        assertSettings(put, "true", "true", "true", "true");
        assertEquals(ALL, aws.block(bucket));
        AwsCall none = done.awsCalls().get(0);
        assertEquals("NoSuchPublicAccessBlockConfiguration", none.errorCode(), "the dry run read: no block");
        assertNotNull(none.requestId());

        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200).body("state", equalTo("undone"));
        assertEquals("DeletePublicAccessBlock", aws.operations(bucket).get(3));
        assertEquals("/" + bucket + "?publicAccessBlock", aws.last("DeletePublicAccessBlock").param("path"));
        assertNull(aws.block(bucket), "the bucket has no block again");
    }

    @Test
    void aPartlyBlockedBucketGetsTheMissingSettingsAndTheUndoPutsBackExactlyWhatItHad() {
        Map<String, String> before = Map.of("BlockPublicAcls", "true", "IgnorePublicAcls", "false",
                "BlockPublicPolicy", "true", "RestrictPublicBuckets", "false");
        String bucket = bucket(before);
        ActionEntry done = block(bucket);
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("- " + bucket + " IgnorePublicAcls: false\n+ " + bucket + " IgnorePublicAcls: true\n- " + bucket
                + " RestrictPublicBuckets: false\n+ " + bucket + " RestrictPublicBuckets: true", done.diff());
        assertSettings(aws.last("PutPublicAccessBlock"), "true", "true", "true", "true");
        assertEquals(ALL, aws.block(bucket));

        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200).body("state", equalTo("undone"));
        assertSettings(aws.last("PutPublicAccessBlock"), "true", "false", "true", "false");
        assertEquals(before, aws.block(bucket));
        assertTrue(aws.operations(bucket).stream().noneMatch("DeletePublicAccessBlock"::equals));
    }

    @Test
    void aBucketBlockingEverythingAlreadyShowsNoChange() {
        String bucket = bucket(ALL);
        ActionEntry done = block(bucket);
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("no change: " + bucket + " blocks all public access", done.diff());
        assertEquals(ALL, aws.block(bucket));
    }

    @Test
    void aDeniedPutFailsWithAccessDeniedAndLeavesTheBucketAsItWas() {
        String bucket = bucket(null);
        aws.deny("PutPublicAccessBlock", bucket);
        ActionEntry failed = block(bucket);
        assertEquals(ActionEntry.FAILED, failed.state());
        assertEquals("PutPublicAccessBlock: AccessDenied: Access Denied", failed.outcome());
        assertNull(aws.block(bucket));
        AwsCall denied = failed.awsCalls().get(failed.awsCalls().size() - 1);
        assertEquals("execute", denied.step());
        assertEquals("AccessDenied", denied.errorCode());
        assertNotNull(denied.requestId());
        assertSettings(aws.last("PutPublicAccessBlock"), "true", "true", "true", "true");
    }
}
