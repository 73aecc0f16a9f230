package io.log2.agents.awsusage.collect.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.awsusage.collect.AwsClients;
import io.log2.agents.awsusage.collect.CollectWindow;
import io.log2.agents.awsusage.collect.InventoryCollector;
import io.log2.agents.awsusage.collect.inventory.S3Xml.Listed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Failures leave the collector: throttling once the SDK's configured attempts are spent, an answer that is not
 * XML, and any S3 error that does not mean "this bucket has no such configuration".
 */
class InventoryCollectorErrorsTest {

    private static final CollectWindow WINDOW = new CollectWindow(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private StubAws stub;
    private AwsClients clients;

    @BeforeEach
    void start() throws Exception {
        stub = new StubAws();
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        stub.close();
    }

    private static ObjectNode empty(String listMember) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray(listMember);
        return body;
    }

    private void serveEmptyEc2() {
        stub.on("DescribeInstances", r -> StubAws.Reply.xml(
                WireXml.ec2("DescribeInstances", empty("Reservations"), DescribeInstancesResponse.builder())));
        stub.on("DescribeVolumes", r -> StubAws.Reply.xml(
                WireXml.ec2("DescribeVolumes", empty("Volumes"), DescribeVolumesResponse.builder())));
    }

    private void serveEmptyRds() {
        stub.on("DescribeDBInstances", r -> StubAws.Reply.xml(WireXml.query("DescribeDBInstances", WireXml.RDS_XMLNS,
                empty("DBInstances"), DescribeDbInstancesResponse.builder())));
    }

    @Test
    void ec2ThrottlingOnEveryAttemptFailsTheCollectionAfterTheConfiguredAttempts() {
        clients = stub.clients(3);
        stub.on("DescribeInstances", r -> new StubAws.Reply(503, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>"
                + "</Error></Errors><RequestID>stub-request</RequestID></Response>"));

        Ec2Exception e = assertThrows(Ec2Exception.class, () -> new InventoryCollector().collect(clients, WINDOW));

        assertEquals("RequestLimitExceeded", e.awsErrorDetails().errorCode());
        assertEquals(503, e.statusCode());
        assertEquals(List.of("DescribeInstances", "DescribeInstances", "DescribeInstances"), stub.operations());
    }

    @Test
    void rdsThrottlingOnEveryAttemptFailsTheCollectionAfterTheConfiguredAttempts() {
        clients = stub.clients(2);
        serveEmptyEc2();
        stub.on("DescribeDBInstances", r -> new StubAws.Reply(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ErrorResponse xmlns=\"" + WireXml.RDS_XMLNS + "\"><Error><Type>Sender</Type><Code>Throttling</Code>"
                + "<Message>Rate exceeded</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>"));

        RdsException e = assertThrows(RdsException.class, () -> new InventoryCollector().collect(clients, WINDOW));

        assertEquals("Throttling", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(List.of("DescribeInstances", "DescribeVolumes", "DescribeDBInstances", "DescribeDBInstances"),
                stub.operations(), "two attempts at RDS, and S3 never reached");
    }

    @Test
    void aResponseThatIsNotXmlFailsTheCollectionWithAClientException() {
        clients = stub.clients(3);
        stub.on("DescribeInstances", r -> StubAws.Reply.xml("<DescribeInstancesResponse xmlns=\"" + WireXml.EC2_XMLNS
                + "\"><reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1"));

        SdkClientException e = assertThrows(SdkClientException.class, () -> new InventoryCollector().collect(clients, WINDOW));

        assertTrue(e.getMessage().contains("Unable to unmarshall response (Could not parse XML response.)"), e.getMessage());
        assertEquals(List.of("DescribeInstances"), stub.operations(), "an unreadable answer is not retried");
    }

    @Test
    void anS3ErrorOtherThanAMissingConfigurationFailsTheCollection() {
        clients = stub.clients(3);
        serveEmptyEc2();
        serveEmptyRds();
        stub.on("ListBuckets", r -> StubAws.Reply.xml(S3Xml.listBuckets(null, new Listed("log2-locked", "us-east-1"),
                new Listed("log2-never-reached", "us-east-1"))));
        stub.on("GetPublicAccessBlock", r -> StubAws.Reply.xml(S3Xml.publicAccessBlock(true, true, true, true)));
        stub.on("GetBucketEncryption", r -> S3Xml.error(403, "AccessDenied", "Access Denied", "log2-locked"));

        S3Exception e = assertThrows(S3Exception.class, () -> new InventoryCollector().collect(clients, WINDOW));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals(List.of("DescribeInstances", "DescribeVolumes", "DescribeDBInstances", "ListBuckets",
                "GetPublicAccessBlock", "GetBucketEncryption"), stub.operations());
    }

    @Test
    void aNotFoundCodeOfAnotherCallIsNotTakenForAMissingConfiguration() {
        clients = stub.clients(3);
        serveEmptyEc2();
        serveEmptyRds();
        stub.on("ListBuckets", r -> StubAws.Reply.xml(S3Xml.listBuckets(null, new Listed("log2-odd", "us-east-1"))));
        // NoSuchTagSet means "no tags" only where GetBucketTagging says it.
        stub.on("GetPublicAccessBlock", r -> S3Xml.error(404, "NoSuchTagSet", "The TagSet does not exist", "log2-odd"));

        S3Exception e = assertThrows(S3Exception.class, () -> new InventoryCollector().collect(clients, WINDOW));

        assertEquals("NoSuchTagSet", e.awsErrorDetails().errorCode());
        assertEquals("GetPublicAccessBlock", stub.operations().get(stub.operations().size() - 1));
    }
}
