package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.ResourceState;
import io.log2.agents.awsusage.instances.Ec2Instance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The configuration of EC2 instances and volumes, RDS instances and S3 buckets in the clients' region, as
 * {@link ResourceState} facts for the compliance rules, and each RDS instance's maximum connections as a capacity.
 * Inventory is a snapshot: the collection window is not used.
 *
 * <ul>
 *   <li>{@code AWS::EC2::Instance} (DescribeInstances, all pages): the instance id; public when the instance or
 *       one of its network interfaces has a public IPv4 address (IPv6 addresses are not counted); encryption does
 *       not apply (null). Terminated instances, which DescribeInstances keeps listing for about an hour, are left
 *       out; every instance, terminated ones too, is also reported with its addresses, DNS names and Name tag
 *       ({@link Ec2Instance}), so that hosts of other tools can be matched to it.</li>
 *   <li>{@code AWS::EC2::Volume} (DescribeVolumes, all pages): the volume id, its {@code Encrypted} flag; public
 *       access does not apply (null).</li>
 *   <li>{@code AWS::RDS::DBInstance} (DescribeDBInstances, all pages): the DB instance identifier,
 *       {@code StorageEncrypted}, {@code PubliclyAccessible}, the tags of {@code TagList}; its capacity is the
 *       default {@code max_connections} of {@link InventoryRdsConnections} (none for engines and classes not
 *       known there; a custom parameter group may set another value).</li>
 *   <li>{@code AWS::S3::Bucket}: the buckets ListBuckets reports in this region (ListBuckets is account-wide;
 *       asking for this region's buckets only means one collection per region sees each bucket once and calls
 *       each bucket at its own regional endpoint). Public access and encryption: see the private {@code bucket} method.</li>
 * </ul>
 *
 * A bucket's missing configuration (no public access block, no policy, no encryption configuration, no tags) is
 * data; a bucket deleted between the listing and the calls about it is left out. Every other error, including
 * throttling once the SDK's retries are spent, propagates and fails the collection.
 */
public final class InventoryCollector implements Collector {

    public static final String NAME = "inventory";

    public static final String EC2_INSTANCE = "AWS::EC2::Instance";
    public static final String EC2_VOLUME = "AWS::EC2::Volume";
    public static final String RDS_INSTANCE = "AWS::RDS::DBInstance";
    public static final String S3_BUCKET = "AWS::S3::Bucket";

