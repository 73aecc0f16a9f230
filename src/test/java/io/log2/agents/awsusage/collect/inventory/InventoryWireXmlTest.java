package io.log2.agents.awsusage.collect.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/**
 * The test converter writes the element names the EC2 and RDS API references show in their response examples,
 * so the stub's answers look like the services' own and not merely like something the SDK happens to accept.
 */
class InventoryWireXmlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String at(Document doc, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, doc);
    }

    private static double count(Document doc, String path) throws Exception {
        return (Double) XPathFactory.newInstance().newXPath().evaluate("count(" + path + ")", doc, XPathConstants.NUMBER);
    }

    @Test
    void ec2DescribeInstancesUsesTheEc2ElementNames() throws Exception {
        String xml = WireXml.ec2("DescribeInstances", json("{'Reservations':[{'ReservationId':'r-1','Instances':[{"
                + "'InstanceId':'i-1','State':{'Code':16,'Name':'running'},'PublicIpAddress':'203.0.113.7',"
                + "'PublicDnsName':'ec2-203-0-113-7.compute-1.amazonaws.com','LaunchTime':'2022-11-15T10:48:59+00:00',"
                + "'Tags':[{'Key':'Name','Value':'a<b'}],'Unknown':'x'}]}],'NextToken':'t'}"),
                DescribeInstancesResponse.builder());
        Document doc = parse(xml);

        assertEquals("http://ec2.amazonaws.com/doc/2016-11-15/", doc.getDocumentElement().getAttribute("xmlns"));
        String instance = "/DescribeInstancesResponse/reservationSet/item/instancesSet/item";
        assertEquals("r-1", at(doc, "/DescribeInstancesResponse/reservationSet/item/reservationId"));
        assertEquals("i-1", at(doc, instance + "/instanceId"));
        assertEquals("16", at(doc, instance + "/instanceState/code"));
        assertEquals("running", at(doc, instance + "/instanceState/name"));
        assertEquals("203.0.113.7", at(doc, instance + "/ipAddress"));
        assertEquals("ec2-203-0-113-7.compute-1.amazonaws.com", at(doc, instance + "/dnsName"));
        assertEquals("2022-11-15T10:48:59Z", at(doc, instance + "/launchTime"));
        assertEquals("Name", at(doc, instance + "/tagSet/item/key"));
        assertEquals("a<b", at(doc, instance + "/tagSet/item/value"));
        assertEquals("t", at(doc, "/DescribeInstancesResponse/nextToken"));
        assertEquals(0, count(doc, "//*[contains(local-name(), 'nknown')]"), "members the model lacks are left out");
    }

    @Test
    void ec2DescribeVolumesUsesTheEc2ElementNames() throws Exception {
        Document doc = parse(WireXml.ec2("DescribeVolumes", json("{'Volumes':[{'VolumeId':'vol-1','Encrypted':true,"
                + "'Tags':[{'Key':'k','Value':'v'}]},{'VolumeId':'vol-2','Encrypted':false}]}"),
                DescribeVolumesResponse.builder()));

        assertEquals(2, count(doc, "/DescribeVolumesResponse/volumeSet/item"));
        assertEquals("vol-1", at(doc, "/DescribeVolumesResponse/volumeSet/item[1]/volumeId"));
        assertEquals("true", at(doc, "/DescribeVolumesResponse/volumeSet/item[1]/encrypted"));
        assertEquals("k", at(doc, "/DescribeVolumesResponse/volumeSet/item[1]/tagSet/item/key"));
        assertEquals("v", at(doc, "/DescribeVolumesResponse/volumeSet/item[1]/tagSet/item/value"));
        assertEquals("false", at(doc, "/DescribeVolumesResponse/volumeSet/item[2]/encrypted"));
    }

    @Test
    void rdsDescribeDbInstancesWrapsTheResultAndNamesListMembers() throws Exception {
        Document doc = parse(WireXml.query("DescribeDBInstances", WireXml.RDS_XMLNS, json("{'DBInstances':[{"
                + "'DBInstanceIdentifier':'db-1','StorageEncrypted':false,'PubliclyAccessible':true,"
                + "'TagList':[{'Key':'k','Value':'v'}]}],'Marker':'m'}"), DescribeDbInstancesResponse.builder()));

        assertEquals("http://rds.amazonaws.com/doc/2014-10-31/", doc.getDocumentElement().getAttribute("xmlns"));
        String db = "/DescribeDBInstancesResponse/DescribeDBInstancesResult/DBInstances/DBInstance";
        assertEquals("db-1", at(doc, db + "/DBInstanceIdentifier"));
        assertEquals("false", at(doc, db + "/StorageEncrypted"));
        assertEquals("true", at(doc, db + "/PubliclyAccessible"));
        assertEquals("k", at(doc, db + "/TagList/Tag/Key"));
        assertEquals("v", at(doc, db + "/TagList/Tag/Value"));
        assertEquals("m", at(doc, "/DescribeDBInstancesResponse/DescribeDBInstancesResult/Marker"));
        assertEquals("stub-request", at(doc, "/DescribeDBInstancesResponse/ResponseMetadata/RequestId"));
    }

    @Test
    void recordedTimesBecomeIsoInstants() throws Exception {
        assertEquals(Instant.parse("2016-04-14T05:17:29.813Z"), WireXml.instant(json("{'hour':5,'__class__':'datetime',"
                + "'month':4,'second':29,'microsecond':813000,'year':2016,'day':14,'minute':17}")));
        assertEquals(Instant.parse("2022-11-15T08:48:59Z"), WireXml.instant(json("'2022-11-15T10:48:59+02:00'")));
        assertThrows(IllegalArgumentException.class, () -> WireXml.instant(json("{'year':2016}")));
    }
}
