package io.log2.agents.terraform;

import java.util.List;
import java.util.Map;

/**
 * One entry of a plan's {@code resource_changes}; {@code plan} is the plan's name (its file name). {@code resource} is the resource's address
 * ({@code module.db.aws_db_instance.main[0]}), {@code module} its module address (empty for the root module).
 * {@code actions} are Terraform's own ({@code ["delete", "create"]}); {@code action} is one word for them:
 * {@code create}, {@code update}, {@code delete}, {@code replace}, {@code read} or {@code no-op}.
 *
 * <p>{@code before} and {@code after} are the attribute values as the plan gives them (JSON objects as maps, arrays
 * as lists, null when the resource does not exist on that side); a value known only after apply is absent from
 * {@code after} and its path is in {@code unknown} ({@code encrypted}, {@code ingress}, {@code ebs_block_device[0].volume_id}).
 * {@code tags} are the known tags ({@code tags_all} when known, so provider default tags count), null for a resource
 * without tags; {@code tagKeys} their keys in lower case. {@code size} is the instance type or class the change
 * asks for ({@code instance_type}, {@code instance_class} or {@code node_type}), null when there is none or it is
 * not known before apply.
 */
public record ResourceChange(String plan, String resource, String module, String mode, String type, String name, String provider,
                             List<String> actions, String action, Map<String, Object> before, Map<String, Object> after,
                             List<String> unknown, Map<String, String> tags, List<String> tagKeys, String size,
                             String region) {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String REPLACE = "replace";
    public static final String READ = "read";
    public static final String NO_OP = "no-op";
}
