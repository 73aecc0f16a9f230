package io.log2.actions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Adds the tags of {@code log2.actions.required-tags} an EC2 resource lacks (a tag it has keeps its value); the undo
 * removes exactly the tags it added. IAM: ec2:DescribeTags, ec2:CreateTags, ec2:DeleteTags.
 */
@ApplicationScoped
public class AddTags implements Action {

    @Inject
    ActionsConfig config;

    @Override
    public String name() {
        return "add-tags";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        Map<String, String> present = tags(target, aws);
        Map<String, String> missing = new TreeMap<>(config.requiredTags());
        missing.keySet().removeAll(present.keySet());
        StringBuilder diff = new StringBuilder();
        missing.forEach((k, v) -> diff.append(diff.isEmpty() ? "" : "\n").append("+ ").append(target.resource())
                .append(" tag ").append(k).append('=').append(v));
        return new Plan(diff.isEmpty() ? "no change: " + target.resource() + " has every required tag" : diff.toString(),
                String.join(",", missing.keySet()));
    }

    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        // read again: hours may pass between the dry run and an approval, and a tag someone set meanwhile is theirs
        Map<String, String> now = tags(target, aws);
        List<Tag> add = new ArrayList<>();
        for (String key : keys(plan)) {
            if (now.containsKey(key)) {
                continue;
            }
            add.add(Tag.builder().key(key).value(config.requiredTags().get(key)).build());
        }
        if (!add.isEmpty()) {
            aws.call("CreateTags", () -> aws.ec2().createTags(r -> r.resources(target.resource()).tags(add)));
        }
    }

    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        return tags(target, aws).keySet().containsAll(keys(plan));
    }

    @Override
    public void undo(Target target, Plan plan, AwsCalls aws) {
        // with the value added: EC2 then deletes a tag only while it still holds that value, not one a person changed
        List<Tag> remove = keys(plan).stream().map(k -> Tag.builder().key(k).value(config.requiredTags().get(k)).build()).toList();
        if (!remove.isEmpty()) {
            aws.call("DeleteTags", () -> aws.ec2().deleteTags(r -> r.resources(target.resource()).tags(remove)));
        }
    }

    private static List<String> keys(Plan plan) {
        return plan.previous() == null || plan.previous().isEmpty() ? List.of() : List.of(plan.previous().split(","));
    }

    private static Map<String, String> tags(Target target, AwsCalls aws) {
        Map<String, String> tags = new TreeMap<>();
        aws.call("DescribeTags", () -> aws.ec2().describeTags(r -> r.filters(
                Filter.builder().name("resource-id").values(target.resource()).build())))
                .tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }
}