    /** Grantees that make an ACL grant public: everyone, and every authenticated AWS principal of any account. */
    private static final Set<String> PUBLIC_GRANTEES = Set.of(
            "http://acs.amazonaws.com/groups/global/AllUsers",
            "http://acs.amazonaws.com/groups/global/AuthenticatedUsers");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        String region = clients.region().id();
        CollectedData data = CollectedData.empty();
        ec2Instances(clients.ec2(), region, data.resources(), data.instances());
        ec2Volumes(clients.ec2(), region, data.resources());
        rdsInstances(clients.rds(), region, data.resources(), data.capacities());
        s3Buckets(clients.s3(), region, data.resources());
        return data;
    }

    private static void ec2Instances(Ec2Client ec2, String region, List<ResourceState> out, List<Ec2Instance> known) {
        for (Reservation reservation : ec2.describeInstancesPaginator(DescribeInstancesRequest.builder().build()).reservations()) {
            for (Instance instance : reservation.instances()) {
                known.add(addresses(instance, region));
                if (instance.state() != null && instance.state().name() == InstanceStateName.TERMINATED) {
                    continue;
                }
                out.add(new ResourceState(EC2_INSTANCE, instance.instanceId(), region, hasPublicIp(instance), null,
                        tags(instance.tags(), t -> t.key(), t -> t.value())));
            }
        }
    }

    private static Ec2Instance addresses(Instance instance, String region) {
        String name = instance.tags() == null ? null : instance.tags().stream().filter(t -> "Name".equals(t.key()))
                .map(t -> t.value()).findFirst().orElse(null);
        String reason = instance.stateTransitionReason();
        if (instance.stateReason() != null && instance.stateReason().message() != null) {
            reason = (reason == null || reason.isBlank() ? "" : reason + "; ") + instance.stateReason().message();
        }
        return new Ec2Instance(instance.instanceId(), region, instance.state() == null ? null : instance.state().nameAsString(),
                reason, instance.privateIpAddress(), instance.publicIpAddress(), instance.privateDnsName(),
                instance.publicDnsName(), name);
    }

    private static boolean hasPublicIp(Instance instance) {
        if (instance.publicIpAddress() != null && !instance.publicIpAddress().isEmpty()) {
            return true;
        }
        for (InstanceNetworkInterface eni : instance.networkInterfaces()) {
            if (eni.association() != null && eni.association().publicIp() != null && !eni.association().publicIp().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void ec2Volumes(Ec2Client ec2, String region, List<ResourceState> out) {
        for (Volume volume : ec2.describeVolumesPaginator(DescribeVolumesRequest.builder().build()).volumes()) {
            out.add(new ResourceState(EC2_VOLUME, volume.volumeId(), region, null, volume.encrypted(),
                    tags(volume.tags(), t -> t.key(), t -> t.value())));
        }
    }

    private static void rdsInstances(RdsClient rds, String region, List<ResourceState> out, Map<String, Double> capacities) {
        for (DBInstance db : rds.describeDBInstancesPaginator(DescribeDbInstancesRequest.builder().build()).dbInstances()) {
            out.add(new ResourceState(RDS_INSTANCE, db.dbInstanceIdentifier(), region, db.publiclyAccessible(),
                    db.storageEncrypted(), tags(db.tagList(), t -> t.key(), t -> t.value())));
            OptionalInt max = InventoryRdsConnections.maxConnections(db.engine(), db.dbInstanceClass());
            if (max.isPresent()) {
                capacities.put(db.dbInstanceIdentifier(), (double) max.getAsInt());
            }
        }
    }

    private static void s3Buckets(S3Client s3, String region, List<ResourceState> out) {
        for (Bucket bucket : s3.listBucketsPaginator(r -> r.bucketRegion(region)).buckets()) {
            if (bucket.bucketRegion() != null && !bucket.bucketRegion().equals(region)) {
                continue; // another region's collection reports it
            }
            try {
                out.add(bucket(s3, bucket.name(), region));
            } catch (S3Exception e) {
                if (!isCode(e, "NoSuchBucket")) {
                    throw e;
                }
                // deleted since the listing: nothing to report
            }
        }
    }

    /**
     * One bucket's state.
     *
     * <p><b>Public</b> when a public bucket policy or a public ACL is in effect for it:
     * <ul>
     *   <li>the policy counts when GetBucketPolicyStatus says {@code IsPublic} and the bucket's public access block
     *       does not set {@code RestrictPublicBuckets} (which limits a public policy to AWS services and the
     *       owner's account);</li>
     *   <li>the ACL counts when it grants anything to AllUsers or AuthenticatedUsers and the block does not set
     *       {@code IgnorePublicAcls}.</li>
     * </ul>
     * {@code BlockPublicPolicy} and {@code BlockPublicAcls} only refuse new public policies and ACLs, so they do
     * not decide this. A missing block counts as all four settings off. Calls that cannot change the answer are
     * skipped. Not read: the account-wide public access block (an S3 Control call) and object ACLs, so a bucket
     * reported public may still be blocked at the account level: the report errs towards public.
     *
     * <p><b>Encrypted</b> when GetBucketEncryption returns a default-encryption rule with an algorithm (SSE-S3,
     * SSE-KMS or DSSE-KMS alike); no configuration means not encrypted. Since January 2023 S3 encrypts every
     * bucket with SSE-S3 by default and reports that configuration, so on AWS this is nearly always true; it says
     * that default encryption is configured, not which keys are used.
     */
    private static ResourceState bucket(S3Client s3, String name, String region) {
        PublicAccessBlockConfiguration block = absentOn(() -> s3.getPublicAccessBlock(r -> r.bucket(name))
                .publicAccessBlockConfiguration(), "NoSuchPublicAccessBlockConfiguration");
        boolean restrictPublicBuckets = block != null && Boolean.TRUE.equals(block.restrictPublicBuckets());
        boolean ignorePublicAcls = block != null && Boolean.TRUE.equals(block.ignorePublicAcls());

        boolean policyPublic = !restrictPublicBuckets && Boolean.TRUE.equals(absentOn(
                () -> policyIsPublic(s3, name), "NoSuchBucketPolicy"));
        boolean aclPublic = !policyPublic && !ignorePublicAcls
                && s3.getBucketAcl(r -> r.bucket(name)).grants().stream().anyMatch(InventoryCollector::isPublicGrant);

        GetBucketEncryptionResponse encryption = absentOn(() -> s3.getBucketEncryption(r -> r.bucket(name)),
                "ServerSideEncryptionConfigurationNotFoundError");
        boolean encrypted = encryption != null && encryption.serverSideEncryptionConfiguration() != null
                && encryption.serverSideEncryptionConfiguration().rules().stream().anyMatch(InventoryCollector::hasAlgorithm);

        List<software.amazon.awssdk.services.s3.model.Tag> tagSet = absentOn(
                () -> s3.getBucketTagging(r -> r.bucket(name)).tagSet(), "NoSuchTagSet");

        return new ResourceState(S3_BUCKET, name, region, policyPublic || aclPublic, encrypted,
                tags(tagSet, t -> t.key(), t -> t.value()));
    }

    private static Boolean policyIsPublic(S3Client s3, String name) {
        var status = s3.getBucketPolicyStatus(r -> r.bucket(name)).policyStatus();
        return status == null ? null : status.isPublic();
    }

    private static boolean isPublicGrant(Grant grant) {
        return grant.grantee() != null && grant.grantee().uri() != null && PUBLIC_GRANTEES.contains(grant.grantee().uri());
    }

    private static boolean hasAlgorithm(ServerSideEncryptionRule rule) {
        return rule.applyServerSideEncryptionByDefault() != null
                && rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString() != null
                && !rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString().isEmpty();
    }

    /** The call's result, or null when S3 answers with the error code that means "this bucket has none". */
    private static <T> T absentOn(Supplier<T> call, String notFoundCode) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (isCode(e, notFoundCode)) {
                return null;
            }
            throw e;
        }
    }

    private static boolean isCode(S3Exception e, String code) {
        return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
    }

    private static <T> Map<String, String> tags(List<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            for (T tag : tags) {
                String v = value.apply(tag);
                map.put(key.apply(tag), v == null ? "" : v);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
