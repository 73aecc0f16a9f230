package io.log2.agents.awsusage.collect.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.awsusage.ResourceState;
import io.log2.agents.awsusage.collect.AwsClients;
import io.log2.agents.awsusage.collect.CollectWindow;
import io.log2.agents.awsusage.collect.CollectedData;
import io.log2.agents.awsusage.collect.InventoryCollector;
import io.log2.agents.awsusage.collect.inventory.S3Xml.Listed;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/**
 * The inventory collector with the SDK's real clients against a local stub that serves recorded EC2 and RDS
 * responses (AWS CLI examples and Cloud Custodian recordings, several recordings as consecutive pages) and
 * hand-written S3 answers.
 */
class InventoryCollectorTest {

    private static final String REGION = "us-east-1";
    private static final CollectWindow WINDOW = new CollectWindow(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"));

    private StubAws stub;
    private AwsClients clients;

    @BeforeEach
    void start() throws Exception {
        stub = new StubAws();
        clients = stub.clients(3);
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    /** Serves recordings as consecutive pages: page n+1 is asked for with the token page n carried. */
    private static Function<StubAws.Request, StubAws.Reply> pages(String tokenName, Function<ObjectNode, String> wire,
                                                                   String... recordings) {
        return request -> {
            String token = request.param(tokenName);
            int page = token == null ? 0 : Integer.parseInt(token.substring("page-".length())) - 1;
            ObjectNode body = Recordings.load(recordings[page]);
            body.remove(tokenName);
            if (page + 1 < recordings.length) {
                body.put(tokenName, "page-" + (page + 2));
            }
            return StubAws.Reply.xml(wire.apply(body));
        };
    }

    static void serveRecordedEc2AndRds(StubAws stub) {
        stub.on("DescribeInstances", pages("NextToken",
                body -> WireXml.ec2("DescribeInstances", body, DescribeInstancesResponse.builder()),
                "aws-cli-examples/ec2.describe-instances_1.json",
                "custodian-placebo/test_ec2_termination-protected_filter/ec2.DescribeInstances_1.json",
                "custodian-placebo/test_ec2_stop/ec2.DescribeInstances_1.json"));
        stub.on("DescribeVolumes", pages("NextToken",
                body -> WireXml.ec2("DescribeVolumes", body, DescribeVolumesResponse.builder()),
                "custodian-placebo/test_ebs_instance_filter/ec2.DescribeVolumes_1.json",
                "custodian-placebo/test_ebs_volume_query/ec2.DescribeVolumes_1.json"));
        stub.on("DescribeDBInstances", pages("Marker",
                body -> WireXml.query("DescribeDBInstances", WireXml.RDS_XMLNS, body, DescribeDbInstancesResponse.builder()),
                "custodian-placebo/test_rds_snapshot_copy_related_tags/rds.DescribeDBInstances_1.json",
                "custodian-placebo/test_rds_with_query_parameter/rds.DescribeDBInstances_1.json",
                "custodian-placebo/test_rds_aws_managed_kms_keys/rds.DescribeDBInstances_1.json",
                "custodian-placebo/test_rds_delete_aurora_filter/rds.DescribeDBInstances_1.json"));
    }

    private static String bucketOf(StubAws.Request request) {
        return request.path().substring(1);
    }

    /** Answers an S3 bucket operation from a table by bucket; a bucket missing from the table is a test error. */
    private static Function<StubAws.Request, StubAws.Reply> byBucket(Map<String, StubAws.Reply> replies) {
        return request -> {
            StubAws.Reply reply = replies.get(bucketOf(request));
            if (reply == null) {
                throw new IllegalStateException("unexpected " + request.operation() + " for " + bucketOf(request));
            }
            return reply;
        };
    }

    private static StubAws.Reply ok(String xml) {
        return StubAws.Reply.xml(xml);
    }

    static void serveBuckets(StubAws stub) {
        stub.on("ListBuckets", request -> request.param("continuation-token") == null
                ? ok(S3Xml.listBuckets("page-2",
                        new Listed("log2-private", REGION),
                        new Listed("log2-public-policy", REGION),
                        new Listed("log2-eu-logs", "eu-west-1"),
                        new Listed("log2-public-acl", REGION)))
                : ok(S3Xml.listBuckets(null,
                        new Listed("log2-restricted-policy", REGION),
                        new Listed("log2-deleted", REGION))));
        stub.on("GetPublicAccessBlock", byBucket(Map.of(
                "log2-private", ok(S3Xml.publicAccessBlock(true, true, true, true)),
                "log2-public-policy", S3Xml.error(404, "NoSuchPublicAccessBlockConfiguration",
                        "The public access block configuration was not found", "log2-public-policy"),
                "log2-public-acl", ok(S3Xml.publicAccessBlock(true, false, true, false)),
                "log2-restricted-policy", ok(S3Xml.publicAccessBlock(false, false, false, true)),
                "log2-deleted", S3Xml.error(404, "NoSuchBucket", "The specified bucket does not exist", "log2-deleted"))));
        stub.on("GetBucketPolicyStatus", byBucket(Map.of(
                "log2-public-policy", ok(S3Xml.policyStatus(true)),
                "log2-public-acl", S3Xml.error(404, "NoSuchBucketPolicy", "The bucket policy does not exist", "log2-public-acl"))));
        stub.on("GetBucketAcl", byBucket(Map.of(
                "log2-public-acl", ok(S3Xml.acl(S3Xml.ALL_USERS)),
                "log2-restricted-policy", ok(S3Xml.acl(null)))));
        stub.on("GetBucketEncryption", byBucket(Map.of(
                "log2-private", ok(S3Xml.encryption("AES256")),
                "log2-public-policy", ok(S3Xml.encryption("aws:kms")),
                "log2-public-acl", S3Xml.error(404, "ServerSideEncryptionConfigurationNotFoundError",
                        "The server side encryption configuration was not found", "log2-public-acl"),
                "log2-restricted-policy", ok(S3Xml.encryption("AES256")))));
        stub.on("GetBucketTagging", byBucket(Map.of(
                "log2-private", ok(S3Xml.tagging(ordered("env", "prod", "cost-center", "42"))),
                "log2-public-policy", S3Xml.error(404, "NoSuchTagSet", "The TagSet does not exist", "log2-public-policy"),
                "log2-public-acl", ok(S3Xml.tagging(ordered("team", "web"))),
                "log2-restricted-policy", S3Xml.error(404, "NoSuchTagSet", "The TagSet does not exist", "log2-restricted-policy"))));
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ResourceState state(String type, String id, Boolean publicAccess, Boolean encrypted, String... tags) {
        return new ResourceState(type, id, REGION, publicAccess, encrypted, ordered(tags));
    }

    private static List<ResourceState> ofType(CollectedData data, String type) {
        return data.resources().stream().filter(r -> r.resourceType().equals(type)).toList();
    }

    private CollectedData collectEverything() {
        serveRecordedEc2AndRds(stub);
        serveBuckets(stub);
        return new InventoryCollector().collect(clients, WINDOW);
    }

    @Test
    void ec2InstancesFromEveryPageWithTagsAndPublicAddressesButNotTerminatedOnes() {
        CollectedData data = collectEverything();

        assertEquals(List.of(
                // aws-cli example: a public IP address and a Name tag
                state(InventoryCollector.EC2_INSTANCE, "i-1234567890abcdef0", true, null, "Name", "my-instance"),
                // Custodian test_ec2_termination-protected_filter: one public instance, two private ones
                state(InventoryCollector.EC2_INSTANCE, "i-0718418de3bb4ae2a", true, null,
                        "Name", "ecs-instance-1", "tooling_repo", "somerepo", "tf_config", "ecs-infra"),
                state(InventoryCollector.EC2_INSTANCE, "i-092f500eaad726b71", false, null,
                        "created_by", "terraform", "ownerEmail", "foo@example.com", "Name", "jantman-throwaway-2",
                        "component", "throwaway", "project", "throwaway", "environment", "dev"),
                state(InventoryCollector.EC2_INSTANCE, "i-02117c13e1d21b229", false, null,
                        "created_by", "terraform", "ownerEmail", "foo@example.com", "component", "throwaway",
                        "environment", "dev", "Name", "jantman-throwaway-1", "project", "throwaway"),
                // Custodian test_ec2_stop: i-b2d2a876 and i-13413bd7 are terminated and left out
                state(InventoryCollector.EC2_INSTANCE, "i-1aebf7c0", true, null,
                        "Testing", "Testing123", "Name", "CompileLambda")),
                ofType(data, InventoryCollector.EC2_INSTANCE));

        List<StubAws.Request> calls = stub.requests("DescribeInstances");
        assertEquals(3, calls.size());
        assertEquals(Arrays.asList(null, "page-2", "page-3"), calls.stream().map(r -> r.param("NextToken")).toList());
        calls.forEach(r -> assertEquals("2016-11-15", r.param("Version")));
    }

    @Test
    void ec2VolumesWithEncryptionAndTags() {
        CollectedData data = collectEverything();

        assertEquals(List.of(
                state(InventoryCollector.EC2_VOLUME, "vol-2b047792", null, false,
                        "LastAttachTime", "2016-04-14T05:17:29+00:00", "Name", "CompileLambda", "LastAttachInstance", "i-1aebf7c0"),
                state(InventoryCollector.EC2_VOLUME, "vol-466f46ff", null, true,
                        "maid-crypt-remediation", "i-1aebf7c0", "maid-instance-device", "/dev/xvda", "maid-origin-volume", "vol-2b047792"),
                state(InventoryCollector.EC2_VOLUME, "vol-96c7ee2f", null, false),
                state(InventoryCollector.EC2_VOLUME, "vol-encrypted-gp3-001", null, true),
                state(InventoryCollector.EC2_VOLUME, "vol-encrypted-gp3-002", null, true)),
                ofType(data, InventoryCollector.EC2_VOLUME));

        assertEquals(Arrays.asList(null, "page-2"),
                stub.requests("DescribeVolumes").stream().map(r -> r.param("NextToken")).toList());
    }

    @Test
    void rdsInstancesWithEncryptionPublicAccessTagsAndDefaultMaxConnections() {
        CollectedData data = collectEverything();

        assertEquals(List.of(
                state(InventoryCollector.RDS_INSTANCE, "database-1", false, true, "Owner", "c7n"),
                state(InventoryCollector.RDS_INSTANCE, "database-2", false, true, "Owner", "c7n"),
                state(InventoryCollector.RDS_INSTANCE, "mariadb-1", false, true, "Name", "RDS Test", "Engine", "MariaDB-1"),
                state(InventoryCollector.RDS_INSTANCE, "bluelobster", true, true),
                state(InventoryCollector.RDS_INSTANCE, "zebramoon", true, false),
                state(InventoryCollector.RDS_INSTANCE, "aurora-test-instance", false, false)),
                ofType(data, InventoryCollector.RDS_INSTANCE));

        assertEquals(Map.of(
                "database-1", 1802.0,   // postgres, db.r6g.large, 16 GiB / 9531392
                "database-2", 112.0,    // postgres, db.t3.micro, 1 GiB / 9531392
                "mariadb-1", 85.0,      // mariadb, db.t3.micro, 1 GiB / 12582880
                "bluelobster", 320.0,   // mysql, db.m3.medium, 3.75 GiB / 12582880
                "zebramoon", 901.0),    // postgres, db.m4.large, 8 GiB / 9531392
                data.capacities(), "aurora-mysql has no capacity: its formula differs");
        assertNull(data.capacities().get("aurora-test-instance"));

        List<StubAws.Request> calls = stub.requests("DescribeDBInstances");
        assertEquals(Arrays.asList(null, "page-2", "page-3", "page-4"), calls.stream().map(r -> r.param("Marker")).toList());
        calls.forEach(r -> assertEquals("2014-10-31", r.param("Version")));
    }

    @Test
    void s3BucketsOfThisRegionWithPublicAccessEncryptionAndTags() {
        CollectedData data = collectEverything();

        assertEquals(List.of(
                // every block set: neither policy nor ACL is asked about
                state(InventoryCollector.S3_BUCKET, "log2-private", false, true, "env", "prod", "cost-center", "42"),
                // no block and a public policy; no tag set
                state(InventoryCollector.S3_BUCKET, "log2-public-policy", true, true),
                // no policy, an AllUsers grant not ignored; no encryption configuration
                state(InventoryCollector.S3_BUCKET, "log2-public-acl", true, false, "team", "web"),
                // RestrictPublicBuckets makes any policy non-public; the ACL is the owner's only
                state(InventoryCollector.S3_BUCKET, "log2-restricted-policy", false, true)),
                ofType(data, InventoryCollector.S3_BUCKET));

        List<String> s3Calls = stub.requests().stream()
                .filter(r -> !r.operation().startsWith("Describe"))
                .map(r -> r.operation() + (r.operation().equals("ListBuckets") ? "" : " " + bucketOf(r)))
                .toList();
        assertEquals(List.of(
                "ListBuckets",
                "GetPublicAccessBlock log2-private", "GetBucketEncryption log2-private", "GetBucketTagging log2-private",
                "GetPublicAccessBlock log2-public-policy", "GetBucketPolicyStatus log2-public-policy",
                "GetBucketEncryption log2-public-policy", "GetBucketTagging log2-public-policy",
                "GetPublicAccessBlock log2-public-acl", "GetBucketPolicyStatus log2-public-acl", "GetBucketAcl log2-public-acl",
                "GetBucketEncryption log2-public-acl", "GetBucketTagging log2-public-acl",
                "ListBuckets",
                "GetPublicAccessBlock log2-restricted-policy", "GetBucketAcl log2-restricted-policy",
                "GetBucketEncryption log2-restricted-policy", "GetBucketTagging log2-restricted-policy",
                // deleted since the listing: left out after the first call
                "GetPublicAccessBlock log2-deleted"),
                s3Calls);

        List<StubAws.Request> listings = stub.requests("ListBuckets");
        assertEquals(REGION, listings.get(0).param("bucket-region"));
        assertNull(listings.get(0).param("continuation-token"));
        assertEquals(REGION, listings.get(1).param("bucket-region"));
        assertEquals("page-2", listings.get(1).param("continuation-token"));
    }

    @Test
    void everyFactCarriesTheClientsRegionAndTheCollectorIsNamedInventory() {
        CollectedData data = collectEverything();

        assertEquals("inventory", new InventoryCollector().name());
        assertEquals(5 + 5 + 6 + 4, data.resources().size());
        data.resources().forEach(r -> assertEquals(REGION, r.region(), r.toString()));
        assertEquals(List.of("DescribeInstances", "DescribeVolumes", "DescribeDBInstances", "ListBuckets"),
                stub.operations().stream().distinct().filter(op -> op.startsWith("Describe") || op.equals("ListBuckets")).toList());
        assertEquals(0, stub.requests().stream().filter(r -> r.operation().startsWith("S3 ") || r.operation().equals("?")).count());
    }
}
