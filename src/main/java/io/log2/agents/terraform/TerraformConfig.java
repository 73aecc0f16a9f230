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
}
