package io.log2.agents.terraform;

import static io.log2.agents.terraform.Plans.countByRule;
import static io.log2.agents.terraform.Plans.only;
import static io.log2.agents.terraform.Plans.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.terraform.pipeline.PlanCheck;
import io.log2.logic.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules of the terraform agent on real plans. Each expected finding was worked out from the plan file by
 * hand; the comment beside it says how.
 */
class TerraformRulesTest {

    @Test
    void terragoatRaisesEachKindOfFindingItsConfigurationDeserves() {
        PlanCheck.Result r = Plans.check("terragoat.json");
        List<Finding> f = r.findings();

        // format_version "0.1", terraform_version "0.12.23"; 55 entries in resource_changes, all ["create"];
        // provider_config.aws.expressions.region.constant_value is "us-west-2"
        assertEquals(new PlanSummary("terragoat.json", "0.1", "0.12.23", "us-west-2", 55, 55, 0, 0, 0, 0, 0), r.summary());

        Map<String, Long> expected = new java.util.TreeMap<>(Map.ofEntries(
                // aws_s3_bucket.data has "acl": "public-read"; no bucket has public-read-write
                Map.entry("Public S3 ACL, read", 1L),
                // data, data_science, financials, flowbucket and operations have server_side_encryption_configuration [];
                // logs has an aws:kms rule; the plan has no aws_s3_bucket_server_side_encryption_configuration
                Map.entry("S3 bucket without default encryption", 5L),
                // aws_db_instance.default: "storage_encrypted": false
                Map.entry("Unencrypted RDS storage", 1L),
                // aws_ebs_volume.web_host_storage: after_unknown "encrypted": true (not set in the configuration)
                Map.entry("Encryption known only after apply", 1L),
                // ...and after_unknown "type": true, so its GB-month rate cannot be chosen
                Map.entry("Cost known only after apply", 1L),
                // aws_security_group.default: after_unknown "ingress": true
                Map.entry("Ingress known only after apply", 1L),
                // ec2policy allows s3:*, ec2:*, rds:*; userpolicy ec2:*, s3:*, lambda:*, cloudwatch:*; both on Resource "*"
                Map.entry("IAM policy allows every action of a service", 2L),
                Map.entry("IAM policy on every resource", 2L),
                // aws_security_group.web-node: ingress tcp 22-22 from 0.0.0.0/0 (its other ingress is port 80);
                // aws_security_group_rule.ingress opens 3306 to 172.16.0.0/16 only
                Map.entry("AdminPorts_10", 1L),
                // 39 changes have a tags attribute (tags null counts as no tags); none has an owner or cost-center tag
                Map.entry("RequiredTags_10", 39L),
                Map.entry("RequiredTags_11", 39L),
                // aws_instance.db_app and web_host: "instance_type": "t2.nano", not among t3, t3a, t4g, m6i… ;
                // aws_db_instance.default is db.t3.micro, which is allowed
                Map.entry("AllowedSizes_10", 2L)));
        assertEquals(expected, countByRule(f));

        assertEquals("aws_s3_bucket.data", only(f, "Public S3 ACL, read").resource());
        assertEquals("high", only(f, "Public S3 ACL, read").severity());
        assertEquals(List.of("aws_s3_bucket.data", "aws_s3_bucket.data_science", "aws_s3_bucket.financials",
                "aws_s3_bucket.flowbucket", "aws_s3_bucket.operations"), resources(f, "S3 bucket without default encryption"));
        assertEquals(List.of("aws_iam_role_policy.ec2policy", "aws_iam_user_policy.userpolicy"), resources(f, "IAM policy on every resource"));
        assertEquals(List.of("aws_instance.db_app", "aws_instance.web_host"), resources(f, "AllowedSizes_10"));
        Finding ssh = only(f, "AdminPorts_10");
        assertEquals("aws_security_group.web-node", ssh.resource());
        assertEquals("Open ingress: aws_security_group aws_security_group.web-node lets 0.0.0.0/0 reach port 22 (SSH) over tcp, ports 22 to 22",
                ssh.message());
        assertEquals("low", only(f, "Encryption known only after apply").severity(), "rules for unknowns never fail a plan");
        assertTrue(only(f, "Cost known only after apply").message().contains("type is known only after apply"));
    }

