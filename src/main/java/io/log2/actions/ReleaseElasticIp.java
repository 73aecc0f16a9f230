package io.log2.actions;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * Releases an Elastic IP that is associated with nothing, named by its allocation id ({@code eipalloc-…}) or its
 * public IP. An associated address is refused. Not undoable: once released, the address goes back to Amazon's pool
 * and AWS cannot promise to allocate the same one again. IAM: ec2:DescribeAddresses, ec2:ReleaseAddress.
 */
@ApplicationScoped
public class ReleaseElasticIp implements Action {

    @Override
    public String name() {
        return "release-elastic-ip";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        Address address = unassociated(target, aws);
        return new Plan("- " + address.allocationId() + " " + address.publicIp() + " (associated with nothing): released",
                address.allocationId() + " " + address.publicIp());
    }

    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        // read again: the address may have been associated between the dry run and the approval
        Address address = unassociated(target, aws);
        aws.call("ReleaseAddress", () -> aws.ec2().releaseAddress(r -> r.allocationId(address.allocationId())));
    }

    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        return address(target, aws).isEmpty();
    }

    @Override
    public boolean undoable() {
        return false;
    }

    /** The address, refused when it is associated with an instance or a network interface. */
    private static Address unassociated(Target target, AwsCalls aws) {
        Address address = address(target, aws).orElseThrow(() -> new ActionFailedException(
                "DescribeAddresses: no Elastic IP " + target.resource(), null));
        if (address.associationId() != null || address.instanceId() != null || address.networkInterfaceId() != null) {
            String to = address.instanceId() != null ? address.instanceId() : address.networkInterfaceId();
            throw new ActionFailedException("refused: " + target.resource() + " is associated"
                    + (to == null ? "" : " with " + to) + "; nothing was released", null);
        }
        return address;
    }

    /** The address, or empty once AWS answers that it does not exist. */
    private static Optional<Address> address(Target target, AwsCalls aws) {
        boolean allocation = target.resource().startsWith("eipalloc-");
        try {
            return aws.call("DescribeAddresses", () -> aws.ec2().describeAddresses(r -> {
                if (allocation) {
                    r.allocationIds(target.resource());
                } else {
                    r.publicIps(target.resource());
                }
            })).addresses().stream().findFirst();
        } catch (ActionFailedException e) {
            String code = e.awsErrorCode();
            if ("InvalidAllocationID.NotFound".equals(code) || "InvalidAddress.NotFound".equals(code)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
