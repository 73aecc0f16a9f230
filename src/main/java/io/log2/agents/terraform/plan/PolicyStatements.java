package io.log2.agents.terraform.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.terraform.PolicyStatement;
import io.log2.agents.terraform.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The statements of the IAM policy documents that a change creates, updates or replaces. */
final class PolicyStatements {

    /** The resources whose {@code policy} attribute is an IAM identity policy. */
    static final Set<String> POLICY_TYPES = Set.of("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy",
            "aws_iam_group_policy");

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyStatements() {
    }

    static List<PolicyStatement> of(ResourceChange c) {
        if (!POLICY_TYPES.contains(c.type()) || c.after() == null
                || !List.of(ResourceChange.CREATE, ResourceChange.UPDATE, ResourceChange.REPLACE).contains(c.action())) {
            return List.of();
        }
        if (c.unknown().contains("policy")) {
            return List.of(new PolicyStatement(c.plan(), c.resource(), c.type(), c.action(), 0, null, null, List.of(), List.of(), true));
        }
        if (!(c.after().get("policy") instanceof String document)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (java.io.IOException e) {
            // Terraform and AWS refuse a policy that is not JSON at apply; there is nothing here to judge
            return List.of();
        }
        JsonNode statements = root.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        List<PolicyStatement> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            out.add(new PolicyStatement(c.plan(), c.resource(), c.type(), c.action(), i, s.path("Sid").asText(null),
                    s.path("Effect").asText(null), texts(s.path("Action")), texts(s.path("Resource")), false));
        }
        return out;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return List.copyOf(out);
    }
}
