package io.log2.agents.terraform;

import java.util.List;

/**
 * One statement of an IAM policy document a plan creates or changes ({@code aws_iam_policy},
 * {@code aws_iam_role_policy}, {@code aws_iam_user_policy}, {@code aws_iam_group_policy}): its effect, actions and
 * resources as written. {@code index} is the statement's place in the document. When the document is known only
 * after apply there is one statement with {@code unknown} true and no actions or resources.
 */
public record PolicyStatement(String plan, String resource, String type, String action, int index, String sid, String effect,
                              List<String> actions, List<String> resources, boolean unknown) {
}