    @Test
    void terragoatCostIsPricedFromTheTableAndStaysUnderTheThreshold() {
        List<Object> facts = new io.log2.agents.terraform.plan.PlanFacts(io.log2.pricing.PriceTable.bundled(), "us-east-1")
                .of("terragoat.json", Plans.tree("terragoat.json"));
        // us-west-2: t2.nano 0.0058 $/h x 730 h = 4.234 -> 4.23, twice; mysql db.t3.micro 0.017 x 730 = 12.41;
        // the EBS volume's type is unknown: not priced. 4.23 + 4.23 + 12.41 = 20.87, under the $100 threshold
        PlanCost cost = (PlanCost) facts.stream().filter(PlanCost.class::isInstance).findFirst().orElseThrow();
        assertEquals(new PlanCost("terragoat.json", 20.87, 3, 1), cost);
        CostChange db = facts.stream().filter(CostChange.class::isInstance).map(CostChange.class::cast)
                .filter(c -> c.resource().equals("aws_db_instance.default")).findFirst().orElseThrow();
        assertEquals(12.41, db.monthlyIncrease());
        assertEquals("mysql db.t3.micro in us-west-2", db.after());
    }

    @Test
    void aLargerInstanceTakesThePlanOverTheCostThreshold() {
        ObjectNode plan = Plans.tree("terragoat.json");
        ((ObjectNode) Plans.change(plan, "aws_instance.web_host").path("after")).put("instance_type", "m5.4xlarge");
        List<Finding> f = Plans.check("terragoat-m5.json", plan).findings();
        // m5.4xlarge in us-west-2: 0.768 x 730 = 560.64; + 4.23 (db_app) + 12.41 (RDS) = 577.28 > 100
        Finding cost = only(f, "CostThresholds_10");
        assertEquals(577.28, cost.value());
        assertEquals(100.0, cost.threshold());
        assertEquals("medium", cost.severity());
        assertEquals("terragoat-m5.json", cost.resource());
        // and m5.4xlarge is outside the allowed types too, so web_host is still flagged
        assertEquals(List.of("aws_instance.db_app", "aws_instance.web_host"), resources(f, "AllowedSizes_10"));
    }

    @Test
    void aResizedInstanceIsPricedBeforeAndAfter() {
        ObjectNode plan = Plans.tree("nested-config-keys.json");
        ObjectNode change = Plans.change(plan, "aws_instance.foo");
        change.putArray("actions").add("update");
        change.set("before", change.path("after").deepCopy());
        ((ObjectNode) change.path("after")).put("instance_type", "m5.large");
        List<Object> facts = new io.log2.agents.terraform.plan.PlanFacts(io.log2.pricing.PriceTable.bundled(), "us-east-1")
                .of("resize.json", plan);
        CostChange c = facts.stream().filter(CostChange.class::isInstance).map(CostChange.class::cast).findFirst().orElseThrow();
        // us-east-1 (the provider's constant region): t2.micro 0.0116 x 730 = 8.468 -> 8.47; m5.large 0.096 x 730 = 70.08
        assertEquals(8.47, c.monthlyBefore());
        assertEquals(70.08, c.monthlyAfter());
        assertEquals(61.61, c.monthlyIncrease());
        assertEquals("t2.micro in us-east-1", c.before());
        // m5.large is not an allowed type either
        assertEquals(List.of("aws_instance.foo"), resources(Plans.check("resize.json", plan).findings(), "AllowedSizes_10"));
    }

    @Test
    void deletingTheDatabaseIsCriticalAndLowersTheCost() {
        ObjectNode plan = Plans.tree("terragoat.json");
        ObjectNode change = Plans.change(plan, "aws_db_instance.default");
        change.putArray("actions").add("delete");
        change.set("before", change.path("after").deepCopy());
        change.putNull("after");
        change.putObject("after_unknown");
        PlanCheck.Result r = Plans.check("drop-db.json", plan);
        Finding drop = only(r.findings(), "StatefulResources_10");
        assertEquals("critical", drop.severity());
        assertEquals("Stateful change: the plan will delete database aws_db_instance.default (actions [delete])", drop.message());
        // a deleted database is no longer checked for encryption or tags
        assertFalse(resources(r.findings(), "Unencrypted RDS storage").contains("aws_db_instance.default"));
        assertEquals(1, r.summary().deletes());
    }

    @Test
    void aReplacedSecretIsAStatefulChange() {
        PlanCheck.Result r = Plans.check("replaced-secret.json");
        // one change, actions ["create", "delete"] (create before destroy): a replacement of a Secrets Manager secret
        assertEquals(1, r.summary().replaces());
        Finding f = only(r.findings(), "StatefulResources_23");
        assertEquals("aws_secretsmanager_secret.default", f.resource());
        assertEquals("high", f.severity());
        // "tags": null and tags_all unknown: taggable, without tags
        assertEquals(Map.of("RequiredTags_10", 1L, "RequiredTags_11", 1L, "StatefulResources_23", 1L), countByRule(r.findings()));
    }

