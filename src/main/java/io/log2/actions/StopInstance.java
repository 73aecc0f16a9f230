package io.log2.actions;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Stops an EC2 instance (its EBS volumes stay); the undo starts it again. IAM: ec2:DescribeInstances, ec2:StopInstances, ec2:StartInstances. */
@ApplicationScoped
public class StopInstance implements Action {

    @Override
    public String name() {
        return "stop-instance";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        String state = state(target, aws);
        return new Plan("- " + target.resource() + " state: " + state + "\n+ " + target.resource() + " state: stopped", state);
    }

    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        aws.call("StopInstances", () -> aws.ec2().stopInstances(r -> r.instanceIds(target.resource())));
    }

    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        String state = state(target, aws);
        return "stopping".equals(state) || "stopped".equals(state);
    }

    @Override
    public void undo(Target target, Plan plan, AwsCalls aws) {
        // an instance that was not running before the stop is left as it was found: undo must not start it
        if (!"running".equals(plan.previous()) && !"pending".equals(plan.previous())) {
            return;
        }
        aws.call("StartInstances", () -> aws.ec2().startInstances(r -> r.instanceIds(target.resource())));
    }

    private static String state(Target target, AwsCalls aws) {
        Instance instance = aws.call("DescribeInstances", () -> aws.ec2().describeInstances(r -> r.instanceIds(target.resource())))
                .reservations().stream().flatMap(r -> r.instances().stream()).findFirst()
                .orElseThrow(() -> new ActionFailedException("DescribeInstances: no instance " + target.resource(), null));
        return instance.state().nameAsString();
    }
}
