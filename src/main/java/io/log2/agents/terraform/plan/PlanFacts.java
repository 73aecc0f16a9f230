package io.log2.agents.terraform.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.terraform.PlanSummary;
import io.log2.agents.terraform.ResourceChange;
import io.log2.pricing.PriceTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts of one checked plan: its summary, one {@link ResourceChange} per entry of {@code resource_changes}, and
 * what is derived from them for the rules: the ingress ranges of security groups, the statements of IAM policies,
 * the priced changes and the plan's cost.
 */
public final class PlanFacts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIZE_ATTRIBUTES = List.of("instance_type", "instance_class", "node_type");

    private final PriceTable prices;
    private final String defaultRegion;
    private final UsagePrices usage;

    /** @param defaultRegion the region of resources whose plan names none ({@code log2.terraform.default-region}) */
    public PlanFacts(PriceTable prices, String defaultRegion) {
        this(prices, defaultRegion, UsagePrices.NONE);
    }

    /** @param usage what a new usage-based resource (S3 bucket, Lambda function) costs, from the account's history */
    public PlanFacts(PriceTable prices, String defaultRegion, UsagePrices usage) {
        this.prices = prices;
        this.defaultRegion = defaultRegion;
        this.usage = usage;
    }

    /** The facts of the plan named {@code planName} (its file name), the summary first. */
    public List<Object> of(String planName, JsonNode plan) {
        String named = providerRegion(plan);
        String planRegion = named != null ? named : defaultRegion;
        Map<String, String> defaultTags = defaultTags(plan);
        List<ResourceChange> changes = new ArrayList<>();
        for (JsonNode c : plan.path("resource_changes")) {
            changes.add(change(planName, c, planRegion, defaultTags));
        }
        List<Object> facts = new ArrayList<>();
        facts.add(summary(planName, plan, planRegion, changes));
        facts.addAll(changes);
        for (ResourceChange c : changes) {
            facts.addAll(IngressRules.of(c));
            facts.addAll(PolicyStatements.of(c));
        }
        ChangeCosts costs = new ChangeCosts(prices, usage);
        var priced = changes.stream().map(costs::of).filter(java.util.Objects::nonNull).toList();
        facts.addAll(priced);
        facts.add(ChangeCosts.total(planName, priced));
        return facts;
    }

    private static PlanSummary summary(String planName, JsonNode plan, String region, List<ResourceChange> changes) {
        Map<String, Integer> counts = new TreeMap<>();
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return new PlanSummary(planName, plan.path("format_version").asText(null),
                plan.path("terraform_version").asText(null), region, changes.size(),
                counts.getOrDefault(ResourceChange.CREATE, 0), counts.getOrDefault(ResourceChange.UPDATE, 0),
                counts.getOrDefault(ResourceChange.DELETE, 0), counts.getOrDefault(ResourceChange.REPLACE, 0),
                counts.getOrDefault(ResourceChange.READ, 0), counts.getOrDefault(ResourceChange.NO_OP, 0));
    }

    private ResourceChange change(String planName, JsonNode c, String planRegion, Map<String, String> defaultTags) {
        JsonNode change = c.path("change");
        List<String> actions = new ArrayList<>();
        change.path("actions").forEach(a -> actions.add(a.asText()));
        Map<String, Object> before = map(change.path("before"));
        Map<String, Object> after = map(change.path("after"));
        List<String> unknown = new ArrayList<>();
        unknownPaths(change.path("after_unknown"), "", unknown);
        Map<String, String> tags = tags(after != null ? after : before, unknown, defaultTags);
        List<String> tagKeys = tags == null ? List.of() : tags.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        Map<String, Object> current = after != null ? after : before;
        return new ResourceChange(planName, c.path("address").asText(), c.path("module_address").asText(""),
                c.path("mode").asText("managed"), c.path("type").asText(), c.path("name").asText(null),
                c.path("provider_name").asText(null), List.copyOf(actions), action(actions), before, after,
                List.copyOf(unknown), tags, tagKeys, size(current), region(current, planRegion));
    }

    /** One word for Terraform's list of actions; a replacement is a delete and a create in either order. */
    static String action(List<String> actions) {
        if (actions.size() == 2 && actions.contains("delete") && actions.contains("create")) {
            return ResourceChange.REPLACE;
        }
        return String.join("-", actions);
    }

    /** The paths whose values are known only after apply: the {@code true} leaves of {@code after_unknown}. */
    static void unknownPaths(JsonNode node, String path, List<String> into) {
        if (node.isBoolean() && node.booleanValue() && !path.isEmpty()) {
            into.add(path);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                unknownPaths(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownPaths(node.get(i), path + "[" + i + "]", into);
            }
        }
    }

    /**
     * The known tags: {@code tags_all} when the plan knows it, else the provider's constant {@code default_tags} with
     * the resource's {@code tags} over them (Terraform marks {@code tags_all} unknown on most creates); an empty map
     * for a taggable resource without tags; null for a resource without tags, or whose tags are known only after apply.
     */
    private static Map<String, String> tags(Map<String, Object> values, List<String> unknown, Map<String, String> defaultTags) {
        if (values == null) {
            return null;
        }
        if (values.get("tags_all") instanceof Map<?, ?> all && !unknown.contains("tags_all")) {
            return strings(all);
        }
        if (unknown.contains("tags") || !values.containsKey("tags") && !values.containsKey("tags_all")) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>(defaultTags);
        if (values.get("tags") instanceof Map<?, ?> own) {
            tags.putAll(strings(own));
        }
        return tags;
    }

    private static Map<String, String> strings(Map<?, ?> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return out;
    }

    /** The tags the default AWS provider adds to every resource, when the configuration gives them as constants. */
    private static Map<String, String> defaultTags(JsonNode plan) {
        JsonNode tags = plan.path("configuration").path("provider_config").path("aws").path("expressions")
                .path("default_tags").path(0).path("tags").path("constant_value");
        return tags.isObject() ? strings(JSON.convertValue(tags, LinkedHashMap.class)) : Map.of();
    }

    private static String size(Map<String, Object> values) {
        if (values == null) {
            return null;
        }
        for (String attribute : SIZE_ATTRIBUTES) {
            if (values.get(attribute) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** The resource's region: from its availability zone when it has one, else the plan's. */
    private String region(Map<String, Object> values, String planRegion) {
        if (values != null && values.get("availability_zone") instanceof String zone && zone.matches("[a-z]{2}(-[a-z]+)+-\\d+[a-z]")) {
            return zone.substring(0, zone.length() - 1);
        }
        return planRegion;
    }

    /** The region the plan's default AWS provider is configured with, when it is a constant. */
    private static String providerRegion(JsonNode plan) {
        JsonNode providers = plan.path("configuration").path("provider_config");
        JsonNode aws = providers.path("aws");
        String region = aws.path("expressions").path("region").path("constant_value").asText(null);
        if (region != null) {
            return region;
        }
        for (JsonNode p : providers) {
            if ("aws".equals(p.path("name").asText()) && !p.has("alias")) {
                region = p.path("expressions").path("region").path("constant_value").asText(null);
                if (region != null) {
                    return region;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return node.isObject() ? JSON.convertValue(node, LinkedHashMap.class) : null;
    }
}
