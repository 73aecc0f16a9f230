package io.log2.agents.terraform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the terraform agent, under {@code log2.terraform.}; upload sizes are {@code log2.imports.max-bytes}. */
@ConfigMapping(prefix = "log2.terraform")
public interface TerraformConfig {

    /** The folder watched for plan files; each is checked, then moved to done/ or failed/. */
    @WithDefault("imports/terraform")
    String importsDir();

    /** How often the folder is scanned; a file is taken once two scans saw it unchanged. */
    @WithDefault("5s")
    java.time.Duration scanInterval();

    /** The region of resources whose plan names none (no constant region in the AWS provider, no availability zone). */
    @WithDefault("us-east-1")
    String defaultRegion();

    /**
     * How long before a resource appears in the account (a CloudTrail call of the aws-usage agent) a checked plan
     * that creates it explains it; with no such plan the resource is flagged as made outside infrastructure as code.
     */
    @WithDefault("24h")
    java.time.Duration explainWindow();

    /**
     * How many of the last checked plans a backtest of a proposed change replays (their facts are kept in
     * {@code terraform_plan_fact} when they are checked).
     */
    @WithDefault("200")
    int replayPlans();

    /** Learning from the aws-usage agent ({@code POST /api/agents/terraform/learn-from/aws-usage}). */
    Learn learn();

    interface Learn {

        /** The fewest idle or over-provisioned resources of one size that make it a lesson. */
        @WithDefault("1")
        int minResources();

        /** The fewest resources an aws-usage finding of a missing tag must be open on to make the tag required. */
        @WithDefault("2")
        int minTagFindings();
    }
}
