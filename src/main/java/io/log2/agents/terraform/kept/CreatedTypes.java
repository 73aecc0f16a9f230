package io.log2.agents.terraform.kept;

import java.util.List;
import java.util.Map;

/**
 * Which Terraform resource types a CloudTrail call that creates something makes: {@code RunInstances} makes an
 * {@code aws_instance}, {@code CreateBucket} an {@code aws_s3_bucket}. A call not listed is not compared with plans.
 */
final class CreatedTypes {

    private static final Map<String, List<String>> BY_EVENT = Map.ofEntries(
            Map.entry("RunInstances", List.of("aws_instance", "aws_autoscaling_group", "aws_spot_instance_request")),
            Map.entry("CreateVolume", List.of("aws_ebs_volume")),
            Map.entry("CreateBucket", List.of("aws_s3_bucket")),
            Map.entry("CreateDBInstance", List.of("aws_db_instance")),
            Map.entry("CreateDBCluster", List.of("aws_rds_cluster")),
            Map.entry("CreateSecurityGroup", List.of("aws_security_group")),
            Map.entry("CreateUser", List.of("aws_iam_user")),
            Map.entry("CreateRole", List.of("aws_iam_role")),
            Map.entry("CreatePolicy", List.of("aws_iam_policy")),
            Map.entry("CreateAccessKey", List.of("aws_iam_access_key")),
            Map.entry("CreateKey", List.of("aws_kms_key")),
            Map.entry("CreateGrant", List.of("aws_kms_grant")),
            Map.entry("CreateTable", List.of("aws_dynamodb_table")),
            Map.entry("CreateFunction20150331", List.of("aws_lambda_function")),
            Map.entry("CreateFunction", List.of("aws_lambda_function")),
            Map.entry("CreateVpc", List.of("aws_vpc")),
            Map.entry("CreateSubnet", List.of("aws_subnet")),
            Map.entry("CreateNatGateway", List.of("aws_nat_gateway")),
            Map.entry("CreateLoadBalancer", List.of("aws_lb", "aws_alb", "aws_elb")),
            Map.entry("CreateSecret", List.of("aws_secretsmanager_secret")),
            Map.entry("CreateTopic", List.of("aws_sns_topic")),
            Map.entry("CreateQueue", List.of("aws_sqs_queue")),
            Map.entry("CreateCacheCluster", List.of("aws_elasticache_cluster")),
            Map.entry("CreateReplicationGroup", List.of("aws_elasticache_replication_group")),
            Map.entry("CreateFileSystem", List.of("aws_efs_file_system")));

    private CreatedTypes() {
    }

    /** The resource types the call makes; empty for a call not listed. */
    static List<String> of(String eventName) {
        return eventName == null ? List.of() : BY_EVENT.getOrDefault(eventName, List.of());
    }
}
