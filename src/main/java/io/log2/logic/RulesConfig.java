package io.log2.logic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of how rule changes reach the running rules, under {@code log2.rules.}. */
@ConfigMapping(prefix = "log2.rules")
public interface RulesConfig {

    /**
     * Whether uploads and edits of the rules folder wait for an approver, as learned changes do: each becomes a
     * proposal of whole files ({@link ApprovalGate}) instead of a new active version.
     */
    @WithDefault("false")
    boolean requireApproval();
}