    @Test
    void aReplacedNullResourceIsCountedButNotFlagged() {
        PlanCheck.Result r = Plans.check("action-reason.json");
        // format 1.2, Terraform 1.15.0; null_resource.example ["delete", "create"]; no AWS provider: default region
        assertEquals(new PlanSummary("action-reason.json", "1.2", "1.15.0", "us-east-1", 1, 0, 0, 0, 1, 0, 0), r.summary());
        assertEquals(List.of(), r.findings());
    }

    @Test
    void securityGroupsOpenToEverythingHitEveryPortOfTheTable() {
        List<Finding> f = Plans.check("for-each-security-groups.json").findings();
        // three module instances of aws_security_group.bad, each with ingress protocol "-1" (every protocol and
        // port) from 0.0.0.0/0: every one of the 10 AdminPorts rows fires once per group
        Map<String, Long> counts = countByRule(f);
        for (int row = 10; row <= 19; row++) {
            assertEquals(3L, counts.get("AdminPorts_" + row), "AdminPorts_" + row);
        }
        assertEquals(List.of("module.sg[\"awful_example\"].aws_security_group.bad", "module.sg[\"bad_example\"].aws_security_group.bad",
                "module.sg[\"terrible_example\"].aws_security_group.bad"), resources(f, "AdminPorts_11"));
        // 2 route53 zones and 3 groups, all "tags": null
        assertEquals(5L, counts.get("RequiredTags_10"));
        assertEquals(40, f.size());
    }

    @Test
    void publicAclResourceAndDisabledAccessBlockInAModule() {
        List<Finding> f = Plans.check("nested-modules-acl.json").findings();
        // module.s3_bucket.aws_s3_bucket_acl.this[0]: "acl": "public-read-write"
        Finding acl = only(f, "Public S3 ACL, read and write");
        assertEquals("module.s3_bucket.aws_s3_bucket_acl.this[0]", acl.resource());
        assertEquals("critical", acl.severity());
        // its public access block sets all four settings to false; the three others set all four to true
        assertEquals("module.s3_bucket.aws_s3_bucket_public_access_block.this[0]", only(f, "S3 public access block disabled").resource());
        // four buckets, each with server_side_encryption_configuration unknown and no separate encryption resource
        assertEquals(4, resources(f, "S3 bucket encryption known only after apply").size());
        assertEquals(0, resources(f, "S3 bucket without default encryption").size());
    }

    @Test
    void iamPolicyWithEveryActionAndAPublicBucket() {
        List<Finding> f = Plans.check("hcl-enrichment.json").findings();
        // aws_iam_policy.policy: Action ["*"], Resource a role ARN: every action, but not every resource
        Finding all = only(f, "IAM policy allows every action");
        assertEquals("aws_iam_policy.policy", all.resource());
        assertEquals("IAM wildcard: aws_iam_policy aws_iam_policy.policy, statement 0, allows Action \"*\" on [arn:aws:iam::995112413069:role/admin]",
                all.message());
        assertEquals(List.of(), resources(f, "IAM policy on every resource"));
        // aws_s3_bucket.test-bucket1: acl public-read, server_side_encryption_configuration []
        assertEquals("aws_s3_bucket.test-bucket1", only(f, "Public S3 ACL, read").resource());
        assertEquals("aws_s3_bucket.test-bucket1", only(f, "S3 bucket without default encryption").resource());
    }

    @Test
    void theUtf16PlanReadsLikeItsUtf8Twin() {
        // tfplan_win_utf16.json (UTF-16LE with a byte order mark) and tfplan_win_utf8.json hold the same bucket;
        // the UTF-16 one names no region (us-east-1 by default), the UTF-8 one us-west-2
        PlanCheck.Result utf16 = Plans.check("win-utf16.json");
        PlanCheck.Result utf8 = Plans.check("win-utf8.json");
        assertEquals("1.1", utf16.summary().formatVersion());
        assertEquals("1.2.2", utf16.summary().terraformVersion());
        // aws_s3_bucket.data: encryption unknown (low), no tags (owner, cost-center)
        Map<String, Long> expected = Map.of("S3 bucket encryption known only after apply", 1L, "RequiredTags_10", 1L, "RequiredTags_11", 1L);
        assertEquals(expected, countByRule(utf16.findings()));
        assertEquals(expected, countByRule(utf8.findings()));
        assertEquals("aws_s3_bucket.data", utf16.findings().get(0).resource());
    }
}
