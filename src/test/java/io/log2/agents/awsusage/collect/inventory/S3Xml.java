package io.log2.agents.awsusage.collect.inventory;

import static io.log2.agents.awsusage.collect.inventory.WireXml.escape;

import java.util.Map;

/**
 * S3 REST-XML bodies, written after the response examples of the Amazon S3 API Reference (ListBuckets,
 * GetPublicAccessBlock, GetBucketPolicyStatus, GetBucketAcl, GetBucketEncryption, GetBucketTagging and the
 * error response). No S3 recordings are among the reference data, so these are hand-written.
 */
final class S3Xml {

    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    private S3Xml() {
    }

    /** A bucket listed by ListBuckets. */
    record Listed(String name, String region) {
    }

    static String listBuckets(String continuationToken, Listed... buckets) {
        StringBuilder out = new StringBuilder(HEAD).append("<ListAllMyBucketsResult xmlns=\"").append(XMLNS).append("\"><Buckets>");
        for (Listed b : buckets) {
            out.append("<Bucket><Name>").append(escape(b.name())).append("</Name>")
                    .append("<CreationDate>2024-05-01T12:00:00.000Z</CreationDate>")
                    .append("<BucketRegion>").append(b.region()).append("</BucketRegion></Bucket>");
        }
        out.append("</Buckets><Owner><DisplayName>owner</DisplayName><ID>0123456789abcdef</ID></Owner>");
        if (continuationToken != null) {
            out.append("<ContinuationToken>").append(escape(continuationToken)).append("</ContinuationToken>");
        }
        return out.append("</ListAllMyBucketsResult>").toString();
    }

    static String publicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                                    boolean restrictPublicBuckets) {
        return HEAD + "<PublicAccessBlockConfiguration xmlns=\"" + XMLNS + "\">"
                + "<BlockPublicAcls>" + blockPublicAcls + "</BlockPublicAcls>"
                + "<IgnorePublicAcls>" + ignorePublicAcls + "</IgnorePublicAcls>"
                + "<BlockPublicPolicy>" + blockPublicPolicy + "</BlockPublicPolicy>"
                + "<RestrictPublicBuckets>" + restrictPublicBuckets + "</RestrictPublicBuckets>"
                + "</PublicAccessBlockConfiguration>";
    }

    static String policyStatus(boolean isPublic) {
        return HEAD + "<PolicyStatus xmlns=\"" + XMLNS + "\"><IsPublic>" + isPublic + "</IsPublic></PolicyStatus>";
    }

    /** An ACL with the owner's full control and, when {@code groupUri} is given, READ for that group. */
    static String acl(String groupUri) {
        StringBuilder out = new StringBuilder(HEAD).append("<AccessControlPolicy xmlns=\"").append(XMLNS).append("\">")
                .append("<Owner><ID>0123456789abcdef</ID><DisplayName>owner</DisplayName></Owner><AccessControlList>")
                .append("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">")
                .append("<ID>0123456789abcdef</ID><DisplayName>owner</DisplayName></Grantee>")
                .append("<Permission>FULL_CONTROL</Permission></Grant>");
        if (groupUri != null) {
            out.append("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">")
                    .append("<URI>").append(escape(groupUri)).append("</URI></Grantee>")
                    .append("<Permission>READ</Permission></Grant>");
        }
        return out.append("</AccessControlList></AccessControlPolicy>").toString();
    }

    static String encryption(String algorithm) {
        return HEAD + "<ServerSideEncryptionConfiguration xmlns=\"" + XMLNS + "\"><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>" + algorithm + "</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>"
                + "</Rule></ServerSideEncryptionConfiguration>";
    }

    static String tagging(Map<String, String> tags) {
        StringBuilder out = new StringBuilder(HEAD).append("<Tagging xmlns=\"").append(XMLNS).append("\"><TagSet>");
        tags.forEach((k, v) -> out.append("<Tag><Key>").append(escape(k)).append("</Key><Value>").append(escape(v))
                .append("</Value></Tag>"));
        return out.append("</TagSet></Tagging>").toString();
    }

    static StubAws.Reply error(int status, String code, String message, String bucket) {
        return new StubAws.Reply(status, HEAD + "<Error><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message><BucketName>" + escape(bucket) + "</BucketName><RequestId>stub-request</RequestId>"
                + "<HostId>stub-host</HostId></Error>");
    }
}
